/**
 * How alike two folded names are, as a typist gets them wrong: edit distance with
 * transpositions, Jaro–Winkler, and the two combined into "a likely slip". Pure.
 */

/** Damerau–Levenshtein distance (optimal string alignment): a transposition costs one edit. */
export function damerauLevenshtein(a: string, b: string): number {
	const s = [...a];
	const t = [...b];
	const width = t.length + 1;
	// Three rows of the table are enough: the one being filled and the two before it.
	let before = new Uint16Array(width);
	let previous = Uint16Array.from({ length: width }, (_, j) => j);
	let current = new Uint16Array(width);
	for (let i = 1; i <= s.length; i++) {
		current[0] = i;
		for (let j = 1; j <= t.length; j++) {
			const cost = s[i - 1] === t[j - 1] ? 0 : 1;
			let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
			if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, before[j - 2] + 1);
			current[j] = d;
		}
		[before, previous, current] = [previous, current, before];
	}
	return previous[t.length];
}

/** Jaro–Winkler similarity, 0–1, favouring strings that share their first letters. */
export function jaroWinkler(a: string, b: string): number {
	if (a === b) return 1;
	if (a.length === 0 || b.length === 0) return 0;
	const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
	const matchedA = new Array<boolean>(a.length).fill(false);
	const matchedB = new Array<boolean>(b.length).fill(false);
	let matches = 0;
	for (let i = 0; i < a.length; i++) {
		for (let j = Math.max(0, i - window); j <= Math.min(b.length - 1, i + window); j++) {
			if (matchedB[j] || a[i] !== b[j]) continue;
			matchedA[i] = true;
			matchedB[j] = true;
			matches++;
			break;
		}
	}
	if (matches === 0) return 0;
	let halfTranspositions = 0;
	let k = 0;
	for (let i = 0; i < a.length; i++) {
		if (!matchedA[i]) continue;
		while (!matchedB[k]) k++;
		if (a[i] !== b[k]) halfTranspositions++;
		k++;
	}
	const jaro = (matches / a.length + matches / b.length + (matches - halfTranspositions / 2) / matches) / 3;
	let prefix = 0;
	while (prefix < 4 && prefix < Math.min(a.length, b.length) && a[prefix] === b[prefix]) prefix++;
	return jaro + prefix * 0.1 * (1 - jaro);
}

/** A likely slip of the keyboard: one edit in a short name, two in a long one, or very close by Jaro–Winkler. */
export function isTypo(a: string, b: string): boolean {
	if (Math.min(a.length, b.length) < 3) return false;
	const allowed = Math.max(a.length, b.length) >= 8 ? 2 : 1;
	// Names further apart in length than the edits allowed can only be close by Jaro–Winkler.
	if (Math.abs(a.length - b.length) <= allowed && damerauLevenshtein(a, b) <= allowed) return true;
	return jaroWinkler(a, b) >= 0.9;
}
