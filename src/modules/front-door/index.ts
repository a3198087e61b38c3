// The front door: every contact about a child, from recording and matching through
// triage, enquiries, agreement to share, review, decision, sign-off, feedback, strategy
// discussions and transfers, and partner agencies' contacts through the API. One feature
// with a folder per step; this is its one entry point.
import type { ModuleManifest } from "../../platform/modules.ts";
import {
	CONTACT_RECORDERS,
	DECIDERS,
	FRONT_DOOR_READERS,
	FRONT_DOOR_WORKERS,
	MATCH_READERS,
	MATCHERS,
	RECEIVERS,
	SIGNERS,
	TRIAGERS,
} from "../../platform/permissions.ts";
import { registerFrontDoor } from "./child/routes.ts";
import { FrontDoorService } from "./child/service.ts";
import { registerConsent } from "./consent/routes.ts";
import { ConsentService } from "./consent/service.ts";
import { IdempotencyStore } from "./contact-api/idempotency.ts";
import { registerContactApi } from "./contact-api/routes.ts";
import { ContactApiService } from "./contact-api/service.ts";
import { registerContacts } from "./contacts/routes.ts";
import { ContactsService } from "./contacts/service.ts";
import { registerCorrections } from "./corrections/routes.ts";
import { CorrectionsService } from "./corrections/service.ts";
import { registerDecisions } from "./decisions/routes.ts";
import { DecisionsService } from "./decisions/service.ts";
import { registerEnquiries } from "./enquiries/routes.ts";
import { EnquiriesService } from "./enquiries/service.ts";
import { registerFeedback } from "./feedback/routes.ts";
import { FeedbackService } from "./feedback/service.ts";
import { registerMatching } from "./matching/routes.ts";
import { MatchingService } from "./matching/service.ts";
import { registerNextSteps } from "./next-steps/routes.ts";
import { NextStepsService } from "./next-steps/service.ts";
import { registerStrategy } from "./strategy/routes.ts";
import { StrategyService } from "./strategy/service.ts";
import { registerTransfers } from "./transfers/routes.ts";
import { TransfersService } from "./transfers/service.ts";
import { registerTriage } from "./triage/routes.ts";
import { TriageService } from "./triage/service.ts";
import { frontDoorWork } from "./workflow/scope.ts";
import { FRONT_DOOR_TASKS, flowOf, NEXT_STEP_WORKERS } from "./workflow/tasks.ts";

declare module "../../platform/services.ts" {
	interface Services {
		contacts: ContactsService;
		frontDoor: FrontDoorService;
		triage: TriageService;
		enquiries: EnquiriesService;
		consent: ConsentService;
		decisions: DecisionsService;
		feedback: FeedbackService;
		strategy: StrategyService;
		transfers: TransfersService;
		corrections: CorrectionsService;
		matching: MatchingService;
		nextSteps: NextStepsService;
		contactApi: ContactApiService;
		idempotency: IdempotencyStore;
	}
}

const child = { record: "contact-child", param: "childId" } as const;

export const frontDoor: ModuleManifest = {
	name: "front-door",
	routes: {
		"GET /contacts/new": { access: CONTACT_RECORDERS, shows: { list: "person" } },
		"GET /contacts/new/details": { access: CONTACT_RECORDERS, shows: { list: "person" } },
		"POST /contacts/new/details": { access: CONTACT_RECORDERS },
		"GET /contacts/:contactId": { access: FRONT_DOOR_READERS, shows: { record: "contact", param: "contactId" } },
		"POST /contacts/:contactId/acknowledgement": { access: CONTACT_RECORDERS },
		"GET /front-door/children/:childId": { access: FRONT_DOOR_READERS, shows: child },
		"GET /front-door/matching": { access: MATCH_READERS, shows: { list: "contact-child" } },
		"GET /front-door/children/:childId/match": { access: MATCH_READERS, shows: child },
		"POST /front-door/children/:childId/match": { access: MATCHERS },
		"GET /triage": { access: TRIAGERS, shows: { list: "contact-child" } },
		"GET /front-door/children/:childId/triage": { access: TRIAGERS, shows: child },
		"POST /front-door/children/:childId/triage": { access: TRIAGERS },
		"GET /front-door/children/:childId/enquiries": { access: FRONT_DOOR_WORKERS, shows: child },
		"POST /front-door/children/:childId/enquiries": { access: FRONT_DOOR_WORKERS },
		"POST /front-door/children/:childId/enquiries/:enquiryId/answer": { access: FRONT_DOOR_WORKERS },
		"POST /front-door/children/:childId/parents": { access: FRONT_DOOR_WORKERS },
		"GET /front-door/children/:childId/sharing": { access: FRONT_DOOR_WORKERS, shows: child },
		"POST /front-door/children/:childId/sharing": { access: FRONT_DOOR_WORKERS },
		"GET /front-door/children/:childId/sharing/:sharingId/authorise": { access: DECIDERS, shows: child },
		"POST /front-door/children/:childId/sharing/:sharingId/authorise": { access: DECIDERS },
		"GET /front-door/children/:childId/review": { access: DECIDERS, shows: child },
		"POST /front-door/children/:childId/review": { access: DECIDERS },
		"GET /front-door/children/:childId/decision": { access: DECIDERS, shows: child },
		"POST /front-door/children/:childId/decision": { access: DECIDERS },
		"GET /front-door/children/:childId/sign-off": { access: SIGNERS, shows: child },
		"POST /front-door/children/:childId/sign-off": { access: SIGNERS },
		"GET /front-door/sign-off": { access: SIGNERS, shows: { list: "contact-child" } },
		"GET /front-door/children/:childId/feedback": { access: FRONT_DOOR_WORKERS, shows: child },
		"GET /front-door/children/:childId/next-steps/:stepId": { access: FRONT_DOOR_READERS, shows: child },
		"POST /front-door/children/:childId/next-steps/:stepId/done": { access: [...NEXT_STEP_WORKERS, "senior-leader"] },
		"POST /front-door/children/:childId/next-steps/:stepId/cancel": { access: SIGNERS },
		"POST /front-door/children/:childId/feedback": { access: FRONT_DOOR_WORKERS },
		"POST /front-door/children/:childId/feedback/correct": { access: FRONT_DOOR_WORKERS },
		"GET /front-door/feedback": { access: FRONT_DOOR_WORKERS, shows: { list: "contact-child" } },
		"GET /front-door/children/:childId/strategy-discussion": { access: FRONT_DOOR_READERS, shows: child },
		"POST /front-door/children/:childId/strategy-discussion": { access: DECIDERS },
		"POST /front-door/children/:childId/strategy-discussion/:discussionId/conference-not-required": {
			access: DECIDERS,
		},
		"POST /front-door/children/:childId/strategy-discussion/:discussionId/conference-not-required/answer": {
			access: SIGNERS,
		},
		"GET /front-door/children/:childId/other-council": { access: DECIDERS, shows: child },
		"POST /front-door/children/:childId/other-council": { access: DECIDERS },
		"GET /front-door/transfers": { access: RECEIVERS, shows: { list: "transfer" } },
		"GET /front-door/transfers/:transferId": {
			access: RECEIVERS,
			shows: { record: "transfer", param: "transferId" },
		},
		"POST /front-door/transfers/:transferId": { access: RECEIVERS },
		"POST /front-door/transfers/:transferId/first-contact": { access: RECEIVERS },
		"GET /front-door/step-ups": { access: SIGNERS, shows: { list: "contact-child" } },
		"GET /front-door/children/:childId/withdraw": { access: TRIAGERS, shows: child },
		"POST /front-door/children/:childId/withdraw": { access: TRIAGERS },
		"GET /front-door/children/:childId/withdraw/confirm": { access: SIGNERS, shows: child },
		"POST /front-door/children/:childId/withdraw/confirm": { access: SIGNERS },
		"GET /api/v1/whoami": { access: "api" },
		"POST /api/v1/contacts": { access: "api" },
		// Logged by the service, with the agency's key: the platform's view log knows only users.
		"GET /api/v1/contacts/:contactId": { access: "api", shows: { record: "contact", param: "contactId" } },
		"GET /api/v1/openapi.json": { access: "public" },
	},
	// The people each record the front door shows is about, for record-level access (ADR 21).
	workScope: frontDoorWork,
	tasks: FRONT_DOOR_TASKS,
	recordPeople: {
		"contact-child": async (db, id) =>
			(await db.selectFrom("contact_child").select("person_id").where("id", "=", id).execute()).flatMap((r) =>
				r.person_id ? [r.person_id] : [],
			),
		contact: async (db, id) =>
			(await db.selectFrom("contact_child").select("person_id").where("contact_id", "=", id).execute()).flatMap((r) =>
				r.person_id ? [r.person_id] : [],
			),
		transfer: async (db, id) =>
			(
				await db
					.selectFrom("transfer as t")
					.innerJoin("contact_child as cc", "cc.id", "t.contact_child_id")
					.select("cc.person_id")
					.where("t.id", "=", id)
					.execute()
			).flatMap((r) => (r.person_id ? [r.person_id] : [])),
	},
	services: ({ db, accessLog, now, services }) => {
		const { settings, people, tasks } = services;
		// Read before each change's transaction: the calendar and timescales its tasks fall due by.
		const flow = () => flowOf(accessLog, tasks, settings);
		const frontDoor = new FrontDoorService(db, settings, services.recordAccess);
		const contacts = new ContactsService(db, accessLog, now, flow);
		const idempotency = new IdempotencyStore(db, now);
		return {
			contacts,
			frontDoor,
			triage: new TriageService(db, settings, frontDoor, now, flow),
			enquiries: new EnquiriesService(db, accessLog, settings, now, tasks),
			consent: new ConsentService(db, accessLog, now, tasks, settings),
			decisions: new DecisionsService(db, settings, now, flow),
			feedback: new FeedbackService(db, accessLog, now, tasks),
			strategy: new StrategyService(db, accessLog, settings, now, flow),
			transfers: new TransfersService(db, accessLog, now, flow),
			corrections: new CorrectionsService(db, now, flow),
			matching: new MatchingService(db, settings, people, now, flow),
			nextSteps: new NextStepsService(db, now, flow),
			contactApi: new ContactApiService(db, contacts, idempotency, settings, accessLog, now),
			idempotency,
		};
	},
	register(app) {
		for (const register of [
			registerContacts,
			registerFrontDoor,
			registerMatching,
			registerTriage,
			registerNextSteps,
			registerEnquiries,
			registerConsent,
			registerDecisions,
			registerFeedback,
			registerStrategy,
			registerTransfers,
			registerCorrections,
			registerContactApi,
		]) {
			register(app);
		}
	},
	navigation: [
		{ href: "/contacts/new", text: "Record a contact", order: 30 },
		{ href: "/front-door/matching", text: "Matching", order: 31 },
		{ href: "/triage", text: "Triage", order: 32 },
		{ href: "/front-door/sign-off", text: "Sign-off", order: 34 },
		{ href: "/front-door/feedback", text: "Feedback owed", order: 35 },
		{ href: "/front-door/transfers", text: "Transfers", order: 36 },
	],
	personLinks: [
		{ table: "contact_child", column: "person_id" },
		{ table: "referral", column: "person_id" },
		{ table: "information_sharing", column: "person_id" },
	],
	timescales: [
		"contact-acknowledgement",
		"referral-decision",
		"urgency-immediate",
		"urgency-same-working-day",
		"urgency-one-working-day",
		"urgency-three-working-days",
		"decision-sign-off",
		"out-of-hours-sign-off",
		"strategy-to-icpc",
		"no-conference-sign-off",
		"referral-to-other-council",
		"triage-same-working-day",
		"da-notification-late",
		"repeat-contact-window",
		"strategy-discussion-held",
		"transfer-response",
	],
};
