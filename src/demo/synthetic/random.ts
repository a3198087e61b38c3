// Seeded randomness. Math.random cannot be seeded, and faker's generator is too slow to
// drive millions of decisions, so the generator's own choices come from sfc32 here.

/** murmur3's finaliser: a bijection on 32-bit integers that scatters every input bit. */
export function mix32(value: number): number {
	let h = value >>> 0;
	h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
	h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
	return (h ^ (h >>> 16)) >>> 0;
}

/** A seed for one named stream, so adding draws to one stream never shifts another. */
export function streamSeed(seed: number, stream: string): number {
	let h = mix32(seed ^ 0x9e3779b9);
	for (let i = 0; i < stream.length; i++) h = mix32(h ^ stream.charCodeAt(i));
	return h;
}

export class Random {
	private a: number;
	private b: number;
	private c: number;
	private d: number;

	constructor(seed: number) {
		this.a = mix32(seed);
		this.b = mix32(seed + 0x6a09e667);
		this.c = mix32(seed + 0xbb67ae85);
		this.d = 1;
		for (let i = 0; i < 12; i++) this.next32();
	}

	next32(): number {
		const t = (((this.a + this.b) | 0) + this.d) | 0;
		this.d = (this.d + 1) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.c = (this.c + t) | 0;
		return t >>> 0;
	}

	/** [0, 1) */
	next(): number {
		return this.next32() / 4294967296;
	}

	/** An integer in [0, n). */
	int(n: number): number {
		return Math.floor(this.next() * n);
	}

	/** An integer in [min, max]. */
	between(min: number, max: number): number {
		return min + this.int(max - min + 1);
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)];
	}

	/** Roughly normal (sum of three uniforms): enough for ages and gaps, and cheap. */
	normal(mean: number, sd: number): number {
		return mean + sd * ((this.next() + this.next() + this.next() - 1.5) * 2);
	}
}

/** Values drawn in proportion to their weights, by binary search over the running totals. */
export class Weighted<T> {
	readonly values: readonly T[];
	private readonly cumulative: Float64Array;
	readonly total: number;

	constructor(entries: readonly (readonly [T, number])[]) {
		this.values = entries.map(([v]) => v);
		this.cumulative = new Float64Array(entries.length);
		let sum = 0;
		entries.forEach(([, w], i) => {
			sum += w;
			this.cumulative[i] = sum;
		});
		this.total = sum;
	}

	/** Weights falling with rank as in name frequency tables (a Zipf-like curve). */
	static ranked<T>(values: readonly T[], exponent = 0.9): Weighted<T> {
		return new Weighted(values.map((v, i) => [v, 1 / (i + 1) ** exponent] as const));
	}

	draw(random: Random): T {
		const target = random.next() * this.total;
		let lo = 0;
		let hi = this.cumulative.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.cumulative[mid] > target) hi = mid;
			else lo = mid + 1;
		}
		return this.values[lo];
	}

	weightOf(value: T): number {
		const i = this.values.indexOf(value);
		if (i < 0) return 0;
		return this.cumulative[i] - (i === 0 ? 0 : this.cumulative[i - 1]);
	}
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const hex32 = (w: number) => HEX[w >>> 24] + HEX[(w >>> 16) & 0xff] + HEX[(w >>> 8) & 0xff] + HEX[w & 0xff];
const tableLanes = new Map<string, number[]>();

/**
 * A UUID shaped like v4, derived from (seed, table, ordinal) alone: reruns give the same
 * ids, and the loader can name the first person's id before generating anything. Each
 * word mixes the seed and the ordinal independently, so ids from different seeds collide
 * no more often than random ones; the first word is a bijection of the ordinal, so ids
 * within one seed's table never collide at all.
 */
export function seededUuid(seed: number, table: string, ordinal: number): string {
	const key = `${seed}:${table}`;
	let lanes = tableLanes.get(key);
	if (lanes === undefined) {
		const base = streamSeed(seed, table);
		lanes = [0, 1, 2, 3].map((lane) => mix32(base + Math.imul(lane, 0x9e3779b9)));
		tableLanes.set(key, lanes);
	}
	const a = mix32(lanes[0] ^ mix32(ordinal));
	const b = mix32(lanes[1] ^ mix32(ordinal ^ 0x85ebca6b));
	const c = mix32(lanes[2] ^ mix32(ordinal ^ 0xc2b2ae35));
	const d = mix32(lanes[3] ^ mix32(ordinal ^ 0x27d4eb2f));
	// Version 4 in the third group, variant 10xx in the fourth.
	const hb = hex32(((b & 0xffff0fff) | 0x00004000) >>> 0);
	const hc = hex32(((c & 0x3fffffff) | 0x80000000) >>> 0);
	return `${hex32(a)}-${hb.slice(0, 4)}-${hb.slice(4)}-${hc.slice(0, 4)}-${hc.slice(4)}${hex32(d)}`;
}
