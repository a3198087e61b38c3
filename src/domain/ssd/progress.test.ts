import assert from "node:assert/strict";
import { test } from "node:test";
import { fractionDone, secondsLeft, timeLeftText } from "./progress.ts";

const reading = (bytesRead: number) => ({
	phase: "reading" as const,
	bytesRead,
	bytesTotal: 1000,
	rowsWritten: 0,
	rowsToWrite: 0,
});

test("reading goes by bytes, up to the reading share; writing by rows, the rest", () => {
	assert.equal(fractionDone(reading(0)), 0);
	assert.equal(fractionDone(reading(500)), 0.3);
	assert.equal(fractionDone({ ...reading(1000), phase: "checking" }), 0.6);
	assert.equal(fractionDone({ ...reading(1000), phase: "writing", rowsToWrite: 400, rowsWritten: 100 }), 0.7);
	// Nothing to write (a refused import): the write phase is over at once.
	assert.equal(fractionDone({ ...reading(1000), phase: "writing" }), 0.6);
});

test("time left is the pace so far carried on, and nothing while too little is done", () => {
	// 30% done in 6 s: 14 s more.
	assert.equal(secondsLeft(reading(500), 6000), 14);
	assert.equal(secondsLeft(reading(500), 1000), null, "under two seconds in");
	assert.equal(secondsLeft(reading(10), 60_000), null, "under 2% done");
	assert.equal(secondsLeft({ ...reading(1000), phase: "writing", rowsToWrite: 10, rowsWritten: 10 }, 9000), 0);
});

test("the estimate in words", () => {
	assert.equal(timeLeftText(null), "Working it out");
	assert.equal(timeLeftText(59), "Less than a minute");
	assert.equal(timeLeftText(80), "About a minute");
	assert.equal(timeLeftText(600), "About 10 minutes");
	assert.equal(timeLeftText(5400), "About 1.5 hours");
});
