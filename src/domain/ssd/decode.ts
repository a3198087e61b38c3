/**
 * Bytes to text for SSD files. Case systems and spreadsheets save CSV as UTF-8 (with or
 * without a byte order mark) or, from Excel's "Unicode text", UTF-16 with a mark; the mark
 * decides, and without one the text must be UTF-8. Chunk by chunk, so a file of any size
 * passes through without being held. Pure.
 */

export class SsdEncodingError extends Error {}

type Encoding = "utf-8" | "utf-16le" | "utf-16be";

/** The encoding a byte order mark names, and the mark's length; UTF-8 without one. */
export function sniffEncoding(start: Uint8Array): { encoding: Encoding; markLength: number } {
	if (start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf) return { encoding: "utf-8", markLength: 3 };
	if (start[0] === 0xff && start[1] === 0xfe) return { encoding: "utf-16le", markLength: 2 };
	if (start[0] === 0xfe && start[1] === 0xff) return { encoding: "utf-16be", markLength: 2 };
	return { encoding: "utf-8", markLength: 0 };
}

const describe = (encoding: Encoding) => (encoding === "utf-8" ? "UTF-8" : "UTF-16");

/**
 * The text of a byte stream. Bytes that are not text in the encoding (a Windows-1252 "£"
 * in a file without a mark, a file cut in the middle of a character) stop it with an
 * SsdEncodingError rather than becoming replacement characters in a child's record.
 */
export async function* decodeText(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
	let decoder: TextDecoder | undefined;
	let encoding: Encoding = "utf-8";
	// The first bytes are held until there are enough to recognise a mark (3 for UTF-8).
	let head = new Uint8Array(0);
	const decode = (bytes: Uint8Array, stream: boolean): string => {
		try {
			return decoder!.decode(bytes, { stream });
		} catch {
			throw new SsdEncodingError(
				`The file is not ${describe(encoding)} text: some of its bytes are not characters. Save it again as "CSV UTF-8".`,
			);
		}
	};
	for await (const chunk of chunks) {
		if (typeof chunk === "string") {
			yield chunk;
			continue;
		}
		if (!decoder) {
			const joined = new Uint8Array(head.length + chunk.length);
			joined.set(head);
			joined.set(chunk, head.length);
			if (joined.length < 3) {
				head = joined;
				continue;
			}
			const sniffed = sniffEncoding(joined);
			encoding = sniffed.encoding;
			decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
			const text = decode(joined.subarray(sniffed.markLength), true);
			if (text) yield text;
			continue;
		}
		const text = decode(chunk, true);
		if (text) yield text;
	}
	if (!decoder) {
		// Fewer than three bytes in all.
		const sniffed = sniffEncoding(head);
		encoding = sniffed.encoding;
		decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
		const text = decode(head.subarray(sniffed.markLength), false);
		if (text) yield text;
		return;
	}
	const rest = decode(new Uint8Array(0), false);
	if (rest) yield rest;
}
