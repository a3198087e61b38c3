import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { timeLeftText } from "../../domain/ssd/progress.ts";
import { Refused } from "../../platform/errors.ts";
import { type FormErrors, fieldError, noErrors, parseForm } from "../../platform/forms.ts";
import { isUuid } from "../../platform/requests.ts";
import type { SsdActor } from "./access.ts";
import { IMPORT_FORM } from "./forms.ts";
import { FINISHED, type Job, RERUNNABLE } from "./jobs.ts";
import { registerLinkQuestions } from "./link-routes.ts";
import type { LinkSummary } from "./linking.ts";
import { registerQuality } from "./quality-routes.ts";
import { MAX_FILES, MAX_UPLOAD_TEXT, registerUploads } from "./upload.ts";

/** The first problems of a refused import shown on its page; the rest are in the CSV. */
const FIRST_PROBLEMS = 10;

const STATE_TAGS: Record<Job["state"], { text: string; classes: string }> = {
	queued: { text: "Waiting", classes: "govuk-tag--grey" },
	running: { text: "Running", classes: "govuk-tag--blue" },
	done: { text: "Loaded", classes: "govuk-tag--green" },
	refused: { text: "Refused", classes: "govuk-tag--red" },
	failed: { text: "Failed", classes: "govuk-tag--red" },
	interrupted: { text: "Interrupted", classes: "govuk-tag--orange" },
};

const STATE_TEXT: Record<Job["state"], string> = {
	queued: "Waiting to start",
	running: "Running",
	done: "Loaded",
	refused: "Refused: nothing was loaded",
	failed: "Failed: nothing was loaded",
	interrupted: "Interrupted: nothing was loaded",
};

const count = (n: number) => n.toLocaleString("en-GB");
const size = (bytes: number) =>
	bytes < 1024 * 1024 ? `${Math.max(1, Math.ceil(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The job's figures as the page says them. */
function viewOf(job: Job) {
	return {
		stateText: STATE_TEXT[job.state],
		files: `${count(job.files_total)} (${size(job.bytes_total)})`,
		filesRead: `${count(job.files_read)} of ${count(job.files_total)}`,
		rowsRead: count(job.rows_read),
		rowsValid: count(job.rows_valid),
		rowsLoaded: count(job.rows_loaded),
		errors: count(job.errors),
		warnings: count(job.warnings),
		linking: linkingOf(job),
	};
}

const LINK_STATE_TEXT: Record<NonNullable<Job["link_state"]>, string> = {
	waiting: "Waiting to start",
	linking: "Linking",
	linked: "Done",
	failed: "Failed: the people linked so far stay linked. Ask your administrator to look at the app's log",
};

/** The linking phase as the page says it (ADR 36): where it is, and what it made. */
function linkingOf(job: Job) {
	if (!job.link_state) return null;
	const summary = job.link_summary as LinkSummary | null;
	const rows = [{ key: "People linked", value: LINK_STATE_TEXT[job.link_state] }];
	if (job.link_state === "linking" && job.link_to_match !== null) {
		rows.push({
			key: "Matched so far",
			value: `${count(job.link_matched ?? 0)} of ${count(job.link_to_match)} not linked for certain`,
		});
	}
	if (summary) {
		rows.push(
			{ key: "Linked by the case system's id", value: count(summary.byCaseSystemId) },
			{ key: "Linked by NHS number, name and date of birth", value: count(summary.byNhsNumber) },
			{ key: "New people made (no likely match)", value: count(summary.created) },
			{ key: "Waiting for someone to decide", value: count(summary.asked + summary.waiting) },
			{ key: "Already linked, kept", value: count(summary.kept) },
			{ key: "No longer in the extract, link removed", value: count(summary.removed) },
		);
	}
	return rows;
}

type Body = Record<string, unknown>;
const actorOf = (request: FastifyRequest): SsdActor => ({
	id: request.principal!.id,
	roles: request.principal!.roles,
});

export function registerSsd(app: FastifyInstance) {
	const jobs = () => app.services.ssdImportJobs;
	registerQuality(app);
	registerLinkQuestions(app);

	const renderForm = (reply: FastifyReply, values: Body = {}, errors: FormErrors = noErrors()) =>
		reply.page("modules/ssd/views/new-import.njk", {
			title: "Import case history",
			values,
			errors,
			maxUpload: MAX_UPLOAD_TEXT,
			maxFiles: MAX_FILES,
		});

	app.get("/ssd/imports", async (_request, reply) => {
		const recent = await jobs().recent(50);
		return reply.page("modules/ssd/views/imports.njk", {
			title: "Imports",
			jobs: recent.map((j) => ({
				...j,
				tag: STATE_TAGS[j.state],
				loaded: j.state === "done" ? count(j.rows_loaded) : "None",
			})),
		});
	});

	app.get("/ssd/imports/new", async (_request, reply) => renderForm(reply, { validOnly: false }));

	// The multipart form's route lives in a scope of its own, so only it parses uploads.
	app.register(async (scope) => {
		await registerUploads(scope);
		scope.post("/ssd/imports", async (request, reply) => {
			const body = (request.body ?? {}) as Body;
			const values = { source: body.source, validOnly: body.validOnly !== undefined && body.validOnly !== "" };
			const read = parseForm(IMPORT_FORM, body);
			const errors = read.ok ? noErrors() : read.errors;
			const upload = request.ssdUpload;
			if (upload?.refused) fieldError("files", upload.refused, errors);
			else if (!upload?.files.length) fieldError("files", "Choose the extract's CSV files", errors);
			if (!read.ok || errors.summary.length) return renderForm(reply.code(400), values, errors);
			const id = await jobs().queue(
				{ source: read.value.source, validOnly: read.value.validOnly, files: upload!.files },
				actorOf(request),
				request.id,
			);
			app.services.ssdImportRunner.nudge();
			return reply.redirect(`/ssd/imports/${id}`, 303);
		});
	});

	app.get("/ssd/imports/:jobId", async (request: FastifyRequest<{ Params: { jobId: string } }>, reply) => {
		const { jobId } = request.params;
		if (!isUuid(jobId)) return reply.callNotFound();
		const job = await jobs().get(jobId);
		const finished = FINISHED.includes(job.state);
		const refused = job.state === "refused" && job.import_id !== null;
		return reply.page("modules/ssd/views/import-job.njk", {
			title: `Import of ${job.ssd_source}`,
			job,
			view: viewOf(job),
			tag: STATE_TAGS[job.state],
			finished,
			timeLeft: timeLeftText(job.seconds_left),
			files: (job.files ?? []) as { file: string; table: string | null; rowsRead: number; rowsLoaded: number }[],
			problems: refused ? await jobs().problems(jobId, FIRST_PROBLEMS) : [],
			firstProblems: FIRST_PROBLEMS,
			canRerun: RERUNNABLE.includes(job.state),
			rerunBy: await jobs().rerunOf(jobId),
		});
	});

	app.get("/ssd/imports/:jobId/problems.csv", async (request: FastifyRequest<{ Params: { jobId: string } }>, reply) => {
		const { jobId } = request.params;
		if (!isUuid(jobId)) return reply.callNotFound();
		const job = await jobs().get(jobId);
		const stamp = (job.finished_at ?? job.queued_at).toISOString().replace(/[-:]/g, "").slice(0, 15);
		return reply
			.type("text/csv; charset=utf-8")
			.header(
				"content-disposition",
				`attachment; filename="ssd-problems-${job.ssd_source.replace(/[^\w-]+/g, "_")}-${stamp}.csv"`,
			)
			.send(jobs().problemsCsv(jobId));
	});

	app.post("/ssd/imports/:jobId/rerun", async (request: FastifyRequest<{ Params: { jobId: string } }>, reply) => {
		const { jobId } = request.params;
		if (!isUuid(jobId)) return reply.callNotFound();
		try {
			const id = await jobs().rerun(jobId, actorOf(request), request.id);
			app.services.ssdImportRunner.nudge();
			return reply.redirect(`/ssd/imports/${id}`, 303);
		} catch (error) {
			if (!(error instanceof Refused)) throw error;
			return reply.redirect(`/ssd/imports/${jobId}`, 303);
		}
	});
}
