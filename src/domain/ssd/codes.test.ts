import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
	CLOSURE_REASON,
	type CodeWords,
	inWords,
	LEGAL_STATUS,
	MISSING_TYPE,
	outcomesOf,
	PLACEMENT_TYPE,
	PRIMARY_NEED,
	REFERRAL_SOURCE,
} from "./codes.ts";
import { SSD_SPEC } from "./spec.ts";

describe("the code lists in words", () => {
	// The pinned spec (ADR 32) is the list of codes a case system may send; each must read as words.
	const lists: [string, CodeWords][] = [
		["referral_source", REFERRAL_SOURCE],
		["primary_need", PRIMARY_NEED],
		["reason_for_closure", CLOSURE_REASON],
		["legal_status", LEGAL_STATUS],
		["missing", MISSING_TYPE],
	];
	for (const [set, words] of lists) {
		it(`every ${set} code in the spec has words`, () => {
			const codes = SSD_SPEC.codeSets[set];
			assert.ok(codes.length > 1, set);
			assert.deepEqual(
				codes.filter((c) => !words[c]),
				[],
			);
		});
	}

	it("a few in the DfE's words, as a reader checks them against the census guidance", () => {
		assert.equal(inWords(REFERRAL_SOURCE, "6"), "Police (6)");
		assert.equal(inWords(REFERRAL_SOURCE, "3e"), "A&E (emergency department) (3E)");
		assert.equal(inWords(PRIMARY_NEED, "N1"), "Abuse or neglect (N1)");
		assert.equal(inWords(PRIMARY_NEED, "N0"), "Not stated (N0)");
		assert.equal(inWords(CLOSURE_REASON, "rc4"), "Special guardianship order (RC4)");
		assert.equal(inWords(CLOSURE_REASON, "RC8"), "Closed after assessment, no further action (RC8)");
		assert.equal(inWords(LEGAL_STATUS, "C2"), "Full care order (C2)");
		assert.equal(inWords(LEGAL_STATUS, "E1"), "Placement order granted (E1)");
		assert.equal(inWords(MISSING_TYPE, "A"), "Away from placement without authorisation (A)");
		assert.equal(inWords(PLACEMENT_TYPE, "u4"), "Foster placement with other foster carers, long term (U4)");
		assert.equal(inWords(PLACEMENT_TYPE, "K2"), "Children's home (K2)");
	});

	it("a code the list does not hold is shown as given; empty is nothing", () => {
		assert.equal(inWords(LEGAL_STATUS, "SGO"), "SGO");
		assert.equal(inWords(CLOSURE_REASON, " RC10 "), "RC10");
		assert.equal(inWords(PRIMARY_NEED, ""), null);
		assert.equal(inWords(PRIMARY_NEED, "  "), null);
		assert.equal(inWords(PRIMARY_NEED, null), null);
	});
});

describe("outcome JSON", () => {
	it("lists the outcomes flagged yes, in the document's order, in words", () => {
		assert.deepEqual(outcomesOf('{"SINGLE_ASSESSMENT_FLAG":"Y","NFA_FLAG":"N","CP_CONFERENCE_FLAG":"y"}'), [
			"Assessment",
			"Child protection conference",
		]);
		assert.deepEqual(outcomesOf('{"cp_flag":1,"MONITOR_FLAG":true,"PROV_OF_SERVICES_FLAG":"0"}'), [
			"Child protection plan",
			"Monitoring",
		]);
	});

	it("names a flag it does not know as written, and ignores counts and comments", () => {
		assert.deepEqual(outcomesOf('{"NEW_THING_FLAG":"Y","TOTAL_NO_OF_OUTCOMES":"3","OUTCOME_COMMENTS":"Y"}'), [
			"NEW_THING_FLAG",
		]);
	});

	it("gives nothing for no document, or one that is not an object of flags", () => {
		for (const json of [null, "", "not json", "[1,2]", '"Y"', "null"])
			assert.deepEqual(outcomesOf(json), [], String(json));
	});
});
