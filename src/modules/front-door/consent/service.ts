import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { dueAt, timescaleById } from "../../../domain/clocks/timescales.ts";
import { type SharingInput, sharingProblems } from "../../../domain/front-door/decision.ts";
import type { AccessLog } from "../../../platform/access-log.ts";
import { NotFound, Refused, StepInvalid } from "../../../platform/errors.ts";
import { type Acting, isUuid } from "../../../platform/requests.ts";
import { isRole } from "../../../platform/roles.ts";
import { rules } from "../../../platform/rules.ts";
import type { Tasks } from "../../../platform/tasks.ts";
import type { SettingsService } from "../../settings/index.ts";
import { assertEnquiriesOpen } from "../enquiries/service.ts";
import { lockChild, recordStep } from "../workflow/transitions.ts";

type Doer = Acting & { userId: string };

/** Each agreement to share recorded for a child, oldest first (a part of the child's page). */
export function sharingRecorded(db: Kysely<DB>, childId: string) {
	return db
		.selectFrom("information_sharing as s")
		.innerJoin("app_user as u", "u.id", "s.recorded_by")
		.leftJoin("app_user as a", "a.id", "s.authorised_by")
		.selectAll("s")
		.select(["u.display_name as recorded_by_name", "a.display_name as authorised_by_name"])
		.where("s.contact_child_id", "=", childId)
		.orderBy("s.recorded_at");
}

/** Agreement to share information, per person with parental responsibility, and the lawful basis. */
export class ConsentService {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly accessLog: AccessLog,
		private readonly now: () => Date,
		private readonly tasks: Tasks,
		private readonly settings: SettingsService,
	) {}

	/** The people recorded as holding parental responsibility for the child. */
	async holders(personId: string | null) {
		if (!personId) return [];
		return this.db
			.selectFrom("relationship as r")
			.innerJoin("person as p", "p.id", "r.person_id")
			.select(["p.id", "p.given_name", "p.family_name", "r.kind"])
			.where("r.related_person_id", "=", personId)
			.where("r.parental_responsibility", "=", true)
			.where("r.end_date", "is", null)
			.execute();
	}

	/** Registered social workers and managers, who may authorise sharing without agreement. */
	async authorisers() {
		const rows = await this.db
			.selectFrom("app_user as u")
			.innerJoin("user_role as r", "r.user_id", "u.id")
			.select(["u.id", "u.display_name", "u.swe_registration", "r.role"])
			.where("u.disabled_at", "is", null)
			.where("r.role", "in", ["practitioner", "team-manager", "out-of-hours", "senior-leader"])
			.orderBy("u.display_name")
			.execute();
		const byUser = new Map<string, { id: string; display_name: string; roles: string[]; swe: string | null }>();
		for (const r of rows) {
			const u = byUser.get(r.id) ?? { id: r.id, display_name: r.display_name, roles: [], swe: r.swe_registration };
			u.roles.push(r.role);
			byUser.set(r.id, u);
		}
		return [...byUser.values()].filter(
			(u) =>
				rules.registeredSocialWorkerOrManager({
					id: u.id,
					roles: u.roles.filter(isRole),
					sweRegistration: u.swe,
				}).ok,
		);
	}

	async record(childId: string, input: SharingInput & { personId: string | null }, doer: Doer) {
		const problems = sharingProblems(input);
		if (input.authorisedBy && !(await this.authorisers()).some((a) => a.id === input.authorisedBy)) {
			problems.authorisedBy = "Only a registered social worker or a manager can authorise sharing without agreement";
		}
		const { agreement } = input;
		if (Object.keys(problems).length || agreement === null) throw new StepInvalid(problems);
		const at = this.now();
		const [calendar, timescales] = await Promise.all([this.settings.calendar(), this.settings.activeTimescales()]);
		await this.db.transaction().execute(async (trx) => {
			const child = await lockChild(trx, childId);
			assertEnquiriesOpen(child.state);
			const withoutAgreement = input.informationShared && input.agreement !== "sought-given";
			// Named by someone else, the authoriser confirms it signed in as themselves; naming oneself is confirming.
			const authoriser = withoutAgreement ? input.authorisedBy : null;
			const own = authoriser === doer.userId;
			const row = await trx
				.insertInto("information_sharing")
				.values({
					contact_child_id: childId,
					person_id: input.personId,
					person_name: input.personName.trim(),
					agreement,
					information_shared: input.informationShared === true,
					rationale: input.rationale.trim() || null,
					authorised_by: authoriser,
					authorisation: authoriser ? (own ? "confirmed" : "awaiting") : null,
					authorised_at: authoriser && own ? at : null,
					lawful_basis: input.lawfulBasis as string,
					recorded_at: at,
					recorded_by: doer.userId,
				})
				.returningAll()
				.executeTakeFirstOrThrow();
			if (authoriser && !own) {
				await this.tasks.open(
					trx,
					{
						kind: "front-door.authorise-sharing",
						recordType: "contact-child",
						recordId: childId,
						itemId: row.id,
						personId: child.person_id,
						ownerUserId: authoriser,
						dueAt: dueAt(timescaleById("sharing-authorisation", timescales), at, calendar),
						timescale: "sharing-authorisation",
						detail: `Shared about ${row.person_name} without agreement`.slice(0, 500),
						createdBy: doer.userId,
					},
					at,
				);
			}
			await recordStep(trx, this.accessLog, at, {
				child,
				event: "information-sharing",
				acting: doer,
				recordType: "information-sharing",
				recordId: row.id,
				after: row,
			});
		});
	}

	/** The sharing an authoriser is asked about, with who recorded it. */
	async forAuthorisation(childId: string, sharingId: string) {
		if (!isUuid(childId) || !isUuid(sharingId)) throw new NotFound("Sharing");
		const row = await sharingRecorded(this.db, childId).where("s.id", "=", sharingId).executeTakeFirst();
		if (!row?.authorised_by) throw new NotFound("Sharing");
		return row;
	}

	/**
	 * The named authoriser, signed in as themselves, confirms or refuses sharing without
	 * agreement; the time is recorded and the task closes. Nobody else may answer for them.
	 */
	async authorise(childId: string, sharingId: string, answer: "confirmed" | "refused", note: string, doer: Doer) {
		const at = this.now();
		await this.db.transaction().execute(async (trx) => {
			const child = await lockChild(trx, childId);
			const before = await trx
				.selectFrom("information_sharing")
				.selectAll()
				.where("id", "=", sharingId)
				.where("contact_child_id", "=", childId)
				.executeTakeFirst();
			if (!before?.authorised_by) throw new NotFound("Sharing");
			if (before.authorised_by !== doer.userId) {
				throw new Refused("not-the-authoriser", "Only the person named as the authoriser can confirm or refuse this.");
			}
			if (before.authorisation !== "awaiting") {
				throw new Refused(
					"already-answered",
					"This sharing has already been confirmed or refused: nothing was changed.",
				);
			}
			const after = await trx
				.updateTable("information_sharing")
				.set({ authorisation: answer, authorised_at: at, authorisation_note: note })
				.where("id", "=", sharingId)
				.returningAll()
				.executeTakeFirstOrThrow();
			await this.tasks.done(trx, { recordId: childId, itemId: sharingId }, doer.userId, at, note);
			await recordStep(trx, this.accessLog, at, {
				child,
				event: answer === "confirmed" ? "sharing-authorised" : "sharing-refused",
				acting: doer,
				recordType: "information-sharing",
				recordId: sharingId,
				before: { authorisation: before.authorisation },
				after: { authorisation: after.authorisation, authorisedAt: at, note: { freeText: note.length } },
			});
		});
	}
}
