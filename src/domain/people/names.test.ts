import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
	canonicalGivenName,
	displayName,
	foldName,
	givenNameKeys,
	givenNameVariants,
	nicknameLink,
	searchQueryProblem,
	splitQuery,
} from "./names.ts";
import nicknames from "./nicknames.json" with { type: "json" };

const NICKNAMES: Record<string, string[]> = nicknames;

describe("folding names", () => {
	it("keeps lower-case letters only", () => {
		assert.equal(foldName("O'Brien-Smith"), "obriensmith");
		assert.equal(foldName("  Mary Jane "), "maryjane");
		assert.equal(foldName("D’Souza"), "dsouza");
		assert.equal(foldName("St. John"), "stjohn");
	});

	it("takes accents off and spells out letters English records spell out", () => {
		assert.equal(foldName("Zoë"), "zoe");
		assert.equal(foldName("José Núñez"), "josenunez");
		assert.equal(foldName("Łukasz Wójcik"), "lukaszwojcik");
		assert.equal(foldName("Straße"), "strasse");
		assert.equal(foldName("Ærø"), "aero");
		assert.equal(foldName("Şükrü İnce"), "sukruince");
		assert.equal(foldName("Søren Ødegård"), "sorenodegard");
	});

	it("keeps names in other scripts comparable with themselves", () => {
		assert.equal(foldName("Анна"), "анна");
		assert.equal(foldName("АННА"), foldName("анна"));
		assert.notEqual(foldName("محمد"), "");
	});
});

describe("the nickname file", () => {
	const entries = Object.entries(NICKNAMES);

	it("covers at least 250 formal names", () => {
		assert.ok(entries.length >= 250, `${entries.length} formal names`);
	});

	it("holds only folded names, none listed twice or under itself", () => {
		for (const [formal, shortForms] of entries) {
			assert.equal(foldName(formal), formal, formal);
			for (const short of shortForms) assert.equal(foldName(short), short, `${formal}: ${short}`);
			assert.equal(new Set(shortForms).size, shortForms.length, formal);
			assert.ok(!shortForms.includes(formal), formal);
		}
	});

	it("lists a name with no short forms only when it is itself a short form of another", () => {
		const listed = new Set(entries.flatMap(([, shortForms]) => shortForms));
		for (const [formal, shortForms] of entries) {
			if (shortForms.length === 0) assert.ok(listed.has(formal), `${formal} has nothing to say`);
		}
	});
});

describe("canonical given names", () => {
	it("maps short forms to the formal name", () => {
		const cases: [string, string][] = [
			["bob", "robert"],
			["bobby", "robert"],
			["kate", "catherine"],
			["bill", "william"],
			["liz", "elizabeth"],
			["peggy", "margaret"],
			["robert", "robert"],
		];
		for (const [name, formal] of cases) assert.equal(canonicalGivenName(name), formal, name);
	});

	it("maps spelling variants of one name to one key", () => {
		for (const name of ["catherine", "katherine", "kathryn", "katharine"])
			assert.equal(canonicalGivenName(name), "catherine");
		for (const name of ["mohammed", "muhammad", "mohamed", "mohammad", "muhammed"]) {
			assert.equal(canonicalGivenName(name), "muhammad", name);
		}
		assert.equal(canonicalGivenName("sofia"), "sophie");
	});

	it("chooses the alphabetically first formal name when a short form has several, and keeps unknown names", () => {
		assert.equal(canonicalGivenName("alex"), "alexander");
		assert.equal(canonicalGivenName("sam"), "samantha");
		assert.equal(canonicalGivenName("zebedee"), "zebedee");
	});

	it("keeps names given in their own right that are also short forms", () => {
		assert.equal(canonicalGivenName("harry"), "harry");
		assert.equal(canonicalGivenName("jack"), "jack");
		assert.deepEqual(givenNameKeys("harry"), ["harry", "harold", "henry"]);
	});

	it("lists every formal name a short form may stand for", () => {
		assert.deepEqual(givenNameKeys("alex"), ["alex", "alexander", "alexandra", "alexis"]);
		assert.deepEqual(givenNameKeys("robert"), ["robert"]);
		assert.deepEqual(givenNameKeys("liam"), ["liam", "william"]);
	});

	it("lists every linked name for a database lookup", () => {
		const variants = givenNameVariants("bob");
		for (const name of ["bob", "robert", "rob", "robbie", "bert"]) assert.ok(variants.includes(name), name);
		assert.deepEqual(givenNameVariants("zebedee"), ["zebedee"]);
	});
});

describe("nickname links", () => {
	it("says which two forms are one name", () => {
		assert.equal(nicknameLink("Bob", "Robert"), "Bob = Robert");
		assert.equal(nicknameLink("bob", "rob"), "Bob = Rob");
		assert.equal(nicknameLink("Kate", "Katherine"), "Kate = Katherine");
		assert.equal(nicknameLink("Mohamed", "Muhammad"), "Mohamed = Muhammad");
		assert.equal(nicknameLink("Alex", "Alexandra"), "Alex = Alexandra");
		assert.equal(nicknameLink("Jack", "John"), "Jack = John");
	});

	it("links nothing that is not one name", () => {
		assert.equal(nicknameLink("Bob", "Bob"), null);
		assert.equal(nicknameLink("Bob", "William"), null);
		assert.equal(nicknameLink("Alexander", "Alexandra"), null, "two formal names sharing a short form");
		assert.equal(nicknameLink("", "Robert"), null);
	});

	it("capitalises names typed in lower case and leaves others as typed", () => {
		assert.equal(displayName("bob"), "Bob");
		assert.equal(displayName("McKay"), "McKay");
	});
});

describe("splitting the search box", () => {
	it("finds names, a date, and a postcode", () => {
		assert.deepEqual(splitQuery("bob smith 12/3/2015 ME14 1XQ"), {
			names: ["bob", "smith"],
			date: { year: 2015, month: 3, day: 12 },
			postcode: "ME14 1XQ",
			unrecognised: [],
		});
	});

	it("finds an NHS number typed with or without spaces", () => {
		assert.equal(splitQuery("943 476 5919").nhsNumber, "9434765919");
		assert.equal(splitQuery("smith 9434765919").nhsNumber, "9434765919");
		assert.deepEqual(splitQuery("smith 9434765919").names, ["smith"]);
	});

	it("finds a UPN", () => {
		const parts = splitQuery("b801200005001 jones");
		assert.equal(parts.upn, "B801200005001");
		assert.deepEqual(parts.names, ["jones"]);
	});

	it("reads partial dates and postcode districts", () => {
		assert.deepEqual(splitQuery("Smith March 2015").date, { year: 2015, month: 3 });
		assert.deepEqual(splitQuery("Smith 3/2015").date, { year: 2015, month: 3 });
		assert.deepEqual(splitQuery("Smith 2015").date, { year: 2015 });
		assert.equal(splitQuery("smith me14").postcode, "ME14");
		assert.equal(splitQuery("smith me141xq").postcode, "ME14 1XQ");
	});

	it("reads 'Family, Given' as the registers write it", () => {
		assert.deepEqual(splitQuery("Smith, Bob").names, ["Bob", "Smith"]);
		assert.deepEqual(splitQuery("Smith-Jones, Mary Jane 2015").names, ["Mary", "Jane", "Smith-Jones"]);
	});

	it("keeps names with apostrophes and hyphens whole, and names that start like months", () => {
		assert.deepEqual(splitQuery("Siobhan O'Brien-Smith").names, ["Siobhan", "O'Brien-Smith"]);
		assert.deepEqual(splitQuery("Juniper Mayhew 2015").names, ["Juniper", "Mayhew"]);
	});

	it("sets aside what it cannot read, and a second date", () => {
		const parts = splitQuery("smith 12/3/15 2015 2016 #42");
		assert.deepEqual(parts.names, ["smith"]);
		assert.deepEqual(parts.date, { year: 2015 });
		assert.deepEqual(parts.unrecognised.sort(), ["#42", "12/3/15", "2016"].sort());
	});
});

describe("dates typed in the search box that are not real", () => {
	const today = "2025-06-15";

	it("keeps what can be trusted of the date, says so, and sets nothing aside", () => {
		const cases: [string, Partial<ReturnType<typeof splitQuery>>][] = [
			[
				"Ellie Marsh 31/02/2016",
				{ date: { year: 2016, month: 2 }, dateNote: "31/02/2016 is not a real date. The search used February 2016." },
			],
			[
				"Ellie Marsh 29/02/2015",
				{ date: { year: 2015, month: 2 }, dateNote: "29/02/2015 is not a real date. The search used February 2015." },
			],
			[
				"Ellie Marsh 32/01/2016",
				{ date: { year: 2016, month: 1 }, dateNote: "32/01/2016 is not a real date. The search used January 2016." },
			],
			[
				"Ellie Marsh 3/41/1980",
				{ date: { year: 1980 }, dateNote: "3/41/1980 is not a real date. The search used the year 1980." },
			],
			[
				"Ellie Marsh 12/13/2015",
				{ date: { year: 2015 }, dateNote: "12/13/2015 is not a real date. The search used the year 2015." },
			],
			[
				"Ellie Marsh 12/03/1850",
				{
					dayMonth: { day: 12, month: 3 },
					dateNote: "12/03/1850 is not a likely date of birth. The search used 12 March, in any year.",
				},
			],
			[
				"Ellie Marsh 12/03/2031",
				{
					dayMonth: { day: 12, month: 3 },
					dateNote: "12/03/2031 is not a likely date of birth. The search used 12 March, in any year.",
				},
			],
		];
		for (const [typed, expected] of cases) {
			assert.deepEqual(splitQuery(typed, today), { names: ["Ellie", "Marsh"], unrecognised: [], ...expected }, typed);
		}
	});

	it("leaves real dates alone, 29 February in a leap year among them", () => {
		assert.deepEqual(splitQuery("Ellie Marsh 29/02/2016", today), {
			names: ["Ellie", "Marsh"],
			date: { year: 2016, month: 2, day: 29 },
			unrecognised: [],
		});
		assert.deepEqual(splitQuery("Ellie Marsh 12/3/2026", today).date, { year: 2026, month: 3, day: 12 });
	});

	it("takes the first date as the date of birth even when it is not real, and sets a second aside", () => {
		const parts = splitQuery("marsh 31/02/2016 12/3/2015", today);
		assert.deepEqual(parts.date, { year: 2016, month: 2 });
		assert.deepEqual(parts.unrecognised, ["12/3/2015"]);
	});

	it("searches a day and month with a name, as it does a month and year", () => {
		assert.equal(searchQueryProblem(splitQuery("j 12/03/1850", today)), null);
		assert.equal(searchQueryProblem(splitQuery("j 31/02/2016", today)), null);
		assert.equal(
			searchQueryProblem(splitQuery("12/03/1850", today)),
			"Enter at least 2 letters of a name, a month and year of birth, or a full postcode",
		);
		assert.equal(
			searchQueryProblem(splitQuery("31/02/1850", today)),
			"Enter at least 2 letters of a name, a month and year of birth, or a full postcode",
			"something was typed, so the message is not to type something",
		);
	});
});

describe("queries too vague to search", () => {
	it("asks for something when nothing was typed", () => {
		assert.equal(searchQueryProblem(splitQuery("")), "Enter a name, date of birth, postcode, NHS number or UPN");
		assert.equal(searchQueryProblem(splitQuery("   ")), "Enter a name, date of birth, postcode, NHS number or UPN");
	});

	it("asks for more than one letter, a bare year or a district", () => {
		const message = "Enter at least 2 letters of a name, a month and year of birth, or a full postcode";
		for (const typed of ["b", "2015", "ME14", "j 2015", "#"])
			assert.equal(searchQueryProblem(splitQuery(typed)), message, typed);
	});

	it("lets anything else through", () => {
		for (const typed of ["bo", "j 3/2015", "ME14 1XQ", "9434765919", "B801200005001", "12/3/2015"]) {
			assert.equal(searchQueryProblem(splitQuery(typed)), null, typed);
		}
	});
});
