import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DescribedChild } from "./contact.ts";
import { markedDifferences, type RecordedPerson } from "./described.ts";

const said = (d: Partial<DescribedChild>): DescribedChild => ({
	givenName: "Ellie",
	familyName: "Marsh",
	dateOfBirth: "2014-03-02",
	nhsNumber: null,
	postcode: null,
	...d,
});
const record = (p: Partial<RecordedPerson>): RecordedPerson => ({
	names: [{ given: "Ellie", family: "Marsh" }],
	dateOfBirth: "2014-03-02",
	nhsNumber: null,
	...p,
});

describe("marked differences between an agency's description and the record chosen", () => {
	it("finds none where they agree, or differ as a slip would", () => {
		for (const [d, p] of [
			[said({}), record({})],
			[said({ dateOfBirth: "2014-02-03" }), record({})], // day and month the other way round
			[said({ dateOfBirth: "2014-03-12" }), record({})], // one digit
			[said({ dateOfBirth: "2041-03-02" }), record({})], // two digits swapped
			[said({ familyName: "Marhs" }), record({})], // a typo
			[said({ givenName: "Elle" }), record({})],
			[said({ givenName: "Bob", familyName: "Smith" }), record({ names: [{ given: "Robert", family: "Smith" }] })],
			[said({ familyName: "Marsh" }), record({ names: [{ given: "Ellie", family: "Marsh-Okafor" }] })],
			[
				said({ familyName: "Okafor" }),
				record({
					names: [
						{ given: "Ellie", family: "Marsh" },
						{ given: "Ellie", family: "Okafor" },
					],
				}),
			],
			[said({ dateOfBirth: null, givenName: null }), record({})],
			[said({}), record({ dateOfBirth: null })],
		] as const) {
			assert.deepEqual(markedDifferences(d, p), [], JSON.stringify(d));
		}
	});

	it("names each marked difference in words", () => {
		assert.deepEqual(markedDifferences(said({ dateOfBirth: "2014-03-02" }), record({ dateOfBirth: "2020-06-15" })), [
			"Date of birth: the agency said 2 March 2014; the record says 15 June 2020",
		]);
		assert.deepEqual(
			markedDifferences(
				said({ givenName: "Jade", familyName: "Nowak", nhsNumber: "999 000 0018" }),
				record({ nhsNumber: "9990000026" }),
			),
			[
				"Family name: the agency said Nowak; the record says Marsh",
				"Given name: the agency said Jade; the record says Ellie",
				"NHS number: the agency said 9990000018; the record says 9990000026",
			],
		);
	});
});
