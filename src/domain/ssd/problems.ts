/**
 * One thing wrong with an SSD file, said so that the analyst who exported it can find and
 * fix it: which file, which row as a spreadsheet numbers it (the header is row 1), which
 * column, and why. An error keeps the row (or the file) out; a warning is only reported.
 */
export interface SsdProblem {
	file: string;
	/** The row as a spreadsheet shows it, the header being row 1; null when it concerns the whole file. */
	row: number | null;
	/** The column as the file names it, or the spec's name when the file lacks it; null for a whole row or file. */
	column: string | null;
	severity: "error" | "warning";
	reason: string;
}

export const isError = (p: SsdProblem) => p.severity === "error";
