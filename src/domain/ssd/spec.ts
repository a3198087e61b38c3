/**
 * The Standard Safeguarding Dataset tables Threshold holds, as data: each table's columns
 * with the spec's names, item refs and types, and our reading of keys and required
 * columns (ADR 32). The JSON is pinned to one release of the spec, so a new release is a
 * new file and a reviewed diff, never a silent change. Pure.
 */
import pinned from "./spec-1.4.5.json" with { type: "json" };

/**
 * How a column's values are read:
 * text — kept as given (trimmed), checked against its length;
 * code — text whose known values are written in the spec's case;
 * date — a calendar date, with or without a time;
 * flag — Y or N;
 * integer, decimal — numbers;
 * json — a JSON document kept as text.
 */
export type FieldKind = "text" | "code" | "date" | "flag" | "integer" | "decimal" | "json";

/**
 * Why a column must be present and filled: it is the row's key, the spec says so, or it is
 * the link that attaches the row to a child (a person id, or the referral, period of care or
 * plan it belongs to). Any other column may be missing or empty.
 */
export type Required = "primary key" | "spec" | "link";

export interface SsdField {
	name: string;
	itemRef: string;
	/** Other names case systems' deployed SQL gives the column (same item ref), read as this one. */
	aliases?: string[];
	/** A column the deployed SQL extracts but the spec's YAML does not list (the UPN): kept, as linking needs it. */
	deployedOnly?: boolean;
	/** The type the spec's YAML gives, verbatim (nvarchar, nchar, datetime, int, float). */
	specType: string;
	/** The type in the case system's deployed DDL, where it is known. */
	sourceType?: string;
	kind: FieldKind;
	/** Characters allowed (text and code); none means unlimited. */
	maxLength?: number;
	codeSet?: string;
	primaryKey?: boolean;
	/** `table.column` the value points at. */
	foreignKey?: string;
	/** Present when our foreignKey differs from the spec's (null: the spec gives none). */
	specForeignKey?: string | null;
	required?: Required;
}

export interface SsdTable {
	name: string;
	primaryKey: string;
	fields: SsdField[];
}

export interface SsdSpec {
	standard: string;
	version: string;
	repository: string;
	commit: string;
	read: string[];
	codeSets: Record<string, string[]>;
	tables: SsdTable[];
}

export const SSD_SPEC: SsdSpec = pinned as SsdSpec;

const BY_NAME = new Map(SSD_SPEC.tables.map((t) => [t.name, t]));

export function ssdTable(name: string): SsdTable | undefined {
	return BY_NAME.get(name);
}

/** Tables a reference to which is only a warning when broken: case systems often hold workers and teams elsewhere. */
export const WARN_ONLY_TARGETS: ReadonlySet<string> = new Set(["ssd_professionals", "ssd_department"]);
