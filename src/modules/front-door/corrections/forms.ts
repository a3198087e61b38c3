import { z } from "zod";
import { isSentence } from "../../../domain/text.ts";
import { field, form, type Problems } from "../../../platform/forms.ts";

const HOW = {
	duplicate: "A duplicate notification of an incident already recorded",
	error: "Entered in error",
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const oneText = (v: unknown) => String((Array.isArray(v) ? v[0] : v) ?? "").trim();

/** Withdrawing a child from the front door: a duplicate (of which earlier contact) or an entry in error (why). */
export const WITHDRAW_FORM = form(
	{
		version: field.version(),
		how: field.choice(HOW, "Choose why this child leaves the front door"),
		// One of the earlier contacts listed; which ones those are is the service's to check.
		duplicateOf: z.preprocess(
			(v) => oneText(v) || null,
			z.string().regex(UUID, "Choose the earlier contact about the same incident").nullable(),
		),
		reason: field.optionalText("What was wrong", 4000),
	},
	(v) => {
		const p: Problems = {};
		if (v.how === "duplicate" && v.duplicateOf === null) {
			p.duplicateOf = "Choose the earlier contact about the same incident";
		}
		if (v.how === "error" && v.reason === null) p.reason = "Say why this was entered in error";
		else if (v.how === "error" && v.reason && !isSentence(v.reason)) {
			p.reason = "Say in a sentence why this was entered in error: what was wrong with it";
		}
		return p;
	},
);

/** A manager's answer to a withdrawal someone else asked for. */
export const WITHDRAWAL_ANSWERS = {
	agree: "Yes, withdraw the child",
	refuse: "No, the child stays in the front door",
} as const;

export const CONFIRM_WITHDRAWAL_FORM = form({
	answer: field.choice(WITHDRAWAL_ANSWERS, "Say whether the child is withdrawn"),
	note: field.sentence(
		"Your reasons",
		4000,
		"Give your reasons",
		"Give your reasons in a sentence: what you checked before answering",
	),
});
