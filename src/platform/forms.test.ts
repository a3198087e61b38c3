import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { field, form, parseForm } from "./forms.ts";

const SOURCES = { police: "Police", school: "School" } as const;

const example = form(
	{
		concern: field.text("The concern", 20, "Enter the concern"),
		note: field.optionalText("A note", 5),
		source: field.choice(SOURCES, "Select who the contact is from"),
		received: field.dateTime("The time received", "Enter when it was received"),
		born: field.date("Date of birth"),
		version: field.version(),
	},
	(v) => (v.source === "school" && v.note === null ? { note: "A school's contact needs a note" } : undefined),
);

const good = {
	concern: "  Bruise on arm  ",
	note: "",
	source: "school",
	"received-day": "3",
	"received-month": "12",
	"received-year": "2026",
	"received-time": "2:30pm",
	version: "4",
};

describe("one way to read a form", () => {
	test("every field's problem and the rules' are reported in one round, in page order", () => {
		const result = parseForm(example, {
			concern: "",
			note: "far too long",
			source: "school",
			"received-day": "31",
			"received-month": "2",
			"received-year": "2026",
			version: "1.5",
		});
		assert.equal(result.ok, false);
		if (result.ok) return;
		assert.deepEqual(
			result.errors.summary.map((s) => s.href),
			["#concern", "#note", "#received-day", "#version"],
		);
		assert.equal(result.errors.fields.note.text, "A note must be 5 characters or fewer (you entered 12)");
		assert.match(result.errors.fields["received-day"].text, /must include a time|real date/);
		assert.match(result.errors.fields.version.text, /out of date/);
	});

	test("rules see the fields that parsed and can report a problem beside other fields' problems", () => {
		const result = parseForm(example, { ...good, concern: "" });
		assert.equal(result.ok, false);
		if (result.ok) return;
		assert.deepEqual(Object.keys(result.errors.fields), ["concern", "note"]);
		// The rule's problem about the note sits where the note is on the page, not after every field's.
		const withDate = parseForm(example, { ...good, concern: "", "received-time": "" });
		assert.ok(!withDate.ok);
		if (!withDate.ok)
			assert.deepEqual(
				withDate.errors.summary.map((s) => s.href),
				["#concern", "#note", "#received-day"],
			);
		assert.equal(result.partial.source, "school");
	});

	test("good input is trimmed, typed and converted; a date left empty is null", () => {
		const result = parseForm(example, { ...good, note: " ok " });
		assert.ok(result.ok);
		if (!result.ok) return;
		assert.equal(result.value.concern, "Bruise on arm");
		assert.equal(result.value.note, "ok");
		assert.equal(result.value.source, "school");
		assert.equal(result.value.received?.toISOString(), "2026-12-03T14:30:00.000Z");
		assert.equal(result.value.born, null);
		assert.equal(result.value.version, 4);
	});

	test("a code not on the list, a field sent twice, and a missing required date are refused with the form's words", () => {
		const result = parseForm(example, {
			...good,
			source: "hospital",
			concern: ["first", "second"],
			"received-day": "",
			"received-month": "",
			"received-year": "",
			"received-time": "",
		});
		assert.equal(result.ok, false);
		if (result.ok) return;
		assert.equal(result.errors.fields.source.text, "Select who the contact is from");
		assert.equal(result.errors.fields["received-day"].text, "Enter when it was received");
		assert.equal(result.partial.concern, "first");
	});

	test("text over its limit is refused saying the limit and the length, never cut", () => {
		const result = parseForm(example, { ...good, concern: "x".repeat(21) });
		assert.equal(result.ok, false);
		if (result.ok) return;
		assert.equal(result.errors.fields.concern.text, "The concern must be 20 characters or fewer (you entered 21)");
	});
});
