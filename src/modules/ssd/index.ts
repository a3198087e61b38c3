/**
 * The SSD module's entry point (issue 17): importing an extract into the ssd_* tables,
 * exporting them again, and a child's imported history on the person's page (ADR 38). The
 * commands in scripts/ use the services directly; the app runs uploaded imports as
 * background jobs (ADR 34), whose runner main.ts starts.
 */
import type { ModuleManifest } from "../../platform/modules.ts";
import { LINKERS, SSD_ANALYSTS } from "./access.ts";
import { caseHistory } from "./history.ts";
import { SsdImportService } from "./import.ts";
import { SsdImportJobs } from "./jobs.ts";
import { SsdLinkQuestions } from "./link-questions.ts";
import { LINK_TASK, LINK_TIMESCALE, SsdLinker } from "./linking.ts";
import { SsdQuality } from "./quality.ts";
import { registerSsd } from "./routes.ts";
import { SsdImportRunner } from "./runner.ts";

export { analystByEmail, LINKERS, SSD_ANALYSTS, type SsdActor } from "./access.ts";
export { type ExportRequest, type ExportResult, SsdExportService } from "./export.ts";
export { filesInDirectory, type SsdFile } from "./files.ts";
export { caseHistory, historySql } from "./history.ts";
export {
	type ImportedFileSummary,
	type ImportProgress,
	type ImportRequest,
	type ImportSummary,
	SsdImportService,
} from "./import.ts";
export { SsdImportJobs } from "./jobs.ts";
export { type LinkProgress, type LinkSummary, SsdLinker } from "./linking.ts";
export { PROBLEM_COLUMNS, problemsCsv } from "./problems-csv.ts";
export { type QualityCount, type QualityRow, SsdQuality } from "./quality.ts";
export { SsdImportRunner } from "./runner.ts";

declare module "../../platform/services.ts" {
	interface Services {
		ssdImportJobs: SsdImportJobs;
		/** Started by main.ts (and by a test that needs jobs run), never by building the app. */
		ssdImportRunner: SsdImportRunner;
		ssdQuality: SsdQuality;
		ssdLinker: SsdLinker;
		ssdLinkQuestions: SsdLinkQuestions;
	}
}

export const ssd: ModuleManifest = {
	name: "ssd",
	// Only analysts import (ADR 33); the pages show the extract's problems, which quote its cells.
	routes: {
		"GET /ssd/imports": { access: SSD_ANALYSTS, shows: "nothing-personal" },
		"GET /ssd/imports/new": { access: SSD_ANALYSTS, shows: "nothing-personal" },
		"POST /ssd/imports": { access: SSD_ANALYSTS },
		"GET /ssd/imports/:jobId": { access: SSD_ANALYSTS, shows: { record: "ssd-import-job", param: "jobId" } },
		"GET /ssd/imports/:jobId/problems.csv": {
			access: SSD_ANALYSTS,
			shows: { record: "ssd-import-job", param: "jobId" },
		},
		"POST /ssd/imports/:jobId/rerun": { access: SSD_ANALYSTS },
		// Those who do the linking task; the page logs the question and each candidate shown.
		"GET /ssd/links/:questionId": { access: LINKERS, shows: { record: "ssd-link-question", param: "questionId" } },
		"POST /ssd/links/:questionId": { access: LINKERS },
		// Counts only; the rows and their CSV quote children's records, each row shown logged.
		"GET /ssd/quality": { access: SSD_ANALYSTS, shows: "nothing-personal" },
		"GET /ssd/quality/rows": { access: SSD_ANALYSTS, shows: { list: "ssd-row" } },
		"GET /ssd/quality/rows.csv": { access: SSD_ANALYSTS, shows: { list: "ssd-quality-check" } },
	},
	services: ({ db, accessLog, now, services }) => {
		const jobs = new SsdImportJobs(db, accessLog, now);
		const importer = new SsdImportService(db, accessLog, now);
		const linker = new SsdLinker(db, accessLog, now, services.tasks, services.settings);
		return {
			ssdImportJobs: jobs,
			ssdImportRunner: new SsdImportRunner(db, jobs, importer, linker, { now }),
			ssdLinker: linker,
			ssdLinkQuestions: new SsdLinkQuestions(db, accessLog, now, services.tasks, services.recordAccess),
			ssdQuality: new SsdQuality(db),
		};
	},
	register: registerSsd,
	// The child's imported history on the person's page (ADR 38): the people module is listed
	// before this one and never imports it; the page's access check and view row cover it.
	personSections: [{ template: "modules/ssd/views/person-history.njk", read: caseHistory }],
	tasks: {
		[LINK_TASK]: {
			name: "Say which person an imported child is",
			roles: LINKERS,
			href: (t) => `/ssd/links/${t.recordId}`,
		},
	},
	timescales: [LINK_TIMESCALE],
	personLinksKept: [
		{
			table: "extract_person_link",
			column: "person_id",
			why: "a link names the person it was made to; the history follows merged_into, so undoing a merge gives it back",
		},
	],
	navigation: [{ href: "/ssd/imports", text: "Imports", order: 60 }],
	home: [
		{
			href: "/ssd/imports/new",
			text: "Import case history",
			hint: "Load an SSD extract from the council's case system",
			order: 60,
		},
	],
};
