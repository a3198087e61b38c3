/**
 * A child's history imported from the case system, as the person's page shows it (ADR 38):
 * each referral, assessment, enquiry, conference, plan, period of care, placement, legal
 * status, missing episode, care-leaver record and permanence decision in words, newest
 * first, grouped by year, with the case system's own ids. Pure: the rows come from
 * src/modules/ssd/history.ts, which reads at most PER_KIND of each kind.
 */
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

/** How many of each kind the page shows, newest first; the rest are counted, never cut silently. */
export const PER_KIND = 10;

/** The kinds in the order entries on the same day are listed: the order a case usually runs. */
export const HISTORY_KINDS = [
	"referral",
	"assessment",
	"s47",
	"icpc",
	"cp-plan",
	"cin-plan",
	"cla-episode",
	"legal-status",
	"placement",
	"missing",
	"permanence",
	"care-leaver",
] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

/** One row as the module reads it: what it is, where from, the day it sorts by, and its columns by name. */
export interface HistoryRow {
	kind: HistoryKind;
	source: string;
	/** The case system's id for the person (pers_person_id). */
	person: string;
	/** The case system's id for the row. */
	id: string;
	/** The day it happened or began, YYYY-MM-DD; null when the case system did not record it. */
	on: string | null;
	facts: Readonly<Record<string, string | null>>;
	/** How many rows of this kind the child has, shown or not. */
	ofKind: number;
}

/** A line of an entry: a day (the page spells it in the house format) or words. */
export type Fact = { key: string; date: string } | { key: string; text: string };

export interface HistoryEntry {
	kind: HistoryKind;
	title: string;
	on: string | null;
	facts: Fact[];
	/** Where it came from, in the case system's own ids. */
	ids: string;
}

export interface CaseHistory {
	years: { year: string; entries: HistoryEntry[] }[];
	/** Kinds with more rows than the page shows: "and N more". */
	more: { kind: HistoryKind; title: string; shown: number; of: number }[];
}

const KIND: Record<HistoryKind, { title: string; plural: string; idName: string }> = {
	referral: { title: "Referral", plural: "referrals", idName: "referral" },
	assessment: { title: "Assessment", plural: "assessments", idName: "assessment" },
	s47: { title: "Section 47 enquiry", plural: "section 47 enquiries", idName: "enquiry" },
	icpc: {
		title: "Initial child protection conference",
		plural: "initial child protection conferences",
		idName: "conference",
	},
	"cp-plan": { title: "Child protection plan", plural: "child protection plans", idName: "plan" },
	"cin-plan": { title: "Child in need plan", plural: "child in need plans", idName: "plan" },
	"cla-episode": { title: "Looked after", plural: "looked-after episodes", idName: "episode" },
	"legal-status": { title: "Legal status", plural: "legal statuses", idName: "legal status" },
	placement: { title: "Placement", plural: "placements", idName: "placement" },
	missing: { title: "Missing episode", plural: "missing episodes", idName: "episode" },
	permanence: { title: "Permanence", plural: "permanence records", idName: "record" },
	"care-leaver": { title: "Care leaver", plural: "care leaver records", idName: "record" },
};

export const kindPlural = (kind: HistoryKind) => KIND[kind].plural;

// Each kind's lines, in reading order: [label, column, how to read it].
type Read = "date" | "text" | "flag" | "outcomes" | CodeWords;
const LINES: Record<HistoryKind, readonly [string, string, Read][]> = {
	referral: [
		["Referred", "date", "date"],
		["Referred by", "source", REFERRAL_SOURCE],
		["Primary need", "need", PRIMARY_NEED],
		["Outcome", "outcome", "outcomes"],
		["No further action", "nfa", "flag"],
		["Closed", "closed", "date"],
		["Reason for closure", "closeReason", CLOSURE_REASON],
	],
	assessment: [
		["Started", "start", "date"],
		["Authorised", "authorised", "date"],
		["Child seen", "childSeen", "flag"],
		["Outcome", "outcome", "outcomes"],
		["No further action", "nfa", "flag"],
		["Referral", "referral", "text"],
	],
	s47: [
		["Started", "start", "date"],
		["Ended", "end", "date"],
		["Outcome", "outcome", "outcomes"],
		["No further action", "nfa", "flag"],
		["Referral", "referral", "text"],
	],
	icpc: [
		["Held", "date", "date"],
		["Due by", "target", "date"],
		["Child protection plan agreed", "cpPlan", "flag"],
		["Outcome", "outcome", "outcomes"],
		["Referral", "referral", "text"],
	],
	"cp-plan": [
		["Started", "start", "date"],
		["Ended", "end", "date"],
		["Initial category", "initialCategory", "text"],
		["Latest category", "latestCategory", "text"],
		["Referral", "referral", "text"],
	],
	"cin-plan": [
		["Started", "start", "date"],
		["Ended", "end", "date"],
		["Referral", "referral", "text"],
	],
	"cla-episode": [
		["Started", "start", "date"],
		["Reason started", "startReason", "text"],
		["Primary need", "need", PRIMARY_NEED],
		["Ended", "ceased", "date"],
		["Reason ended", "ceasedReason", "text"],
		["Period of care", "periodOfCare", "text"],
	],
	"legal-status": [
		["Status", "status", LEGAL_STATUS],
		["From", "start", "date"],
		["Until", "end", "date"],
	],
	placement: [
		["Started", "start", "date"],
		["Ended", "end", "date"],
		["Placement type", "type", PLACEMENT_TYPE],
		["Reason for change", "changeReason", "text"],
		["Period of care", "periodOfCare", "text"],
	],
	missing: [
		["Type", "type", MISSING_TYPE],
		["From", "start", "date"],
		["Until", "end", "date"],
		["Return interview offered", "rhiOffered", "flag"],
		["Return interview accepted", "rhiAccepted", "flag"],
	],
	permanence: [
		["Decision that adoption is in the child's interests", "admDecision", "date"],
		["Placement order", "placementOrder", "date"],
		["Matched", "matched", "date"],
		["Placed for adoption", "placedForAdoption", "date"],
		["Permanence order", "orderDate", "date"],
		["Type of order", "orderType", "text"],
		["Decision reversed", "reversed", "date"],
		["Reason reversed", "reversedReason", "text"],
		["Period of care", "periodOfCare", "text"],
	],
	"care-leaver": [
		["Latest contact", "latestContact", "date"],
		["Eligibility", "eligibility", "text"],
		["In touch", "inTouch", "text"],
		["Accommodation", "accommodation", "text"],
		["Activity", "activity", "text"],
		["Pathway plan reviewed", "pathwayReview", "date"],
	],
};

function factsOf(row: HistoryRow): Fact[] {
	const out: Fact[] = [];
	for (const [key, column, read] of LINES[row.kind]) {
		const value = row.facts[column]?.trim() || null;
		if (read === "outcomes") {
			const outcomes = outcomesOf(value);
			if (outcomes.length) out.push({ key, text: outcomes.join(", ") });
			continue;
		}
		if (value === null) continue;
		if (read === "date") out.push({ key, date: value });
		else if (read === "text") out.push({ key, text: value });
		else if (read === "flag") out.push({ key, text: /^y/i.test(value) ? "Yes" : /^n/i.test(value) ? "No" : value });
		else out.push({ key, text: wordsOr(read, value, column === "source" ? row.facts.sourceDesc : null) });
	}
	return out;
}

// A code the list does not know reads as the case system's own description when there is one.
const wordsOr = (words: CodeWords, code: string, described: string | null | undefined) =>
	words[code.toUpperCase()] || !described?.trim() ? (inWords(words, code) ?? code) : `${described.trim()} (${code})`;

const byNewest = (a: HistoryRow, b: HistoryRow) => {
	// Undated rows last: nobody can place them in the child's story.
	if (a.on !== b.on) return a.on === null ? 1 : b.on === null ? -1 : a.on < b.on ? 1 : -1;
	const kinds = HISTORY_KINDS.indexOf(a.kind) - HISTORY_KINDS.indexOf(b.kind);
	if (kinds) return kinds;
	return a.source.localeCompare(b.source) || a.id.localeCompare(b.id);
};

/** The child's imported history, newest first by year, or null when nothing is linked. */
export function caseHistoryOf(rows: readonly HistoryRow[]): CaseHistory | null {
	if (!rows.length) return null;
	const years: CaseHistory["years"] = [];
	for (const row of [...rows].sort(byNewest)) {
		const year = row.on ? row.on.slice(0, 4) : "Date not recorded";
		if (years.at(-1)?.year !== year) years.push({ year, entries: [] });
		const kind = KIND[row.kind];
		years.at(-1)?.entries.push({
			kind: row.kind,
			title: kind.title,
			on: row.on,
			facts: factsOf(row),
			ids: `${row.source}: ${kind.idName} ${row.id}, person ${row.person}`,
		});
	}
	const more = HISTORY_KINDS.flatMap((kind) => {
		const ofKind = rows.filter((r) => r.kind === kind);
		const of = Math.max(0, ...ofKind.map((r) => r.ofKind));
		return of > ofKind.length ? [{ kind, title: KIND[kind].plural, shown: ofKind.length, of }] : [];
	});
	return { years, more };
}
