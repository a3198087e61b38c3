/**
 * Which Threshold person an imported SSD person is (issue 17, ADR 36): the rules that make
 * a link certain, what is asked of a person when it is not, and the Threshold record made
 * from an SSD person nobody matches. Pure: the linking service fetches and writes.
 */

import { ETHNICITY } from "../people/codes.ts";
import { nhsNumberProblem, normaliseNhsNumber, normaliseUpn, upnProblem } from "../people/identifiers.ts";
import type { ImportedPerson, UpnUnknown } from "../people/imported-person.ts";
import type { MatchQuery } from "../people/match-score.ts";
import { foldName } from "../people/names.ts";

/** An SSD person as the linking reads it: the ssd_person row and its latest postcode. */
export interface SsdPersonForLinking {
	persPersonId: string;
	forename: string | null;
	surname: string | null;
	sex: string | null;
	dob: string | null;
	expectedDob: string | null;
	deathDate: string | null;
	ethnicity: string | null;
	/** pers_common_child_id: the NHS number in the extracts we read (docs/ssd-csv.md). */
	commonChildId: string | null;
	upn: string | null;
	upnUnknown: string | null;
	nationality: string | null;
	postcode: string | null;
}

/** A Threshold person found by the SSD person's NHS number, with every name they are recorded under. */
export interface NhsHolder {
	personId: string;
	dateOfBirth: string | null;
	names: readonly { given: string; family: string }[];
}

/** The NHS number an SSD person carries, when it is a real one (ten digits, check digit right). */
export function nhsNumberOf(p: Pick<SsdPersonForLinking, "commonChildId">): string | null {
	const raw = p.commonChildId?.trim();
	if (!raw || nhsNumberProblem(raw) !== null) return null;
	return normaliseNhsNumber(raw);
}

/**
 * An NHS number links for certain only with the name and date of birth agreeing too: one
 * Threshold person holds it, born the same day, under a name (current or any other they
 * are recorded under) whose given and family names are the SSD's, folded. A number typed
 * against the wrong child is the mistake this guards against; a near miss (a slip in a
 * name, a day–month swap) is for a person to look at, with the number shown.
 */
export function nhsLinkAgrees(ssd: SsdPersonForLinking, holders: readonly NhsHolder[]): string | null {
	if (holders.length !== 1 || !nhsNumberOf(ssd)) return null;
	const [holder] = holders;
	if (!ssd.dob || holder.dateOfBirth !== ssd.dob) return null;
	const given = foldName(ssd.forename ?? "");
	const family = foldName(ssd.surname ?? "");
	if (!given || !family) return null;
	const named = holder.names.some((n) => foldName(n.given) === given && foldName(n.family) === family);
	return named ? holder.personId : null;
}

/** What the matcher's query is for an SSD person: everything the extract says of who they are. */
export function matchQueryOf(p: SsdPersonForLinking): MatchQuery {
	const query: MatchQuery = {};
	if (p.forename?.trim()) query.given = p.forename.trim();
	if (p.surname?.trim()) query.family = p.surname.trim();
	const dob = p.dob?.match(/^(\d{4})-(\d{2})-(\d{2})$/);
	if (dob) query.dob = { year: Number(dob[1]), month: Number(dob[2]), day: Number(dob[3]) };
	const nhs = nhsNumberOf(p);
	if (nhs) query.nhsNumber = nhs;
	const upn = validUpn(p.upn);
	if (upn) query.upn = upn;
	if (p.postcode?.trim()) query.postcode = p.postcode.trim();
	return query;
}

/** A candidate as the matcher lists it: whether it is close enough to ask about. */
export interface ListedCandidate {
	personId: string;
	/** ADR 31's likely duplicate: an identifier, or 12 bits with two of the names and date agreeing. */
	likely: boolean;
}

export type Uncertain = { ask: string[] } | { create: true };

/**
 * After the certain links, each SSD person the matcher lists likely candidates for is
 * asked about; one with none is made a Threshold person. The cut is the one that stops a
 * worker adding a person by hand (ADR 31): weaker candidates (a shared family name and
 * postcode, a lone date of birth) would turn every new child into a question.
 */
export function decideUncertain(candidates: readonly ListedCandidate[]): Uncertain {
	const likely = candidates.filter((c) => c.likely).map((c) => c.personId);
	return likely.length ? { ask: likely } : { create: true };
}

function validUpn(raw: string | null): string | null {
	const typed = raw?.trim();
	if (!typed || upnProblem(typed) !== null) return null;
	return normaliseUpn(typed);
}

const isEthnicity = (code: string): code is keyof typeof ETHNICITY => Object.hasOwn(ETHNICITY, code);

const UPN_UNKNOWN = /^UN[1-7]$/;

/**
 * An SSD person as a new Threshold record. A name the extract leaves out is recorded as
 * "Unknown" (the person table needs one, and the front door searches by the others); a
 * code Threshold does not hold is left at its "not known" value rather than guessed.
 */
export function personFromSsd(p: SsdPersonForLinking): ImportedPerson {
	const sex = p.sex?.trim().toUpperCase();
	const ethnicity = p.ethnicity?.trim().toUpperCase() ?? "";
	const upnUnknown = p.upnUnknown?.trim().toUpperCase() ?? "";
	const dob = p.dob ?? null;
	return {
		givenName: p.forename?.trim() || "Unknown",
		familyName: p.surname?.trim() || "Unknown",
		sex: sex === "M" || sex === "F" ? sex : "U",
		dateOfBirth: dob,
		// A person has a date of birth or an expected one, never both.
		expectedBirthDate: dob ? null : (p.expectedDob ?? null),
		deathDate: p.deathDate ?? null,
		ethnicity: isEthnicity(ethnicity) ? ethnicity : "NOBT",
		nhsNumber: nhsNumberOf(p),
		upn: validUpn(p.upn),
		upnUnknown: UPN_UNKNOWN.test(upnUnknown) ? (upnUnknown as UpnUnknown) : null,
		nationality: p.nationality?.trim() || null,
	};
}
