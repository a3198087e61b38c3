import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
	type Candidate,
	type CandidateName,
	damerauLevenshtein,
	isTypo,
	jaroWinkler,
	MATCH_THRESHOLD,
	type MatchQuery,
	matchQueryFromParts,
	rankCandidates,
	scoreCandidate,
	WEIGHTS,
} from "./match-score.ts";
import { splitQuery } from "./names.ts";

const today = "2025-06-15";

function person(personId: string, details: Partial<Candidate> & { given?: string; family?: string } = {}): Candidate {
	const { given = "Robert", family = "Smith", ...rest } = details;
	return {
		personId,
		names: [{ given, family, kind: "current" }],
		dateOfBirth: "2015-03-12",
		postcodes: ["ME14 1XQ"],
		nhsNumber: null,
		upn: null,
		formerUpn: null,
		...rest,
	};
}

const score = (query: MatchQuery, candidate: Candidate) => scoreCandidate(query, candidate, today);
const points = (query: MatchQuery, candidate: Candidate) => score(query, candidate).score;
const reasons = (query: MatchQuery, candidate: Candidate) => score(query, candidate).reasons;

describe("string similarity", () => {
	it("counts a transposition as one edit", () => {
		assert.equal(damerauLevenshtein("smith", "smiht"), 1);
		assert.equal(damerauLevenshtein("smith", "smyth"), 1);
		assert.equal(damerauLevenshtein("thompson", "tomson"), 2);
		assert.equal(damerauLevenshtein("", "abc"), 3);
	});

	it("gives the published Jaro–Winkler values", () => {
		assert.equal(jaroWinkler("martha", "marhta").toFixed(3), "0.961");
		assert.equal(jaroWinkler("dwayne", "duane").toFixed(3), "0.840");
		assert.equal(jaroWinkler("dixon", "dicksonx").toFixed(3), "0.813");
		assert.equal(jaroWinkler("abc", "xyz"), 0);
	});

	it("allows one slip in a short name and two in a long one", () => {
		assert.ok(isTypo("smith", "smiht"));
		assert.ok(isTypo("smith", "smyth"));
		assert.ok(!isTypo("smith", "smythe"), "two slips in a short name");
		assert.ok(!isTypo("jones", "james"));
		assert.ok(isTypo("macdonald", "mcdonnald"));
		assert.ok(!isTypo("al", "ali"), "too short to judge");
	});
});

describe("exact identifiers", () => {
	it("puts the same NHS number at 100 whatever else differs", () => {
		const result = score({ nhsNumber: "943 476 5919", family: "Jones" }, person("a", { nhsNumber: "9434765919" }));
		assert.equal(result.score, 100);
		assert.equal(result.exactIdentifier, true);
		assert.equal(result.reasons[0], "same NHS number");
	});

	it("matches a UPN or a former UPN", () => {
		const candidate = person("a", { upn: "B801200005001", formerUpn: "M80120000500A" });
		assert.deepEqual(score({ upn: "b801200005001" }, candidate), {
			score: 100,
			reasons: ["same UPN"],
			exactIdentifier: true,
		});
		assert.equal(score({ upn: "M80120000500A" }, candidate).reasons[0], "matches former UPN");
	});

	it("counts a different NHS number strongly against", () => {
		const query: MatchQuery = { given: "Robert", family: "Smith", dob: { year: 2015, month: 3, day: 12 } };
		const without = points(query, person("a"));
		const different = score({ ...query, nhsNumber: "9434765919" }, person("a", { nhsNumber: "4010232137" }));
		assert.equal(different.score, without + WEIGHTS.identifier.differentNhsNumber);
		assert.ok(different.reasons.includes("different NHS number"));
		assert.equal(
			points({ ...query, nhsNumber: "9434765919" }, person("a")),
			without,
			"no number on record is no evidence",
		);
	});
});

describe("family name evidence", () => {
	const query: MatchQuery = { given: "Robert", family: "Smith" };

	it("scores exact above a typo above no match", () => {
		const exact = points(query, person("a"));
		const typo = points(query, person("a", { family: "Smiht" }));
		const none = points(query, person("a", { family: "Okafor" }));
		assert.ok(exact > typo && typo > none, `${exact} > ${typo} > ${none}`);
		assert.ok(reasons(query, person("a")).includes("same family name"));
		assert.ok(reasons(query, person("a", { family: "Smiht" })).includes("family name spelt similarly"));
	});

	it("finds long names with two slips and names close by Jaro–Winkler", () => {
		assert.ok(
			reasons({ family: "Macdonald" }, person("a", { family: "McDonnald" })).includes("family name spelt similarly"),
		);
		assert.ok(
			reasons({ family: "Kowalczyk" }, person("a", { family: "Kowalcyzk" })).includes("family name spelt similarly"),
		);
	});

	it("hears sound-alike names when the database supplies phonetic keys", () => {
		const candidate = person("a", { family: "Thomson", phonetic: [{ given: "RPRT", family: "TMSN" }] });
		const withKeys = { family: "Tompsen", phonetic: { family: "TMSN" } };
		assert.deepEqual(reasons(withKeys, candidate), ["family name sounds alike"]);
		assert.ok(points(withKeys, candidate) >= MATCH_THRESHOLD);
		assert.deepEqual(reasons({ family: "Tompsen" }, candidate), [], "no keys, no sound-alike claim");
	});

	it("finds a child by a previous family name, and says so", () => {
		const names: CandidateName[] = [
			{ given: "Robert", family: "Smith", kind: "current" },
			{ given: "Robert", family: "Jones", kind: "previous" },
		];
		const candidate = person("a", { names });
		assert.ok(reasons({ given: "Bob", family: "Jones" }, candidate).includes("matches previous family name Jones"));
		const previous = points({ family: "Jones" }, candidate);
		const current = points({ family: "Smith" }, candidate);
		assert.ok(previous < current && previous >= MATCH_THRESHOLD, `${previous} < ${current}`);
		assert.ok(reasons({ family: "Jnoes" }, candidate).includes("similar to previous family name Jones"));
	});

	it("finds one half of a double-barrelled name", () => {
		const candidate = person("a", { family: "Smith-Jones" });
		assert.ok(reasons({ family: "Jones" }, candidate).includes("family name partly matches (Smith-Jones)"));
		assert.ok(reasons({ family: "Smith Jones" }, candidate).includes("same family name"));
	});
});

describe("given name evidence", () => {
	const family = "Smith";

	it("links nicknames, short forms and spelling variants", () => {
		assert.deepEqual(reasons({ given: "Bob", family }, person("a")), ["same family name", "Bob = Robert"]);
		assert.ok(reasons({ given: "Katie", family }, person("a", { given: "Kathryn" })).includes("Katie = Kathryn"));
		assert.ok(reasons({ given: "Mohamed", family }, person("a", { given: "Muhammad" })).includes("Mohamed = Muhammad"));
	});

	it("ranks exact above nickname above typo above sound-alike above initial", () => {
		const candidate = person("a", { phonetic: [{ given: "RPRT", family: "SM0" }] });
		const exact = points({ given: "Robert", family }, candidate);
		const nickname = points({ given: "Bob", family }, candidate);
		const typo = points({ given: "Robret", family }, candidate);
		const sounds = points({ given: "Rupurt", family, phonetic: { given: "RPRT" } }, candidate);
		const initial = points({ given: "R", family }, candidate);
		const none = points({ given: "Tariq", family }, candidate);
		assert.ok(
			exact > nickname && nickname > typo && typo > sounds && sounds > initial && initial > none,
			[exact, nickname, typo, sounds, initial, none].join(" > "),
		);
		assert.ok(reasons({ given: "Robret", family }, candidate).includes("given name spelt similarly"));
		assert.ok(
			reasons({ given: "Rupurt", family, phonetic: { given: "RPRT" } }, candidate).includes("given name sounds alike"),
		);
		assert.ok(reasons({ given: "R", family }, candidate).includes("same initial"));
	});

	it("finds a given name among several", () => {
		assert.ok(reasons({ given: "Bob", family }, person("a", { given: "Robert James" })).includes("Bob = Robert"));
		assert.ok(
			reasons({ given: "Mary", family }, person("a", { given: "Mary-Jane" })).includes(
				"given name partly matches (Mary-Jane)",
			),
		);
	});

	it("matches an alias given name, and says so", () => {
		const names: CandidateName[] = [
			{ given: "Robert", family: "Smith", kind: "current" },
			{ given: "Tyrone", family: "Smith", kind: "alias" },
		];
		assert.ok(reasons({ given: "Ty", family }, person("a", { names })).includes("Ty = Tyrone (alias name)"));
	});
});

describe("swapped given and family names", () => {
	it("recognises names entered the wrong way round", () => {
		const result = score({ given: "Smith", family: "Bob" }, person("a"));
		assert.deepEqual(result.reasons, ["given and family names swapped", "same family name", "Bob = Robert"]);
		assert.ok(
			result.score < points({ given: "Bob", family: "Smith" }, person("a")),
			"a little less than the right way round",
		);
		assert.ok(
			result.score > points({ given: "Smith", family: "Bob" }, person("b", { given: "Jane", family: "Okafor" })),
		);
	});

	it("matches a lone name against both given and family names", () => {
		assert.deepEqual(reasons({ family: "Robert" }, person("a")), ["same given name"]);
		assert.deepEqual(reasons({ given: "Smith" }, person("a")), ["same family name"]);
	});
});

describe("date of birth evidence", () => {
	const names = { given: "Robert", family: "Smith" };
	const at = (dob: MatchQuery["dob"]) => score({ ...names, dob }, person("a"));
	const base = points(names, person("a"));

	it("scores the same date highest, then day and month swapped", () => {
		const same = at({ year: 2015, month: 3, day: 12 });
		const swapped = at({ year: 2015, month: 12, day: 3 });
		assert.equal(same.score, base + WEIGHTS.dob.exact);
		assert.equal(swapped.score, base + WEIGHTS.dob.swapped);
		assert.equal(same.reasons[0], "same date of birth");
		assert.equal(swapped.reasons[0], "day and month of birth swapped");
	});

	it("credits partial dates that agree", () => {
		assert.equal(at({ year: 2015, month: 3 }).reasons[0], "same month and year of birth");
		assert.equal(at({ year: 2015 }).reasons[0], "same year of birth");
		assert.ok(at({ year: 2015, month: 3 }).score > at({ year: 2015 }).score);
		assert.ok(at({ year: 2015 }).score > base);
	});

	it("counts partial dates that disagree against", () => {
		assert.equal(at({ year: 2015, month: 4 }).reasons[0], "different month of birth");
		assert.equal(at({ year: 2016, month: 3 }).reasons[0], "different year of birth");
		assert.equal(at({ year: 2014 }).reasons[0], "different year of birth");
		assert.ok(at({ year: 2014 }).score < base);
	});

	it("treats a full date that contradicts as heavy evidence against", () => {
		const contradiction = at({ year: 2011, month: 7, day: 4 });
		assert.equal(contradiction.reasons[0], "different date of birth");
		assert.equal(contradiction.score, base + WEIGHTS.dob.contradiction);
		const oneDayOff = at({ year: 2015, month: 3, day: 13 });
		assert.equal(oneDayOff.reasons[0], "different day of birth");
		assert.ok(oneDayOff.score > contradiction.score && oneDayOff.score < base);
	});

	it("is silent when the record has no date of birth", () => {
		assert.equal(points({ ...names, dob: { year: 2011, month: 7, day: 4 } }, person("a", { dateOfBirth: null })), base);
	});

	it("checks an age range against today", () => {
		const within = score({ ...names, ageRange: { min: 8, max: 11 } }, person("a"));
		const outside = score({ ...names, ageRange: { min: 12, max: 15 } }, person("a"));
		assert.ok(within.reasons.includes("age 10 within range"));
		assert.ok(outside.reasons.includes("age 10 outside range"));
		assert.ok(within.score > base && outside.score < base);
	});

	it("accepts today as an instant", () => {
		const result = scoreCandidate({ ageRange: { min: 10, max: 10 } }, person("a"), new Date("2025-06-15T12:00:00Z"));
		assert.deepEqual(result.reasons, ["age 10 within range"]);
	});
});

describe("postcode evidence", () => {
	const query: MatchQuery = { given: "Robert", family: "Smith" };
	const base = points(query, person("a", { postcodes: [] }));

	it("credits the same postcode, current or previous, and more than the same district", () => {
		const candidate = person("a", { postcodes: ["ME15 6AA", "ME14 1XQ"] });
		assert.equal(points({ ...query, postcode: "me141xq" }, candidate), base + WEIGHTS.postcode.exact);
		assert.ok(reasons({ ...query, postcode: "ME14 1XQ" }, candidate).includes("same postcode"));
		const district = score({ ...query, postcode: "ME14 5AB" }, person("a", { postcodes: ["ME14 1XQ"] }));
		assert.equal(district.score, base + WEIGHTS.postcode.district);
		assert.ok(district.reasons.includes("same postcode district (ME14)"));
		assert.ok(reasons({ ...query, postcode: "ME14" }, candidate).includes("same postcode district (ME14)"));
	});

	it("takes nothing away for a different postcode: families move", () => {
		assert.equal(points({ ...query, postcode: "CT1 1AA" }, person("a")), base);
	});
});

describe("combining evidence", () => {
	it("explains a match in short phrases", () => {
		const result = score(
			{ given: "Bob", family: "Smyth", dob: { year: 2015, month: 3, day: 12 }, phonetic: { family: "SM0" } },
			person("a", { family: "Smith", phonetic: [{ given: "RPRT", family: "SM0" }] }),
		);
		assert.equal(result.reasons.join("; "), "same date of birth; family name spelt similarly; Bob = Robert");
	});

	it("keeps every score between 0 and 100", () => {
		const everything: MatchQuery = {
			given: "Robert",
			family: "Smith",
			dob: { year: 2015, month: 3, day: 12 },
			ageRange: { min: 5, max: 12 },
			postcode: "ME14 1XQ",
		};
		assert.equal(points(everything, person("a")), 99, "only an exact identifier reaches 100");
		const nothing: MatchQuery = {
			...everything,
			given: "Jane",
			family: "Okafor",
			dob: { year: 1990, month: 1, day: 1 },
		};
		assert.equal(points(nothing, person("b", { postcodes: [], nhsNumber: "4010232137" })), 0);
	});

	it("puts the right person with two small errors above a different person with one exact field", () => {
		const query: MatchQuery = { given: "Bob", family: "Smith", dob: { year: 2015, month: 3, day: 12 } };
		const rightWithSlips = [
			person("right-1", { given: "Robert", family: "Smiht" }),
			person("right-2", { given: "Robert", dateOfBirth: "2015-12-03" }),
			person("right-3", { given: "Bbo", dateOfBirth: "2015-12-03" }),
			person("right-4", { family: "Smyth", dateOfBirth: "2015-12-03" }),
			person("right-5", {
				names: [
					{ given: "Robert", family: "Jones", kind: "current" },
					{ given: "Robert", family: "Smith", kind: "previous" },
				],
				dateOfBirth: "2015-12-03",
			}),
		];
		const wrongWithOneExact = [
			person("wrong-family", { given: "Jane", dateOfBirth: null, postcodes: [] }),
			person("wrong-dob", { given: "Jane", family: "Okafor", postcodes: [] }),
			person("wrong-given", { given: "Bob", family: "Okafor", dateOfBirth: null, postcodes: [] }),
			person("wrong-names", { given: "Bob", dateOfBirth: "2012-08-20" }),
		];
		const lowestRight = Math.min(...rightWithSlips.map((c) => points(query, c)));
		const highestWrong = Math.max(...wrongWithOneExact.map((c) => points(query, c)));
		assert.ok(lowestRight > highestWrong, `${lowestRight} > ${highestWrong}`);
	});

	it("prefers the right twin: the same family, date and postcode do not outweigh the given name", () => {
		const query: MatchQuery = {
			given: "Robert",
			family: "Smith",
			dob: { year: 2015, month: 3, day: 12 },
			postcode: "ME14 1XQ",
		};
		const twin = person("twin", { given: "Rebecca" });
		const slipped = person("slipped", { given: "Bob", family: "Smiht" });
		assert.ok(points(query, slipped) > points(query, twin));
	});
});

describe("ranking", () => {
	const query: MatchQuery = {
		given: "Bob",
		family: "Smith",
		dob: { year: 2015, month: 3, day: 12 },
		nhsNumber: "9434765919",
	};

	it("lists exact identifiers first, then by score, ties by person id, weak matches left out", () => {
		const candidates = [
			person("d", { given: "Robert", dateOfBirth: "2015-12-03" }),
			person("c", { given: "Robert" }),
			person("b", { given: "Robert" }),
			person("e", { given: "Jane", family: "Okafor", dateOfBirth: "2001-01-01" }),
			person("a", { given: "Zoe", family: "Okafor", dateOfBirth: null, nhsNumber: "9434765919" }),
		];
		const ranked = rankCandidates(query, candidates, today);
		assert.deepEqual(
			ranked.map((r) => r.personId),
			["a", "b", "c", "d"],
		);
		assert.equal(ranked[0].exactIdentifier, true);
		assert.equal(ranked[0].candidate, candidates[4]);
		assert.ok(ranked.every((r) => r.exactIdentifier || r.score >= MATCH_THRESHOLD));
	});

	it("keeps a lone family name or postcode in, and drops a lone postcode district", () => {
		assert.equal(rankCandidates({ family: "Smith" }, [person("a")], today).length, 1);
		assert.equal(rankCandidates({ postcode: "ME14 1XQ" }, [person("a")], today).length, 1);
		assert.equal(rankCandidates({ postcode: "ME14 9ZZ" }, [person("a")], today).length, 0);
	});

	it("returns nothing for no candidates", () => {
		assert.deepEqual(rankCandidates(query, [], today), []);
	});
});

describe("from the search box to a query", () => {
	it("takes the first word as the given name and the rest as the family name", () => {
		assert.deepEqual(matchQueryFromParts(splitQuery("bob smith jones 12/3/2015 me14 1xq 943 476 5919")), {
			given: "bob",
			family: "smith jones",
			dob: { year: 2015, month: 3, day: 12 },
			postcode: "ME14 1XQ",
			nhsNumber: "9434765919",
		});
		assert.deepEqual(matchQueryFromParts(splitQuery("smith")), { family: "smith" });
	});

	it("leaves out identifiers that fail their check", () => {
		assert.deepEqual(matchQueryFromParts(splitQuery("smith 9434765918 A801200005001")), { family: "smith" });
	});

	it("finds the right person from free text", () => {
		const query = matchQueryFromParts(splitQuery("Smith, Bob 3/12/2015"));
		const ranked = rankCandidates(
			query,
			[person("right"), person("sibling", { given: "Jake", dateOfBirth: "2012-06-01" })],
			today,
		);
		assert.equal(ranked[0].personId, "right");
		assert.deepEqual(ranked[0].reasons, ["day and month of birth swapped", "same family name", "Bob = Robert"]);
	});
});
