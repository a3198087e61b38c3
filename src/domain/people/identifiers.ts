/**
 * NHS numbers, Unique Pupil Numbers and postcodes: each as typed, made canonical,
 * or a message for the person who typed it. Pure.
 */

/** NHS numbers are 10 digits; the last is a modulus 11 check on the first nine with weights 10 down to 2. */
const NHS_WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2];

/** Digits only, so "943 476 5919" and "943-476-5919" compare equal. */
export function normaliseNhsNumber(raw: string): string {
	return raw.replace(/\D/g, "");
}

/** The check digit for nine digits, or null when none exists (a remainder that would need 10). */
export function nhsCheckDigit(nineDigits: string): number | null {
	if (!/^\d{9}$/.test(nineDigits)) return null;
	let sum = 0;
	for (let i = 0; i < 9; i++) sum += Number(nineDigits[i]) * NHS_WEIGHTS[i];
	const check = 11 - (sum % 11);
	if (check === 10) return null;
	return check === 11 ? 0 : check;
}

export function nhsNumberProblem(raw: string): string | null {
	const typed = raw.trim();
	if (typed === "") return "Enter an NHS number";
	if (!/^[\d\s-]+$/.test(typed)) return "NHS number must only include numbers";
	const digits = normaliseNhsNumber(typed);
	if (digits.length !== 10) return "NHS number must be 10 digits";
	// "0000000000" and "1111111111" pass the check digit; they are placeholders, never real numbers.
	if (/^(\d)\1{9}$/.test(digits)) return "Enter a real NHS number, not the same digit 10 times";
	if (nhsCheckDigit(digits.slice(0, 9)) !== Number(digits[9])) {
		return "NHS number is not valid – check it for typing mistakes";
	}
	return null;
}

/** NHS England keeps numbers starting 999 for testing; the synthetic council uses only these. */
export function isTestRangeNhsNumber(raw: string): boolean {
	const digits = normaliseNhsNumber(raw);
	return digits.length === 10 && digits.startsWith("999");
}

/** A valid NHS number from nine digits, or null when that prefix has no valid check digit. */
export function makeNhsNumber(prefix: string): string | null {
	const check = nhsCheckDigit(prefix);
	if (check === null) return null;
	const number = `${prefix}${check}`;
	return nhsNumberProblem(number) === null ? number : null;
}

/** The DfE check-letter alphabet: A–Z without I, O and S, which look like 1, 0 and 5. */
const UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ";

export function normaliseUpn(raw: string): string {
	return raw.replace(/[\s-]/g, "").toUpperCase();
}

/**
 * The check letter for characters 2–13 of a UPN (DfE "Unique Pupil Numbers"): each character
 * times its position (2–13), a letter counting as its place in UPN_LETTERS, summed, modulo 23.
 * A temporary UPN ends in a letter; the same alphabet gives its value.
 */
export function upnCheckLetter(body: string): string | null {
	if (!/^\d{11}[\dA-Z]$/.test(body)) return null;
	let sum = 0;
	for (let i = 0; i < 12; i++) {
		const ch = body[i];
		const value = ch >= "0" && ch <= "9" ? Number(ch) : UPN_LETTERS.indexOf(ch);
		if (value < 0) return null;
		sum += value * (i + 2);
	}
	return UPN_LETTERS[sum % 23];
}

export function upnProblem(raw: string): string | null {
	const upn = normaliseUpn(raw);
	if (upn === "") return "Enter a UPN";
	if (upn.length !== 13) return "UPN must be 13 characters";
	if (!/^[A-Z]\d{11}[\dA-Z]$/.test(upn)) return "UPN must be a letter, 11 numbers, then a number or a letter";
	if (/[IOS]$/.test(upn)) return "UPN cannot end in I, O or S";
	if (upnCheckLetter(upn.slice(1)) !== upn[0]) return "UPN is not valid – check it for typing mistakes";
	return null;
}

/** A valid UPN from its last 12 characters (for synthetic data), or null when they cannot form one. */
export function makeUpn(body: string): string | null {
	const letter = upnCheckLetter(body);
	return letter === null ? null : `${letter}${body}`;
}

// Outward code shapes A9, A99, AA9, AA99, A9A, AA9A, with the letters Royal Mail allows in each
// position: never Q, V or X first; never I, J or Z second; only ABCDEFGHJKPSTUW third (A9A) and
// ABEHMNPRVWXY fourth (AA9A); the inward letters never C, I, K, M, O or V. So "Q1 1AA" is
// rejected: it has the shape but Royal Mail issues no such postcode, so it is a typing mistake.
const OUTWARD =
	/^(?:[A-PR-UWYZ]\d\d?|[A-PR-UWYZ][A-HK-Y]\d\d?|[A-PR-UWYZ]\d[A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y]\d[ABEHMNPRVWXY])$/;
const INWARD = /^\d[ABD-HJLNP-UW-Z]{2}$/;
// Girobank's historic non-geographic postcode. The person_address CHECK does not admit it, so
// it is valid here for searching but cannot be stored.
const GIROBANK = "GIR 0AA";

/** Upper case with one space before the last three characters, or null when not a UK postcode. */
export function normalisePostcode(raw: string): string | null {
	const compact = raw.replace(/\s+/g, "").toUpperCase();
	if (compact === GIROBANK.replace(" ", "")) return GIROBANK;
	const outward = compact.slice(0, -3);
	const inward = compact.slice(-3);
	return OUTWARD.test(outward) && INWARD.test(inward) ? `${outward} ${inward}` : null;
}

export function postcodeProblem(raw: string): string | null {
	if (raw.trim() === "") return "Enter a postcode";
	return normalisePostcode(raw) === null ? "Enter a real UK postcode, like ME14 1XQ" : null;
}

/** True for an outward code typed on its own ("ME14"), which narrows a search to a district. */
export function isOutwardCode(raw: string): boolean {
	const compact = raw.replace(/\s+/g, "").toUpperCase();
	return OUTWARD.test(compact) || compact === "GIR";
}

/** The outward code ("ME14") of a full postcode or of an outward code alone; null for anything else. */
export function outwardCode(postcode: string): string | null {
	const full = normalisePostcode(postcode);
	if (full !== null) return full.split(" ")[0];
	return isOutwardCode(postcode) ? postcode.replace(/\s+/g, "").toUpperCase() : null;
}
