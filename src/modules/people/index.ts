// People: the records of children and the adults around them, finding them, and merging
// duplicates. The entry point other features use.
import type { ModuleManifest } from "../../platform/modules.ts";
import { MERGERS, PEOPLE_READERS, PEOPLE_WRITERS } from "../../platform/permissions.ts";
import { MergeService } from "./merge.ts";
import { RestrictionsService } from "./restrictions.ts";
import { registerPeople } from "./routes.ts";
import { PeopleService } from "./service.ts";

export { familyAndHousehold, type HouseholdMember } from "./household.ts";
export { createPeople, type ImportedPerson } from "./imported.ts";
export { recordsOf } from "./merge.ts";
export { findMatches, type Matches, notListed, type PersonMatch, searchable } from "./search.ts";
export { readSearch } from "./search-form.ts";
export type { PeopleService } from "./service.ts";

declare module "../../platform/services.ts" {
	interface Services {
		people: PeopleService;
		merges: MergeService;
		restrictions: RestrictionsService;
	}
}

export const people: ModuleManifest = {
	name: "people",
	routes: {
		"GET /people": { access: PEOPLE_READERS, shows: { list: "person" } },
		"GET /people/new": { access: PEOPLE_WRITERS },
		"POST /people/new": { access: PEOPLE_WRITERS },
		"GET /people/:personId": { access: PEOPLE_READERS, shows: { record: "person", param: "personId" } },
		"GET /people/:personId/edit": { access: PEOPLE_WRITERS, shows: { record: "person", param: "personId" } },
		"POST /people/:personId/edit": { access: PEOPLE_WRITERS },
		"POST /people/:personId/names": { access: PEOPLE_WRITERS },
		"POST /people/:personId/addresses": { access: PEOPLE_WRITERS },
		"POST /people/:personId/relationships": { access: PEOPLE_WRITERS },
		"POST /people/:personId/professionals": { access: PEOPLE_WRITERS },
		"GET /people/:personId/merge": { access: MERGERS, shows: { record: "person", param: "personId" } },
		"POST /people/:personId/merge": { access: MERGERS },
		"POST /people/merges/:mergeId/undo": { access: MERGERS },
		"GET /people/:personId/restriction": {
			access: MERGERS,
			shows: { record: "person", param: "personId" },
		},
		"POST /people/:personId/restriction": { access: MERGERS },
		"POST /people/:personId/restriction/lift": { access: MERGERS },
	},
	recordPeople: { person: async (_db, id) => [id] },
	services: ({ db, accessLog, now, personLinks, personSections, services }) => ({
		people: new PeopleService(db, accessLog, now, services.recordAccess, personSections),
		merges: new MergeService(db, accessLog, now, personLinks),
		restrictions: new RestrictionsService(db, accessLog, now),
	}),
	register: registerPeople,
	navigation: [{ href: "/people", text: "People", order: 20 }],
	home: [
		{ href: "/people", text: "Find a person", hint: "Search for a child or adult the council knows", order: 20 },
		{ href: "/people/new", text: "Add a person", hint: "After checking they are not already known", order: 21 },
	],
	personLinks: [
		{ table: "relationship", column: "person_id", other: "related_person_id" },
		{ table: "relationship", column: "related_person_id", other: "person_id" },
		{ table: "person_professional", column: "person_id" },
	],
	personLinksKept: [
		{ table: "person", column: "merged_into", why: "records the merge itself" },
		{ table: "person_merge", column: "survivor_id", why: "the merge decision names both records" },
		{ table: "person_merge", column: "merged_id", why: "the merge decision names both records" },
		{ table: "person_name", column: "person_id", why: "the duplicate's names stay with it and find the survivor" },
		{ table: "person_address", column: "person_id", why: "identity facts stay with the retired record" },
		{ table: "person_disability", column: "person_id", why: "identity facts stay with the retired record" },
		{
			table: "person_event",
			column: "person_id",
			why: "history stays with the record it happened to; the timeline reads merged records too",
		},
		{
			table: "person_restriction",
			column: "person_id",
			why: "a restriction is a decision about that record; restrict the survivor too if it needs it",
		},
		{ table: "break_glass", column: "person_id", why: "who opened which record, and why, stays as it happened" },
	],
};
