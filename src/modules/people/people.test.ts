import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Client, countRows, createTestApp, type TestApp } from "../../../test/support/app.ts";
import { errorMessages, errorSummary } from "../../../test/support/error-summary.ts";
import { addChild } from "../../../test/support/front-door.ts";
import type { DB } from "../../db/schema.ts";

// NHS numbers in tests come from the 999 test range, with valid check digits.
const NHS_A = "9990000018";

const ROBERT = {
	givenName: "Robert",
	familyName: "Smith",
	"dateOfBirth-day": "12",
	"dateOfBirth-month": "3",
	"dateOfBirth-year": "2015",
	sex: "M",
	ethnicity: "WBRI",
	nhsNumber: NHS_A,
	addressSituation: "postcode",
	house: "12",
	street: "High Street",
	town: "Maidstone",
	postcode: "me14 1xq",
};

describe("people: records, duplicates, search", () => {
	let t: TestApp;
	let officer: Client;
	let robertId: string;

	before(async () => {
		t = await createTestApp();
		t.clock.now = new Date("2026-11-23T10:00:00Z");
		officer = await t.as("contact-officer");
		await officer.get("/people/new");
	});
	after(async () => t.close());

	const count = (table: keyof DB) => countRows(t, table);

	test("bad details get a message per field and write nothing", async () => {
		const before = await count("person");
		const cases: [Record<string, string>, RegExp][] = [
			[{ ...ROBERT, givenName: "" }, /Enter a given name/],
			[{ ...ROBERT, "dateOfBirth-year": "2027" }, /Date of birth must be (today or )?in the past/i],
			[{ ...ROBERT, "dateOfBirth-year": "1890" }, /120/],
			[{ ...ROBERT, "dateOfBirth-day": "31", "dateOfBirth-month": "2" }, /must be a real date/],
			[
				{
					...ROBERT,
					"dateOfBirth-day": "",
					"dateOfBirth-month": "",
					"dateOfBirth-year": "",
					"expectedBirthDate-day": "1",
					"expectedBirthDate-month": "12",
					"expectedBirthDate-year": "2027",
				},
				/10 months/,
			],
			[
				{ ...ROBERT, "expectedBirthDate-day": "1", "expectedBirthDate-month": "1", "expectedBirthDate-year": "2027" },
				/not both/,
			],
			[{ ...ROBERT, nhsNumber: "9990000019" }, /NHS number/],
			[{ ...ROBERT, nhsNumber: "1111111111" }, /NHS number/],
			[{ ...ROBERT, postcode: "ME14 1X" }, /Enter a real UK postcode/],
			[{ ...ROBERT, sex: "" }, /Select the person&#39;s sex/],
			// Too long is refused saying the limit, never cut to fit.
			[{ ...ROBERT, familyName: "S".repeat(101) }, /Family name must be 100 characters or fewer \(you entered 101\)/],
			[{ ...ROBERT, street: "x".repeat(101) }, /Street must be 100 characters or fewer/],
		];
		for (const [form, message] of cases) {
			const res = await officer.post("/people/new", form);
			assert.equal(res.statusCode, 400, `${JSON.stringify(form)} -> ${res.statusCode}`);
			assert.match(res.body, /govuk-error-summary/);
			assert.match(res.body, message);
		}
		assert.equal(await count("person"), before);
	});

	test("a new person is created with a normalised postcode, and viewing the record is logged", async () => {
		const res = await officer.post("/people/new", ROBERT);
		assert.equal(res.statusCode, 303, res.body.slice(0, 500));
		robertId = /\/people\/([0-9a-f-]+)/.exec(String(res.headers.location))?.[1] ?? "";
		const page = await officer.get(String(res.headers.location));
		assert.match(page.body, /Record created: P\d+/);
		assert.match(page.body, /12, High Street, Maidstone, ME14 1XQ/);
		assert.match(page.body, /Record created<\/strong>/);
		await t.app.services.accessLog.flush();
		const views = await t.testDb.db.kysely
			.selectFrom("access_log")
			.select(["action", "user_id"])
			.where("person_id", "=", robertId)
			.where("action", "=", "view")
			.execute();
		assert.equal(views.length, 1);
		assert.equal(views[0]?.user_id, officer.userId);
	});

	test("creating a likely duplicate shows the candidates and asks before creating", async () => {
		const bob = { ...ROBERT, givenName: "Bob", nhsNumber: "", postcode: "ME14 1XQ" };
		const before = await count("person");
		const warned = await officer.post("/people/new", bob);
		assert.equal(warned.statusCode, 409);
		assert.match(warned.body, /This person may already be known/);
		assert.match(warned.body, /Robert Smith/);
		assert.match(warned.body, /Bob = Robert/);
		assert.equal(await count("person"), before, "nothing written while asking");
		const fingerprint = /name="checkedFingerprint" value="([^"]+)"/.exec(warned.body)?.[1] ?? "";
		const confirmed = await officer.post("/people/new", { ...bob, confirmNew: "yes", checkedFingerprint: fingerprint });
		assert.equal(confirmed.statusCode, 303);
		assert.equal(await count("person"), before + 1);
	});

	test("search finds the child despite typos, nicknames, swapped names and swapped day and month", async () => {
		const searches = [
			["Robert Smiht", /Robert Smith/],
			["Bob Smith 12/03/2015", /Bob = Robert/],
			["Smith Robert", /Robert Smith/],
			["Robert Smyth", /Robert Smith/],
		] as const;
		for (const [q, expected] of searches) {
			const res = await officer.get(`/people?q=${encodeURIComponent(q)}`);
			assert.equal(res.statusCode, 200, q);
			assert.match(res.body, expected, q);
		}
		const swapped = await officer.get("/people?given=Robert&family=Smith&dob-day=3&dob-month=12&dob-year=2015");
		assert.match(swapped.body, /Robert Smith/);
		const byNhs = await officer.get(`/people?q=${NHS_A}`);
		assert.match(byNhs.body, /Identifier match/);
	});

	test("a search that finds more people than it lists says so, and how to narrow it", async () => {
		const given = ["Ada", "Ben", "Cara", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jude", "Kit", "Lola"];
		const family = { ...ROBERT, familyName: "Quennell", nhsNumber: "", house: "", street: "", town: "", postcode: "" };
		for (const [i, name] of [...given, ...given.map((g) => `${g}a`)].entries()) {
			const person = { ...family, givenName: name, "dateOfBirth-day": String(1 + i), "dateOfBirth-year": "2012" };
			let res = await officer.post("/people/new", { ...person, addressSituation: "" });
			if (res.statusCode === 409) {
				const fingerprint = /name="checkedFingerprint" value="([^"]+)"/.exec(res.body)?.[1] ?? "";
				res = await officer.post("/people/new", {
					...person,
					addressSituation: "",
					confirmNew: "yes",
					checkedFingerprint: fingerprint,
				});
			}
			assert.equal(res.statusCode, 303, res.body.slice(0, 300));
		}
		const many = await officer.get("/people?q=Quennell");
		assert.equal(many.statusCode, 200);
		assert.match(many.body, /Showing the 20 closest of 24 matches/);
		assert.match(many.body, /add what you know: a date of birth/);
		// Her sisters share her family name and year of birth: near misses, listed after her.
		const one = await officer.get("/people?q=Ada+Quennell+1/3/2012");
		const rows = one.body.slice(one.body.indexOf('<tbody class="govuk-table__body">'));
		const listed = [...rows.matchAll(/<a class="govuk-link" href="\/people\/[0-9a-f-]+">([^<]+)<\/a>/g)].map(
			(m) => m[1],
		);
		assert.equal(listed[0], "Ada Quennell");
		assert.ok(listed.length > 1 && listed.slice(1).every((name) => name.endsWith(" Quennell")), listed.join(", "));
		const few = await officer.get("/people?q=Robert+Smith+12/3/2015");
		assert.doesNotMatch(few.body, /Showing the/, "a search that lists everyone it found says nothing more");
	});

	test("an empty or one-letter search gets a helpful message, not a scan", async () => {
		for (const q of ["", "a"]) {
			const res = await officer.get(`/people?q=${q}`);
			assert.equal(res.statusCode, 400, `q=${q}`);
			assert.match(res.body, /Enter (at least 2 letters of a name|a name, a date of birth)/);
		}
	});

	test("a search of many short words is answered, never a database error (the edit distance takes 255 characters)", async () => {
		const words = Array.from({ length: 66 }, (_, i) => `a${String.fromCharCode(97 + (i % 26))}`).join(" ");
		assert.ok(words.length >= 195 && words.length <= 200);
		const res = await officer.get(`/people?q=${encodeURIComponent(words)}`);
		assert.equal(res.statusCode, 200);
		const over = await officer.get(`/people?q=${encodeURIComponent(`${words} more words`)}`);
		assert.equal(over.statusCode, 400);
		assert.match(over.body, /Search terms must be 200 characters or fewer/);
	});

	test("a search's mistakes are reported together, each beside its field", async () => {
		const res = await officer.get(
			"/people?q=&given=Robert&dob-day=3&dob-month=x&dob-year=2015&ageFrom=x&ageTo=200&postcode=ME14+1X&nhsNumber=123",
		);
		assert.equal(res.statusCode, 400);
		assert.deepEqual(errorSummary(res.body), [
			{ href: "#dob-day", text: "Month must be between 1 and 12" },
			{ href: "#ageFrom", text: "Age from must be a whole number from 0 to 120" },
			{ href: "#ageTo", text: "Age to must be a whole number from 0 to 120" },
			{ href: "#postcode", text: "Enter a real UK postcode, like ME14 1XQ" },
			{ href: "#nhsNumber", text: "NHS number must be 10 digits" },
		]);
		assert.match(res.body, /id="dob-error"/);
		assert.match(res.body, /name="ageFrom" type="text" value="x"/);
		const reversed = await officer.get("/people?given=Robert&family=Smith&ageFrom=10&ageTo=5");
		assert.equal(reversed.statusCode, 400);
		assert.deepEqual(errorMessages(reversed.body), ["Age to must be the same as or more than age from"]);
		const long = await officer.get(`/people?q=${"a".repeat(201)}`);
		assert.equal(long.statusCode, 400);
		assert.deepEqual(errorMessages(long.body), ["Search terms must be 200 characters or fewer (you entered 201)"]);
	});

	test("a date that is not real is named above the results, and the search runs on what can be trusted of it", async () => {
		// Added first, so that only the date puts the other first (without it, this one is listed first).
		await addChild(t, "Ellie", "Marchant", "2013-09-30");
		const february = await addChild(t, "Ellie", "Marchant", "2016-02-10");
		const first = (body: string) => /<tbody[\s\S]*?href="\/people\/([0-9a-f-]{36})"/.exec(body)?.[1];
		const note = (body: string) =>
			/<div class="govuk-inset-text" id="date-note">([\s\S]*?)<\/div>/.exec(body)?.[1].replace(/<[^>]+>/g, "");
		const searches: [string, string][] = [
			["q=Ellie+Marchant+31/02/2016", "31/02/2016 is not a real date. The search used February 2016."],
			[
				"q=&given=Ellie&family=Marchant&dob-day=31&dob-month=2&dob-year=2016",
				"31/2/2016 is not a real date. The search used February 2016.",
			],
		];
		for (const [query, said] of searches) {
			const res = await officer.get(`/people?${query}`);
			assert.equal(res.statusCode, 200, query);
			assert.equal(note(res.body), said, query);
			assert.equal(first(res.body), february, `${query}: the child born in February 2016 comes first`);
			assert.doesNotMatch(res.body, /govuk-error-summary/, query);
		}
		const month13 = await officer.get("/people?q=&given=Ellie&family=Marchant&dob-day=12&dob-month=13&dob-year=2016");
		assert.equal(month13.statusCode, 200);
		assert.equal(note(month13.body), "12/13/2016 is not a real date. The search used the year 2016.");
		assert.equal(first(month13.body), february);
		// The year cannot be a birth year: the day and month are searched, once the scorer reads them.
		const unlikely = await officer.get("/people?q=Ellie+Marchant+10/02/1850");
		assert.equal(unlikely.statusCode, 200);
		assert.equal(
			note(unlikely.body),
			"10/02/1850 is not a likely date of birth. The search used 10 February, in any year.",
		);
		const real = await officer.get("/people?q=Ellie+Marchant+29/02/2016");
		assert.equal(real.statusCode, 200);
		assert.doesNotMatch(real.body, /id="date-note"/, "29 February 2016 is a real date");

		// Too little left to search on, or boxes that hold no number: a mistake to correct, as before.
		const alone = await officer.get("/people?q=31/02/2016");
		assert.equal(alone.statusCode, 400);
		assert.deepEqual(errorSummary(alone.body), [
			{ href: "#q", text: "Check the date of birth, or enter a name with it" },
		]);
		const letters = await officer.get("/people?q=&family=Marchant&dob-day=x&dob-month=2&dob-year=2016");
		assert.equal(letters.statusCode, 400);
		assert.deepEqual(errorSummary(letters.body), [{ href: "#dob-day", text: "Date of birth must be a real date" }]);
	});

	test("a renamed child is still found by the old name; a stale edit is refused", async () => {
		const form = await officer.get(`/people/${robertId}/edit`);
		const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? "";
		const edit = { ...ROBERT, familyName: "Jones", version };
		assert.equal((await officer.post(`/people/${robertId}/edit`, edit)).statusCode, 303);
		const stale = await officer.post(`/people/${robertId}/edit`, { ...edit, familyName: "Brown" });
		assert.equal(stale.statusCode, 409);
		assert.match(stale.body, /changed by Casey Contact/);
		const found = await officer.get("/people?q=Robert+Smith");
		assert.match(found.body, /Robert Jones/);
		assert.match(found.body, /previous/i);
	});

	test("a corrected date of birth is what a name-and-year search uses", async () => {
		const form = await officer.get(`/people/${robertId}/edit`);
		const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? "";
		const res = await officer.post(`/people/${robertId}/edit`, {
			...ROBERT,
			familyName: "Jones",
			"dateOfBirth-day": "1",
			"dateOfBirth-month": "4",
			"dateOfBirth-year": "2016",
			version,
		});
		assert.equal(res.statusCode, 303);
		const byNewYear = await officer.get("/people?family=Jones&dob-year=2016");
		assert.match(byNewYear.body, /Robert Jones/);
		const names = await t.testDb.db.kysely
			.selectFrom("person_name")
			.select("date_of_birth")
			.where("person_id", "=", robertId)
			.execute();
		assert.ok(names.length >= 2);
		assert.ok(
			names.every((n) => n.date_of_birth === "2016-04-01"),
			"every name row carries the corrected date",
		);
	});

	test("every mistake on a person's details is reported in one round, and what was typed is kept", async () => {
		const before = await count("person");
		const res = await officer.post("/people/new", {
			...ROBERT,
			givenName: "",
			middleNames: "m".repeat(201),
			"dateOfBirth-day": "31",
			"dateOfBirth-month": "2",
			nhsNumber: "9990000019",
			upn: "A12345678901",
			disabilities: ["NONE", "MOB"],
			"deathDate-day": "1",
			"deathDate-month": "1",
			"deathDate-year": "2099",
			street: "x".repeat(101),
			postcode: "ME14 1X",
		});
		assert.equal(res.statusCode, 400);
		// The fields' own problems and the rules across them, each linked to its field.
		const byHref = (a: { href: string }, b: { href: string }) => a.href.localeCompare(b.href);
		assert.deepEqual(
			errorSummary(res.body).sort(byHref),
			[
				{ href: "#givenName", text: "Enter a given name (first name), or 'Unknown' if it is not known" },
				{ href: "#middleNames", text: "Middle names must be 200 characters or fewer (you entered 201)" },
				{ href: "#dateOfBirth-day", text: "Date of birth must be a real date" },
				{ href: "#nhsNumber", text: "NHS number is not valid – check it for typing mistakes" },
				{ href: "#upn", text: "UPN must be 13 characters" },
				{ href: "#street", text: "Street must be 100 characters or fewer (you entered 101)" },
				{ href: "#deathDate-day", text: "Date of death must be today or in the past" },
				{ href: "#disabilities", text: "'No disability' cannot be selected with a disability" },
				{ href: "#postcode", text: "Enter a real UK postcode, like ME14 1XQ" },
			].sort(byHref),
		);
		// Each message is beside its field, and each field shows what was posted.
		assert.match(res.body, /id="dateOfBirth-day" name="dateOfBirth-day" type="text" value="31"/);
		assert.match(res.body, /id="dateOfBirth-error"/);
		assert.match(res.body, /id="middleNames-error"/);
		assert.match(res.body, /id="street-error"/);
		assert.match(res.body, /name="postcode" type="text" value="ME14 1X"/);
		assert.equal(await count("person"), before);
	});

	test("an edit with a version that is not a whole number is refused as out of date, beside its other mistakes", async () => {
		const res = await officer.post(`/people/${robertId}/edit`, { ...ROBERT, familyName: "", version: "1.5" });
		assert.equal(res.statusCode, 400);
		assert.deepEqual(errorMessages(res.body), [
			"This form is out of date: go back to the record, reload it and try again",
			"Enter a family name (surname), or 'Unknown' if it is not known",
		]);
		assert.match(res.body, /<p id="version" class="govuk-error-message">/);
		// A UPN typed with spaces is checked and kept in its canonical form.
		const form = await officer.get(`/people/${robertId}/edit`);
		const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? "";
		const spaced = await officer.post(`/people/${robertId}/edit`, { ...ROBERT, upn: "a123 4567 89012", version });
		assert.equal(spaced.statusCode, 303);
		const row = await t.testDb.db.kysely
			.selectFrom("person")
			.select(["upn", "family_name"])
			.where("id", "=", robertId)
			.executeTakeFirstOrThrow();
		assert.deepEqual(row, { upn: "A123456789012", family_name: "Smith" });
	});

	test("the record's own forms each report every mistake at once and write nothing", async () => {
		await officer.get(`/people/${robertId}`);
		const rows = async () => ({
			names: await count("person_name"),
			addresses: await count("person_address"),
			professionals: await count("person_professional"),
			relationships: await count("relationship"),
		});
		const before = await rows();
		const cases: [string, Record<string, string>, string[]][] = [
			[
				"names",
				{ otherGivenName: "", otherFamilyName: "F".repeat(101) },
				[
					"Select what kind of name this is",
					"Enter the given name",
					"Family name must be 100 characters or fewer (you entered 101)",
				],
			],
			[
				"addresses",
				{ house: "h".repeat(101), postcode: "nope", "addressStart-day": "40", "addressStart-month": "1" },
				[
					"House name or number must be 100 characters or fewer (you entered 101)",
					"Date they moved in must include a year",
					"Enter a real UK postcode, like ME14 1XQ",
				],
			],
			["addresses", {}, ["Enter a postcode, or choose no fixed abode or abroad"]],
			[
				"professionals",
				{ professionalName: "", professionalRole: "", professionalPhone: "0".repeat(51), professionalEmail: "nope" },
				[
					"Enter the professional's name",
					"Enter their role, for example Health visitor",
					"Phone number must be 50 characters or fewer (you entered 51)",
					"Enter an email address in the correct format, like name@example.nhs.uk",
				],
			],
			[
				"relationships",
				{ otherPersonId: "", kind: "" },
				["Choose the related person from the search results", "Select the relationship"],
			],
		];
		for (const [form, posted, messages] of cases) {
			const res = await officer.post(`/people/${robertId}/${form}`, posted);
			assert.equal(res.statusCode, 400, form);
			assert.deepEqual(errorMessages(res.body).sort(), [...messages].sort(), form);
		}
		const kept = await officer.post(`/people/${robertId}/professionals`, {
			professionalName: "Dr Ann Lee",
			professionalRole: "",
		});
		assert.match(kept.body, /name="professionalName" type="text" value="Dr Ann Lee"/);
		assert.deepEqual(await rows(), before);
	});

	test("relationships: never to oneself, never a cycle of parents", async () => {
		const parent = await officer.post("/people/new", {
			...ROBERT,
			givenName: "Sarah",
			familyName: "Jones",
			"dateOfBirth-year": "1985",
			nhsNumber: "",
			sex: "F",
			confirmNew: "yes",
		});
		const parentId = /\/people\/([0-9a-f-]+)/.exec(String(parent.headers.location))?.[1] ?? "";
		assert.ok(parentId);
		await officer.get(`/people/${robertId}`);
		const self = await officer.post(`/people/${robertId}/relationships`, {
			kind: "parent",
			otherPersonId: robertId,
			direction: "other-is",
		});
		assert.equal(self.statusCode, 400);
		assert.match(self.body, /cannot be related to themselves/);
		const ok = await officer.post(`/people/${robertId}/relationships`, {
			kind: "parent",
			otherPersonId: parentId,
			direction: "other-is",
			parentalResponsibility: "yes",
		});
		assert.equal(ok.statusCode, 303);
		const cycle = await officer.post(`/people/${parentId}/relationships`, {
			kind: "parent",
			otherPersonId: robertId,
			direction: "other-is",
		});
		assert.equal(cycle.statusCode, 400);
		assert.match(cycle.body, /their own parent/);
		const page = await officer.get(`/people/${robertId}`);
		assert.match(page.body, /Sarah Jones/);
		assert.match(page.body, /Has parental responsibility for Robert/);
	});
});
