/**
 * The SSD module's entry point (issue 17): importing an extract into the ssd_* tables and
 * exporting them again. No pages yet, so no manifest in the module list: the commands in
 * scripts/ use these directly, and the upload page will add the manifest.
 */
export { analystByEmail, SSD_ANALYSTS, type SsdActor } from "./access.ts";
export { type ExportRequest, type ExportResult, SsdExportService } from "./export.ts";
export { filesInDirectory, type SsdFile } from "./files.ts";
export { type ImportedFileSummary, type ImportRequest, type ImportSummary, SsdImportService } from "./import.ts";
export { PROBLEM_COLUMNS, problemsCsv } from "./problems-csv.ts";
