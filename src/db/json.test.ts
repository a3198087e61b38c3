import assert from "node:assert/strict";
import { test } from "node:test";
import { reviveTimestamps } from "./json.ts";

test("timestamp columns read as JSON come back as Dates; other text and nested JSON stay as stored", () => {
	const looksLikeATime = "2026-11-23T09:15:00+00:00";
	const [row] = reviveTimestamps([
		{
			at: "2026-11-23T09:15:00.123456+00:00",
			decided_at: "2026-11-23T10:00:00+00:00",
			signed_off_at: null,
			referral_date: "2026-11-20T08:00:00+00:00",
			due_on: "2026-11-30",
			concern: looksLikeATime,
			detail: { sent_at: looksLikeATime },
		},
	]);
	assert.ok(row.at instanceof Date);
	assert.equal(row.at.toISOString(), "2026-11-23T09:15:00.123Z");
	assert.equal(row.decided_at.toISOString(), "2026-11-23T10:00:00.000Z");
	assert.equal(row.signed_off_at, null);
	assert.equal(row.referral_date.toISOString(), "2026-11-20T08:00:00.000Z");
	assert.equal(row.due_on, "2026-11-30");
	assert.equal(row.concern, looksLikeATime);
	assert.deepEqual(row.detail, { sent_at: looksLikeATime });
	assert.equal(reviveTimestamps(null), null);
});
