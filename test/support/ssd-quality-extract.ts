// The small extract of ssd-extract.ts with one planted fault of each kind the data-quality
// page looks for (docs/ssd-csv.md), for src/modules/ssd/quality.test.ts. Every fault is
// one the importer lets in; the faults it refuses (an empty mandatory value, a person who
// does not exist) are made by the test itself, as a later import or another path would.
import { EXTRACT } from "./ssd-extract.ts";

const PERSON_HEADER = EXTRACT["ssd_person.csv"].split("\r\n")[0];
const [P1, P2] = EXTRACT["ssd_person.csv"].split("\r\n").slice(1);

const PEOPLE = [
	P1,
	P2,
	// P3 gains a common child id, which P6 shares: one child under two ids.
	"P3,Amir,Khan,M,01,ASKI,2012-02-29,4010232137,,,,,,,,",
	// Born after R4, their referral.
	"P4,Baby,Stone,F,02,WBRI,2024-06-01,,,,,,,,,",
	// P1's UPN again.
	"P5,Ellie,Marsh,F,02,WBRI,2016-04-09,,,A123456789012,,,,,,",
	"P6,Amir,Khan,M,01,ASKI,2012-02-29,4010232137,,,,,,,,",
];

export const FAULTY: Record<string, string> = {
	...EXTRACT,
	"ssd_person.csv": [PERSON_HEADER, ...PEOPLE].join("\r\n"),
	"ssd_family.csv": ["fami_table_id,fami_family_id,fami_person_id", "F1,FAM1,P1", "F2,FAM1,P2"].join("\n"),
	"ssd_cin_episodes.csv": [
		EXTRACT["ssd_cin_episodes.csv"],
		// Referred three weeks before birth.
		"R4,P4,2024-05-20,N1,6,,,N,RC1,2024-06-30,T-07,W1",
		// Open while R1, also P1's, is open.
		"R5,P1,2025-02-01,N1,6,,,N,,,T-07,W1",
		// Referred before R3 (P3's, to 2023-09-30) closed.
		"R6,P3,2023-09-01,N2,1A,,,N,RC1,2023-10-15,T-07,W2",
		// Referred the day R6 closed: not an overlap.
		"R7,P3,2023-10-15,N2,1A,,,N,RC1,2023-11-01,T-07,W2",
	].join("\n"),
	// A2's assessment is completed (authorised) two days before it started.
	"ssd_cin_assessments.csv": EXTRACT["ssd_cin_assessments.csv"].replace(
		"A2,P2,R2,2025-01-04,n,,,,,",
		"A2,P2,R2,2025-01-04,n,2025-01-02,,,,",
	),
};

/** A later import of the people alone, without P2: P2's referral, assessment and family row are left orphaned. */
export const PEOPLE_WITHOUT_P2: Record<string, string> = {
	"ssd_person.csv": [PERSON_HEADER, ...PEOPLE.filter((row) => !row.startsWith("P2,"))].join("\r\n"),
};
