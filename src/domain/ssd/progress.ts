/**
 * How long an import has left, from how far it has gone (ADR 34). Reading and checking the
 * files is most of the work and goes by bytes; writing goes by rows. The weights are rough,
 * and the estimate says nothing until there is enough behind it to be more than a guess.
 */

/** Share of the whole that reading and checking the files take; writing the rest. */
export const READING_SHARE = 0.6;
const MIN_ELAPSED_MS = 2000;
const MIN_DONE = 0.02;

export interface ProgressSoFar {
	phase: "reading" | "checking" | "writing";
	bytesRead: number;
	bytesTotal: number;
	rowsWritten: number;
	rowsToWrite: number;
}

/** How much of the import is done, from 0 to 1. */
export function fractionDone(p: ProgressSoFar): number {
	if (p.phase === "reading") return p.bytesTotal > 0 ? READING_SHARE * Math.min(1, p.bytesRead / p.bytesTotal) : 0;
	if (p.phase === "checking" || p.rowsToWrite === 0) return READING_SHARE;
	return READING_SHARE + (1 - READING_SHARE) * Math.min(1, p.rowsWritten / p.rowsToWrite);
}

/** Seconds left at the pace so far, or null while too little is done to say. */
export function secondsLeft(p: ProgressSoFar, elapsedMs: number): number | null {
	const done = fractionDone(p);
	if (elapsedMs < MIN_ELAPSED_MS || done < MIN_DONE) return null;
	return Math.ceil((elapsedMs * (1 - done)) / done / 1000);
}

/** The estimate in words, as the job's page says it. */
export function timeLeftText(seconds: number | null): string {
	if (seconds === null) return "Working it out";
	if (seconds < 60) return "Less than a minute";
	const minutes = Math.round(seconds / 60);
	if (minutes < 60) return minutes === 1 ? "About a minute" : `About ${minutes} minutes`;
	const hours = Math.round(minutes / 6) / 10;
	return `About ${hours} hours`;
}
