import { sql } from "kysely";
import type { WorkScope } from "../../../platform/record-access.ts";

/**
 * A child is in a user's front-door work when a next step about them is allocated to
 * the user; in a team's when one of the team was allocated one, the contact came to the
 * team, or the team was sent the child by transfer. Done work still counts: the worker
 * goes on needing the history of a child they worked with.
 */
export const frontDoorWork: WorkScope = {
	allocated: (userId, person) => sql`EXISTS (
		SELECT 1 FROM next_step ns JOIN contact_child c ON c.id = ns.contact_child_id
		WHERE c.person_id = ${person} AND ns.allocated_to = ${userId})`,
	team: (teamId, person) => sql`(
		EXISTS (SELECT 1 FROM contact_child c WHERE c.person_id = ${person} AND c.team_id = ${teamId})
		OR EXISTS (
			SELECT 1 FROM next_step ns
			JOIN contact_child c ON c.id = ns.contact_child_id
			JOIN app_user u ON u.id = ns.allocated_to
			WHERE c.person_id = ${person} AND u.team_id = ${teamId})
		OR EXISTS (
			SELECT 1 FROM transfer t JOIN contact_child c ON c.id = t.contact_child_id
			WHERE c.person_id = ${person} AND t.to_team_id = ${teamId}))`,
};
