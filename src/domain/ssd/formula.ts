/**
 * Spreadsheets run a cell that begins with =, +, - or @ as a formula, and some treat a
 * leading tab or carriage return the same way, so a name typed as "=HYPERLINK(…)" in a case
 * system could act when an analyst opens our export. Such a text cell is written with a
 * leading apostrophe, which spreadsheets show as text and do not display. Only text and
 * code columns go through this: numbers and dates are written by us and may start with "-".
 * Pure.
 */
const TRIGGERS = new Set(["=", "+", "-", "@", "\t", "\r"]);

export function escapeFormula(text: string): string {
	return text.length > 0 && TRIGGERS.has(text[0]) ? `'${text}` : text;
}
