import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
	type Candidate,
	type CandidateName,
	MATCH_THRESHOLD,
	type MatchQuery,
	matchQueryFromParts,
	rankCandidates,
	scoreCandidate,
	WEIGHTS,
	whyFirst,
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
const points = (query: MatchQuery, candidate: Candidate) => score(query, candidate).weight;
const reasons = (query: MatchQuery, candidate: Candidate) => score(query, candidate).reasons;
/** Weights are sums of logarithms: equal to the last few bits of a double. */
const near = (actual: number, expected: number, message?: string) =>
	assert.ok(Math.abs(actual - expected) < 1e-9, message ?? `${actual} ≈ ${expected}`);

describe("exact identifiers", () => {
	it("lists the same NHS number first whatever else differs", () => {
		const result = score({ nhsNumber: "943 476 5919", family: "Jones" }, person("a", { nhsNumber: "9434765919" }));
		assert.equal(result.exactIdentifier, true);
		assert.equal(result.reasons[0], "same NHS number");
		const ranked = rankCandidates(
			{ nhsNumber: "943 476 5919", family: "Smith" },
			[person("b"), person("a", { family: "Jones", nhsNumber: "9434765919" })],
			today,
		);
		assert.deepEqual(
			ranked.map((r) => r.personId),
			["a", "b"],
		);
	});

	it("matches a UPN or a former UPN", () => {
		const candidate = person("a", { upn: "B801200005001", formerUpn: "M80120000500A" });
		const same = score({ upn: "b801200005001" }, candidate);
		assert.equal(same.exactIdentifier, true);
		assert.deepEqual(same.reasons, ["same UPN"]);
		assert.equal(same.weight, WEIGHTS.identifier.same);
		assert.equal(score({ upn: "M80120000500A" }, candidate).reasons[0], "matches former UPN");
	});

	it("counts a different NHS number strongly against", () => {
		const query: MatchQuery = { given: "Robert", family: "Smith", dob: { year: 2015, month: 3, day: 12 } };
		const without = points(query, person("a"));
		const different = score({ ...query, nhsNumber: "9434765919" }, person("a", { nhsNumber: "4010232137" }));
		near(different.weight, without + WEIGHTS.identifier.differentNhsNumber);
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

	it("ranks exact above a typo above no match", () => {
		const exact = points(query, person("a"));
		const typo = points(query, person("a", { family: "Smiht" }));
		const none = points(query, person("a", { family: "Okafor" }));
		// A slip may weigh as much as the name (the cap): the exact spelling then wins the tie.
		assert.ok(exact >= typo && typo > none, `${exact} >= ${typo} > ${none}`);
		const ranked = rankCandidates(query, [person("b", { family: "Smiht" }), person("c")], today);
		assert.deepEqual(
			ranked.map((r) => r.personId),
			["c", "b"],
		);
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
		assert.deepEqual(
			reasons({ family: "Tompsen" }, candidate),
			["different family name"],
			"no keys, no sound-alike claim",
		);
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

	it("ranks exact above every near miss, and every near miss above a different name", () => {
		const candidate = person("a", { phonetic: [{ given: "RPRT", family: "SM0" }] });
		const exact = points({ given: "Robert", family }, candidate);
		const nearMisses = {
			nickname: points({ given: "Bob", family }, candidate),
			typo: points({ given: "Robret", family }, candidate),
			sounds: points({ given: "Rupurt", family, phonetic: { given: "RPRT" } }, candidate),
			initial: points({ given: "R", family }, candidate),
		};
		const none = points({ given: "Tariq", family }, candidate);
		for (const [level, weight] of Object.entries(nearMisses)) {
			assert.ok(exact > weight && weight > none, `${level}: ${exact} > ${weight} > ${none}`);
		}
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

	it("weighs each level of a full date: same, swapped, one digit, same year, different", () => {
		const levels = {
			exact: at({ year: 2015, month: 3, day: 12 }),
			swapped: at({ year: 2015, month: 12, day: 3 }),
			oneDigit: at({ year: 2016, month: 3, day: 12 }),
			sameYear: at({ year: 2015, month: 8, day: 27 }),
			none: at({ year: 2011, month: 7, day: 4 }),
		};
		for (const [level, result] of Object.entries(levels)) {
			near(result.weight, base + WEIGHTS.dob[level as keyof typeof levels], level);
		}
		assert.deepEqual(
			Object.values(levels).map((r) => r.reasons[0]),
			[
				"same date of birth",
				"day and month of birth swapped",
				"date of birth one digit different",
				"same year of birth, different day",
				"different date of birth",
			],
		);
		assert.ok(levels.exact.weight >= levels.swapped.weight && levels.swapped.weight > levels.oneDigit.weight);
		assert.ok(levels.oneDigit.weight > base && levels.none.weight < base);
	});

	it("credits partial dates that agree", () => {
		assert.equal(at({ year: 2015, month: 3 }).reasons[0], "same month and year of birth");
		assert.equal(at({ year: 2015 }).reasons[0], "same year of birth");
		assert.ok(at({ year: 2015, month: 3 }).weight > at({ year: 2015 }).weight);
		assert.ok(at({ year: 2015 }).weight > base);
	});

	it("counts partial dates that disagree against", () => {
		assert.equal(at({ year: 2015, month: 4 }).reasons[0], "different month of birth");
		assert.equal(at({ year: 2016, month: 3 }).reasons[0], "different year of birth");
		assert.equal(at({ year: 2014 }).reasons[0], "different year of birth");
		assert.ok(at({ year: 2014 }).weight < base);
	});

	it("treats a slip of one digit as much closer than a different date", () => {
		const oneDayOff = at({ year: 2015, month: 3, day: 13 });
		assert.equal(oneDayOff.reasons[0], "date of birth one digit different");
		assert.ok(oneDayOff.weight > at({ year: 2011, month: 7, day: 4 }).weight);
		const twoDigits = at({ year: 2015, month: 3, day: 21 });
		assert.equal(twoDigits.reasons[0], "same year of birth, different day");
	});

	it("compares a day and month whose year could not be trusted", () => {
		const same = score({ ...names, dayMonth: { day: 12, month: 3 } }, person("a"));
		assert.deepEqual(same.reasons, ["same day and month of birth", "same family name", "same given name"]);
		near(same.weight, base + WEIGHTS.dayMonth.same);
		assert.ok(score({ ...names, dayMonth: { day: 13, month: 3 } }, person("a")).weight < base);
	});

	it("is silent when the record has no date of birth", () => {
		assert.equal(points({ ...names, dob: { year: 2011, month: 7, day: 4 } }, person("a", { dateOfBirth: null })), base);
	});

	it("checks an age range against today", () => {
		const within = score({ ...names, ageRange: { min: 8, max: 11 } }, person("a"));
		const outside = score({ ...names, ageRange: { min: 12, max: 15 } }, person("a"));
		assert.ok(within.reasons.includes("age 10 within range"));
		assert.ok(outside.reasons.includes("age 10 outside range"));
		assert.ok(within.weight > base && outside.weight < base);
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
		near(points({ ...query, postcode: "me141xq" }, candidate), base + WEIGHTS.postcode.exact);
		assert.ok(WEIGHTS.postcode.exact > WEIGHTS.postcode.district);
		assert.ok(reasons({ ...query, postcode: "ME14 1XQ" }, candidate).includes("same postcode"));
		const district = score({ ...query, postcode: "ME14 5AB" }, person("a", { postcodes: ["ME14 1XQ"] }));
		near(district.weight, base + WEIGHTS.postcode.district);
		assert.ok(district.reasons.includes("same postcode district (ME14)"));
		assert.ok(reasons({ ...query, postcode: "ME14" }, candidate).includes("same postcode district (ME14)"));
	});

	it("takes a little away for a different postcode, since families move, and nothing when none is known", () => {
		const moved = points({ ...query, postcode: "CT1 1AA" }, person("a"));
		near(moved, points(query, person("a")) + WEIGHTS.postcode.none);
		assert.ok(WEIGHTS.postcode.none < 0 && WEIGHTS.postcode.none > WEIGHTS.given.none * 2);
		assert.deepEqual(reasons({ ...query, postcode: "CT1 1AA" }, person("a")), ["same family name", "same given name"]);
		assert.equal(points({ ...query, postcode: "CT1 1AA" }, person("a", { postcodes: [] })), base);
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

	it("adds the weight of each piece of evidence, and rounds only what is shown", () => {
		const everything: MatchQuery = {
			given: "Robert",
			family: "Smith",
			dob: { year: 2015, month: 3, day: 12 },
			postcode: "ME14 1XQ",
		};
		const result = score(everything, person("a"));
		const sum = WEIGHTS.dob.exact + WEIGHTS.family.exact + WEIGHTS.given.exact + WEIGHTS.postcode.exact;
		assert.ok(Math.abs(result.weight - sum) < 1e-9);
		assert.equal(result.score, Math.round(sum));
		assert.equal(result.exactFields, 4);
	});

	it("counts agreement on a rare name for more than on a common one", () => {
		const nameCounts = { people: 1_000_000, given: { robert: 8_000 }, family: { smith: 12_000, sivapalan: 12 } };
		const common = points({ family: "Smith", nameCounts }, person("a"));
		const rare = points({ family: "Sivapalan", nameCounts }, person("b", { family: "Sivapalan" }));
		assert.ok(rare > common + 8, `${rare} > ${common} + 8`);
		const unseen = points({ family: "Zyx", nameCounts }, person("c", { family: "Zyx" }));
		assert.ok(unseen >= rare && Number.isFinite(unseen), "a name never counted is rare, not infinitely telling");
		assert.ok(common > MATCH_THRESHOLD, "a lone common name is still listed");
	});

	it("never lets a slip in a common name outweigh the name spelt right", () => {
		const nameCounts = { people: 1_000_000, given: {}, family: { smith: 12_000 } };
		const query: MatchQuery = { given: "Robert", family: "Smith", nameCounts };
		const right = score(query, person("a"));
		const slip = score(query, person("b", { family: "Smiht" }));
		assert.ok(right.weight >= slip.weight);
		assert.deepEqual(
			rankCandidates(query, [person("b", { family: "Smiht" }), person("a")], today).map((r) => r.personId),
			["a", "b"],
		);
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

describe("why the first is first", () => {
	const query: MatchQuery = { given: "Robert", family: "Smith", dob: { year: 2015, month: 3, day: 12 } };

	it("says what agrees for the first, and where the next falls short", () => {
		const [first, next] = rankCandidates(query, [person("a"), person("b", { given: "Rebecca" })], today);
		assert.equal(
			whyFirst(first, { ...next, name: "Rebecca Smith" }),
			"Listed first: same date of birth, same given name, same family name. Rebecca Smith, next, has different given name.",
		);
	});

	it("says when the next matches as closely, and when it is first by an identifier", () => {
		const [first, next] = rankCandidates(query, [person("a"), person("b")], today);
		assert.match(whyFirst(first, { ...next, name: "Robert Smith" }) ?? "", /Robert Smith, next, matches as closely\.$/);
		const [byNumber] = rankCandidates(
			{ ...query, nhsNumber: "9434765919" },
			[person("c", { nhsNumber: "9434765919" })],
			today,
		);
		assert.equal(whyFirst(byNumber, undefined), "Listed first: same NHS number.");
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
