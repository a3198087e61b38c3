import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.ts";
import type { Access } from "./permissions.ts";
import type { WorkScope } from "./record-access.ts";
import type { Role } from "./roles.ts";
import type { ServiceContext, Services } from "./services.ts";
import type { TaskKind } from "./tasks.ts";

/** What a route shows, so the platform can log views of children's records (the trust pass). */
export type Shows = { record: RecordKind; param: string } | { list: RecordKind } | "nothing-personal";
/** The access log's record type for what is shown: "person", "child", "contact", a module's own. */
export type RecordKind = string;

/** The people a record of a module's kind is about, for record-level access (ADR 21). */
export type RecordPeople = (db: Kysely<DB>, id: string) => Promise<string[]>;

/**
 * A module's record kind that only its own roles may open, never a user it is about nor
 * anyone in their management line (ADR 22): a LADO allegation, a complaint.
 */
export interface PrivateRecord {
	roles: readonly Role[];
	/** The users a record is about. */
	subjects(db: Kysely<DB>, id: string): Promise<string[]>;
}

/** A column that points at a person; `other`, when the row links two people, names the other column. */
export interface PersonLink {
	table: string;
	column: string;
	other?: string;
}

/**
 * A section a module adds to a person's page, after the people module's own (ADR 38). It is
 * read once the page's record-level access check has passed, and the page's view row covers
 * what it shows, so a module adding one adds no route, check or log of its own.
 */
export interface PersonSection {
	/** The Nunjucks template that renders it; what `read` gave is `section.data` there. */
	template: string;
	/** What it shows for a person and the records merged into them; null leaves it off the page. */
	read(db: Kysely<DB>, personId: string): Promise<object | null>;
}

export interface RouteSpec {
	access: Access;
	shows?: Shows;
}

/** A link in the service navigation; shown only to those the route's access lets in. */
export interface NavEntry {
	href: string;
	text: string;
	/** Position in the bar: 10 home, 20 people, 30s the front door, 50s oversight, 90s administration. */
	order: number;
}

/** A thing a user can go on to do, listed on the home page for those allowed to. */
export interface HomeTask {
	href: string;
	text: string;
	hint: string;
	/** Position in the list, on the navigation's scale. */
	order: number;
}

/**
 * Everything a module brings to the app, in one place: `server.ts` collects the list
 * and nothing shared needs editing when a module arrives (docs/modules.md).
 */
export interface ModuleManifest {
	name: string;
	/** Every route, "METHOD /url" as registered, with who may reach it. */
	routes: Readonly<Record<string, RouteSpec>>;
	/** Builds the module's services; those of modules earlier in the list are in `ctx.services`. */
	services?(ctx: ServiceContext): Partial<Services>;
	register(app: FastifyInstance): void | Promise<void>;
	navigation?: readonly NavEntry[];
	home?: readonly HomeTask[];
	/** Columns of the module's tables that point at a person: a merge moves each to the surviving record. */
	personLinks?: readonly PersonLink[];
	/** Sections the module adds to a person's page. */
	personSections?: readonly PersonSection[];
	/** Columns pointing at a person that a merge leaves where they are, each with why. */
	personLinksKept?: readonly (PersonLink & { why: string })[];
	/** For each kind of record its pages show, how to find the people it is about: a restricted one closes the page. */
	recordPeople?: Readonly<Record<RecordKind, RecordPeople>>;
	/** Record kinds only the module's own roles open (ADR 22). */
	privateRecords?: Readonly<Record<RecordKind, PrivateRecord>>;
	/** Which people are in a user's or team's work in this module, for roles the council scopes (ADR 22). */
	workScope?: WorkScope;
	/** The kinds of task the module opens, keyed "module.kind" (ADR 23). */
	tasks?: Readonly<Record<string, TaskKind>>;
	/** Timescale ids from the register (domain/clocks/timescales.ts) the module's clocks run on. */
	timescales?: readonly string[];
}

/** The permissions table: every module's routes, each declared once. */
export function routeAccessOf(modules: readonly ModuleManifest[]): Record<string, Access> {
	const table: Record<string, Access> = {};
	const owner: Record<string, string> = {};
	for (const m of modules) {
		for (const [key, spec] of Object.entries(m.routes)) {
			if (key in table) throw new Error(`${key} is declared by both ${owner[key]} and ${m.name}`);
			table[key] = spec.access;
			owner[key] = m.name;
		}
	}
	return table;
}

/** What the layout and the home page offer, collected from the modules in list order. */
export interface Catalogue {
	navigation: readonly NavEntry[];
	home: readonly HomeTask[];
}

export function catalogueOf(modules: readonly ModuleManifest[]): Catalogue {
	return {
		navigation: modules.flatMap((m) => m.navigation ?? []).sort((a, b) => a.order - b.order),
		home: modules.flatMap((m) => m.home ?? []).sort((a, b) => a.order - b.order),
	};
}

export function personLinksOf(modules: readonly ModuleManifest[]): readonly PersonLink[] {
	return modules.flatMap((m) => m.personLinks ?? []);
}

declare module "fastify" {
	interface FastifyInstance {
		/** The navigation and home-page entries of every module. */
		catalogue: Catalogue;
	}
}

export function personSectionsOf(modules: readonly ModuleManifest[]): readonly PersonSection[] {
	return modules.flatMap((m) => m.personSections ?? []);
}

export function workScopesOf(modules: readonly ModuleManifest[]): readonly WorkScope[] {
	return modules.flatMap((m) => (m.workScope ? [m.workScope] : []));
}

/** Every module's task kinds; a kind declared twice fails at startup. */
export function taskKindsOf(modules: readonly ModuleManifest[]): Readonly<Record<string, TaskKind>> {
	const kinds: Record<string, TaskKind> = {};
	for (const m of modules) {
		for (const [kind, spec] of Object.entries(m.tasks ?? {})) {
			if (kind in kinds) throw new Error(`Task kind ${kind} is declared twice (${m.name})`);
			kinds[kind] = spec;
		}
	}
	return kinds;
}
