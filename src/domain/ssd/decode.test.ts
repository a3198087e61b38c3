import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeText, SsdEncodingError } from "./decode.ts";

/** The bytes handed over in pieces of the given sizes, as a file stream would. */
async function* inPieces(bytes: number[], sizes: number[]) {
	let at = 0;
	for (const size of sizes) {
		yield new Uint8Array(bytes.slice(at, at + size));
		at += size;
	}
	if (at < bytes.length) yield new Uint8Array(bytes.slice(at));
}

async function text(chunks: AsyncIterable<Uint8Array>): Promise<string> {
	let all = "";
	for await (const piece of decodeText(chunks)) all += piece;
	return all;
}

// "Zoë,£5" written out byte by byte in each encoding.
const UTF8 = [0x5a, 0x6f, 0xc3, 0xab, 0x2c, 0xc2, 0xa3, 0x35];
const UTF16LE = [0x5a, 0, 0x6f, 0, 0xeb, 0, 0x2c, 0, 0xa3, 0, 0x35, 0];
const UTF16BE = [0, 0x5a, 0, 0x6f, 0, 0xeb, 0, 0x2c, 0, 0xa3, 0, 0x35];

describe("decoding an SSD file", () => {
	const cases: [string, number[], number[]][] = [
		["UTF-8 without a mark", UTF8, [100]],
		["UTF-8 with a mark", [0xef, 0xbb, 0xbf, ...UTF8], [100]],
		["UTF-8 with the mark split across pieces", [0xef, 0xbb, 0xbf, ...UTF8], [1, 1, 1, 2]],
		["UTF-8 with a character split across pieces", UTF8, [3, 1, 2]],
		["UTF-16 little-endian with its mark", [0xff, 0xfe, ...UTF16LE], [100]],
		["UTF-16 little-endian in odd-sized pieces", [0xff, 0xfe, ...UTF16LE], [3, 3, 5]],
		["UTF-16 big-endian with its mark", [0xfe, 0xff, ...UTF16BE], [100]],
	];
	for (const [what, bytes, sizes] of cases) {
		it(`reads ${what}`, async () => {
			assert.equal(await text(inPieces(bytes, sizes)), "Zoë,£5");
		});
	}

	it("reads a file shorter than a mark", async () => {
		assert.equal(await text(inPieces([0x41], [1])), "A");
		assert.equal(await text(inPieces([], [])), "");
	});

	it("refuses Windows-1252 bytes in a file without a mark", async () => {
		// "£5" as Windows-1252 writes it: 0xA3 alone is not UTF-8.
		await assert.rejects(text(inPieces([0x41, 0x2c, 0xa3, 0x35], [100])), SsdEncodingError);
	});

	it("refuses a file cut in the middle of a character", async () => {
		await assert.rejects(
			text(inPieces([0x41, 0xc3], [100])),
			(e: Error) => e instanceof SsdEncodingError && /not UTF-8 text/.test(e.message),
		);
	});
});
