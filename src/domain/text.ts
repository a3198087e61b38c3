// A reason, note or rationale kept for others to read must say something: "x", "ok" or
// "Agreed." explain nothing, so a kept reason is at least a few words (ADR 23).

/** Words a kept reason needs at least. */
export const SENTENCE_WORDS = 4;

/** Whether the text is at least a short sentence: `words` words or more. */
export function isSentence(text: string, words = SENTENCE_WORDS): boolean {
	return text.trim().split(/\s+/).filter(Boolean).length >= words;
}
