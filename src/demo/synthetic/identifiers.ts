import { makeNhsNumber, makeUpn } from "../../domain/people/identifiers.ts";

// NHS numbers, UPNs and postcodes that pass the application's own checks (the check
// digit and letter come from domain/people/identifiers.ts), so validation and returns
// can be exercised on synthetic people without touching a real identifier.

const NHS_PREFIXES = 1_000_000;
// Odd and not a multiple of 5, so coprime with 10^6: i -> i * STRIDE + offset visits every
// six-digit tail once, in an order that does not look sequential.
const NHS_STRIDE = 482_711;

/**
 * Hands out unique test-range NHS numbers with valid check digits. There are only about
 * 909,000 of them (a tenth of tails have no valid check digit), so a council larger
 * than that runs out and later people get none: `next` then returns null.
 */
export class NhsNumbers {
	private used = 0;
	constructor(private readonly offset: number) {}

	next(): string | null {
		while (this.used < NHS_PREFIXES) {
			const tail = (this.used * NHS_STRIDE + this.offset) % NHS_PREFIXES;
			this.used++;
			// 999 000 0000 – 999 999 9999 is kept for testing: never a real patient's number.
			const number = makeNhsNumber(`999${String(tail).padStart(6, "0")}`);
			if (number !== null) return number;
		}
		return null;
	}
}

// The 23 letters a UPN may use: I, O and S are left out as too easily misread.
const UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ";

/** Kent's DfE LA number, characters 2–4 of every UPN its schools issue. */
export const KENT_LA = "886";
// Each issuing year has 2,500 establishment numbers (2000–4499) × 1,000 serials. The
// counter is scattered over them by a multiplier coprime with the total (so no repeats),
// which spreads a year's pupils over schools instead of filling one school at a time.
const PER_YEAR = 2_500_000;
const SCATTER = 7_919;

/**
 * UPNs as DfE lays them out: check letter, LA (3), DfE establishment number (4), the
 * last two digits of the year issued (2), a serial (3). A temporary UPN ends in a letter
 * instead of the serial's last digit. Counters per year make every UPN unique.
 */
export class Upns {
	private readonly issued = new Map<string, number>();

	next(yearIssued: number, temporary = false): string {
		const yy = String(yearIssued % 100).padStart(2, "0");
		const key = `${yy}${temporary ? "T" : ""}`;
		const n = this.issued.get(key) ?? 0;
		if (n >= PER_YEAR) throw new Error(`More than ${PER_YEAR} UPNs issued for one year`);
		this.issued.set(key, n + 1);
		const k = (n * SCATTER + 12_345) % PER_YEAR;
		const establishment = String(2000 + Math.floor(k / 1000));
		const serial = temporary
			? `${String(Math.floor((k % 1000) / 23) % 100).padStart(2, "0")}${UPN_LETTERS[(k % 1000) % 23]}`
			: String(k % 1000).padStart(3, "0");
		return makeUpn(`${KENT_LA}${establishment}${yy}${serial}`)!;
	}
}

// The two letters of an inward code never use C, I, K, M, O or V.
const INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";

export function inwardCode(pick: (n: number) => number): string {
	return `${pick(10)}${INWARD_LETTERS[pick(INWARD_LETTERS.length)]}${INWARD_LETTERS[pick(INWARD_LETTERS.length)]}`;
}
