/**
 * Reading the import form's multipart body (ADR 34): its text fields become the request's
 * body, as a url-encoded form's would, so the platform's CSRF and once-only checks read
 * them unchanged; its files are held in memory, up to the stated limit, on the request
 * beside the body (a draft kept after a timed-out session keeps only the text). Past the
 * limit the rest is read and dropped, so the browser gets the form back with the error
 * rather than a broken connection; nothing is kept until the CSRF check has passed.
 */
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";

/** The most an upload may hold, all files together: what the import holds in memory and the jobs' table stores. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
export const MAX_UPLOAD_TEXT = "50 MB";
/** The 31 tables, with room for a stray file or two that the import reports and passes over. */
export const MAX_FILES = 40;

export interface Upload {
	files: { name: string; content: Uint8Array }[];
	/** Why the files were not kept, in words for the form. */
	refused: string | null;
}

declare module "fastify" {
	interface FastifyRequest {
		ssdUpload: Upload | null;
	}
}

/** In an encapsulated scope: the multipart parser serves only the routes registered in it. */
export async function registerUploads(scope: FastifyInstance): Promise<void> {
	await scope.register(multipart, {
		limits: { fileSize: MAX_UPLOAD_BYTES, files: MAX_FILES, fields: 10, fieldSize: 4096, parts: MAX_FILES + 10 },
		// A file past the limit is cut short and said so (`truncated`), not thrown as a 413 mid-stream.
		throwFileSizeLimit: false,
	});
	scope.decorateRequest("ssdUpload", null);
	scope.addHook("preValidation", async (request: FastifyRequest) => {
		if (!request.isMultipart()) return;
		request.ssdUpload = await readUpload(request);
	});
}

async function readUpload(request: FastifyRequest): Promise<Upload> {
	const body: Record<string, string> = {};
	const files: Upload["files"] = [];
	let total = 0;
	let refused: string | null = null;
	try {
		for await (const part of request.parts()) {
			if (part.type === "field") {
				if (typeof part.value === "string" && !(part.fieldname in body)) body[part.fieldname] = part.value;
				continue;
			}
			// A file input left empty still sends a part, with no name and no bytes.
			if (!part.filename) {
				part.file.resume();
				continue;
			}
			if (refused) {
				part.file.resume();
				continue;
			}
			const chunks: Buffer[] = [];
			// Read to its end even past the limit (breaking off would destroy the stream the
			// rest of the form is still arriving on); only what is within the limit is held.
			for await (const chunk of part.file) {
				total += chunk.length;
				if (total <= MAX_UPLOAD_BYTES) chunks.push(chunk);
			}
			if (total > MAX_UPLOAD_BYTES || part.file.truncated) {
				refused = `The files must be ${MAX_UPLOAD_TEXT} or less in all. Larger extracts are imported with npm run import:ssd (docs/ssd-csv.md)`;
				files.length = 0;
				continue;
			}
			files.push({ name: part.filename, content: Buffer.concat(chunks) });
		}
	} catch (error) {
		// Busboy's own limits (too many files or fields): said in words, never a 500.
		if ((error as { code?: string }).code === "FST_FILES_LIMIT") {
			refused = `Choose at most ${MAX_FILES} files: one for each SSD table`;
			files.length = 0;
		} else if ((error as { statusCode?: number }).statusCode === 413) {
			refused = "The form sent more than it has fields for. Reload the page and try again";
			files.length = 0;
		} else {
			throw error;
		}
	}
	request.body = body;
	return { files, refused };
}
