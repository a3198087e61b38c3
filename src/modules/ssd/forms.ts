// The import form: the extract's source and whether to load only the valid rows. The files
// come beside the body (upload.ts) and are checked in routes.ts with the same error summary.
import { z } from "zod";
import { field, form } from "../../platform/forms.ts";
import { RESERVED_SOURCE_MESSAGE, SOURCE_MAX, THRESHOLD_SOURCE } from "./import.ts";

const oneText = (v: unknown) => String((Array.isArray(v) ? v[0] : v) ?? "").trim();

export const IMPORT_FORM = form({
	source: z.preprocess(
		oneText,
		z
			.string()
			.min(1, "Enter the source: the case system the extract came from, such as liquidlogic")
			.max(SOURCE_MAX, `The source must be ${SOURCE_MAX} characters or fewer`)
			.regex(/^[A-Za-z0-9-]*$/, "The source must only include letters, numbers and hyphens, such as mosaic-2019")
			.refine((name) => name.toLowerCase() !== THRESHOLD_SOURCE, RESERVED_SOURCE_MESSAGE),
	),
	validOnly: field.ticked(),
});

/** The reviewer's answer to a linking question: a listed person's id, or "new". */
export const LINK_FORM = form({
	answer: z.preprocess(
		oneText,
		z
			.string()
			.regex(
				/^(new|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i,
				"Select the person this child is, or that none of them is",
			),
	),
});
