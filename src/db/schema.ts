import type { ColumnType, Generated } from "kysely";

// Kysely's view of the tables the application queries. Keep in step with migrations/.
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface TeamTable {
	id: Generated<string>;
	name: string;
	kind: string;
	created_at: Generated<Date>;
}

export interface AppUserTable {
	id: Generated<string>;
	email: string;
	display_name: string;
	password_hash: string | null;
	oidc_subject: string | null;
	team_id: string | null;
	swe_registration: string | null;
	disabled_at: Date | null;
	expires_on: string | null;
	version: Generated<number>;
	created_at: Generated<Date>;
	updated_at: Timestamp;
	updated_by: string | null;
}

export interface UserRoleTable {
	user_id: string;
	role: string;
}

export interface UserSessionTable {
	id_hash: string;
	user_id: string;
	created_at: Timestamp;
	last_seen_at: Timestamp;
	ended_at: Date | null;
	ended_reason: string | null;
}

export interface SignInFailureTable {
	id: Generated<number>;
	email: string;
	address: string;
	at: Timestamp;
}

export interface CouncilSettingTable {
	key: string;
	value: unknown;
	version: Generated<number>;
	updated_at: Timestamp;
	updated_by: string | null;
}

export interface BankHolidayTable {
	day: string;
	title: string;
	added_at: Timestamp;
	added_by: string;
}

export interface AccessLogTable {
	id: Generated<number>;
	at: Timestamp;
	user_id: string | null;
	api_key_id: string | null;
	role: string | null;
	action: string;
	record_type: string;
	record_id: string | null;
	person_id: string | null;
	request_id: string | null;
	detail: unknown;
}

export interface PersonTable {
	id: Generated<string>;
	la_person_id: Generated<string>;
	given_name: string;
	middle_names: string | null;
	family_name: string;
	sex: string;
	gender: string | null;
	gender_description: string | null;
	date_of_birth: string | null;
	expected_birth_date: string | null;
	death_date: string | null;
	ethnicity: string;
	nhs_number: string | null;
	upn: string | null;
	former_upn: string | null;
	upn_unknown: string | null;
	first_language: string | null;
	immigration_status: string | null;
	nationality: string | null;
	council_has_parental_responsibility: Generated<boolean>;
	merged_into: string | null;
	version: Generated<number>;
	created_at: Timestamp;
	created_by: string | null;
	updated_at: Timestamp;
	updated_by: string | null;
}

export interface PersonNameTable {
	id: Generated<string>;
	person_id: string;
	kind: "current" | "previous" | "alias" | "birth";
	given_name: string;
	family_name: string;
	given_norm: string;
	family_norm: string;
	given_canonical: string;
	given_phonetic: ColumnType<string, never, never>;
	family_phonetic: ColumnType<string, never, never>;
	/** The person's date of birth, copied by triggers for name-and-date searches. */
	date_of_birth: ColumnType<string | null, never, never>;
	recorded_at: Timestamp;
	recorded_by: string | null;
}

export interface PersonAddressTable {
	id: Generated<string>;
	person_id: string;
	lines: unknown;
	postcode: string | null;
	no_fixed_abode: Generated<boolean>;
	abroad: Generated<boolean>;
	start_date: string | null;
	end_date: string | null;
	recorded_at: Timestamp;
	recorded_by: string | null;
}

export interface PersonDisabilityTable {
	person_id: string;
	code: string;
}

export interface RelationshipTable {
	id: Generated<string>;
	person_id: string;
	related_person_id: string;
	kind: string;
	parental_responsibility: Generated<boolean>;
	start_date: string | null;
	end_date: string | null;
	recorded_at: Timestamp;
	recorded_by: string | null;
}

export interface PersonProfessionalTable {
	id: Generated<string>;
	person_id: string;
	name: string;
	role: string;
	agency: string | null;
	phone: string | null;
	email: string | null;
	start_date: string | null;
	end_date: string | null;
	recorded_at: Timestamp;
	recorded_by: string | null;
}

export interface PersonMergeTable {
	id: Generated<string>;
	survivor_id: string;
	merged_id: string;
	reason: string;
	decided_by: string;
	decided_at: Timestamp;
	moved: unknown;
	undone_at: Date | null;
	undone_by: string | null;
	undo_reason: string | null;
}

export interface ApiIdempotencyTable {
	api_key_id: string;
	idempotency_key: string;
	request_hash: string;
	claim_token: string;
	claimed_at: Date;
	completed_at: Date | null;
	status_code: number | null;
	/** The answer's JSON text, exactly as first sent. */
	response: string | null;
}

export interface ApiKeyTable {
	id: Generated<string>;
	agency: string;
	key_hash: string;
	key_prefix: string;
	created_at: Timestamp;
	created_by: string | null;
	revoked_at: Date | null;
	revoked_by: string | null;
}

export interface ContactTable {
	id: Generated<string>;
	reference: Generated<string>;
	kind: "contact" | "da-notification";
	channel: "form" | "api";
	received_at: Timestamp;
	out_of_hours: boolean;
	source: string;
	referrer_name: string | null;
	referrer_agency: string | null;
	referrer_phone: string | null;
	referrer_email: string | null;
	concern: string;
	request: string | null;
	family_aware: Generated<string>;
	incident_at: Timestamp | null;
	sent_at: Timestamp | null;
	risk_tool: string | null;
	risk_level: string | null;
	acknowledged_at: Timestamp | null;
	acknowledged_by: string | null;
	acknowledgement_method: string | null;
	acknowledgement_due_at: Timestamp;
	team_id: string | null;
	api_key_id: string | null;
	created_by: string | null;
	created_at: Generated<Date>;
	closed_at: Timestamp | null;
	version: Generated<number>;
}

export interface ContactChildTable {
	id: Generated<string>;
	contact_id: string;
	person_id: string | null;
	described: unknown;
	state: string;
	state_changed_at: Timestamp;
	received_at: Timestamp;
	out_of_hours: boolean;
	source: string;
	team_id: string | null;
	rag: string | null;
	urgency_rank: Generated<number>;
	decision_due_at: Timestamp;
	outcome: string | null;
	duplicate_of: string | null;
	error_reason: string | null;
	closed_at: Timestamp | null;
	version: Generated<number>;
}

export interface ContactChildEventTable {
	id: Generated<string>;
	contact_child_id: string;
	event: string;
	from_state: string | null;
	to_state: string;
	at: Timestamp;
	by_user: string | null;
	by_api_key: string | null;
	detail: unknown;
}

export interface RiskFactorTable {
	code: string;
	label: string;
	cin_factor: string;
	active: boolean;
	sort_order: number;
}

export interface TriageTable {
	contact_child_id: string;
	threshold_level: string;
	rag: string;
	recommendation: string;
	immediate_strategy_discussion: boolean;
	rationale: string;
	repeat_contact: boolean;
	triaged_at: Timestamp;
	triaged_by: string;
}

export interface TriageFactorTable {
	contact_child_id: string;
	risk_factor: string;
	status: string;
	reason: string | null;
}

export interface NextStepTable {
	id: Generated<string>;
	contact_child_id: string;
	action: string;
	urgency: string;
	due_at: Timestamp;
	allocated_to: string;
	done_at: Timestamp | null;
	done_by: string | null;
	created_at: Timestamp;
}

export interface ReferralTable {
	id: Generated<string>;
	contact_child_id: string;
	person_id: string;
	referral_date: Timestamp;
	re_referral: boolean;
	previous_referral_id: string | null;
	step_up_from_transfer_id: Generated<string | null>;
	created_at: Timestamp;
}

export interface InformationSharingTable {
	id: Generated<string>;
	contact_child_id: string;
	person_id: string | null;
	person_name: string;
	agreement: string;
	information_shared: boolean;
	rationale: string | null;
	authorised_by: string | null;
	lawful_basis: string;
	recorded_at: Timestamp;
	recorded_by: string;
}

export interface EnquiryTable {
	id: Generated<string>;
	contact_child_id: string;
	agency: string;
	requested_at: Timestamp;
	due_at: Timestamp;
	answered_at: Timestamp | null;
	response: string | null;
	recorded_by: string;
	version: Generated<number>;
}

export interface ParentConversationTable {
	id: Generated<string>;
	contact_child_id: string;
	spoke_at: Timestamp;
	spoke_by: string;
	with_whom: string;
	summary: string;
	recorded_at: Timestamp;
}

export interface ReviewTable {
	contact_child_id: string;
	confirmed: boolean;
	recommendation: string;
	reason: string | null;
	reviewed_at: Timestamp;
	reviewed_by: string;
}

export interface DecisionTable {
	id: Generated<string>;
	contact_child_id: string;
	outcome: string;
	early_help_tier: string | null;
	threshold_level: string;
	level_reason: string | null;
	rationale: string;
	family_agreed: boolean | null;
	receiving_team_id: string | null;
	decided_at: Timestamp;
	decided_by: string;
	out_of_hours_alone: Generated<boolean>;
	sign_off_due_at: Timestamp;
	signed_off_at: Timestamp | null;
	signed_off_by: string | null;
	sign_off_comment: string | null;
}

export interface FeedbackTable {
	contact_child_id: string;
	given_at: Timestamp;
	method: string;
	summary: string;
	given_by: string;
	recorded_at: Timestamp;
}

export interface StrategyDiscussionTable {
	id: Generated<string>;
	contact_child_id: string;
	held_at: Timestamp;
	attendees: unknown;
	next_step: string;
	rationale: string;
	icpc_due_at: Timestamp | null;
	icpc_not_required_reason: string | null;
	recorded_at: Timestamp;
	recorded_by: string;
	early_help_tier: string | null;
	family_agreed: boolean | null;
}

export interface ProtectiveActionTable {
	id: Generated<string>;
	strategy_discussion_id: string;
	action: string;
	owner: string;
	due_on: string;
}

export interface TransferTable {
	id: Generated<string>;
	contact_child_id: string;
	decision_id: string;
	to_team_id: string;
	kind: string;
	early_help_tier: string | null;
	sent_at: Timestamp;
	responded_at: Timestamp | null;
	responded_by: string | null;
	accepted: boolean | null;
	reject_reason: string | null;
	first_contact_at: Timestamp | null;
}

export interface DB {
	information_sharing: InformationSharingTable;
	enquiry: EnquiryTable;
	parent_conversation: ParentConversationTable;
	review: ReviewTable;
	decision: DecisionTable;
	feedback: FeedbackTable;
	strategy_discussion: StrategyDiscussionTable;
	protective_action: ProtectiveActionTable;
	transfer: TransferTable;
	contact: ContactTable;
	contact_child: ContactChildTable;
	contact_child_event: ContactChildEventTable;
	risk_factor: RiskFactorTable;
	triage: TriageTable;
	triage_factor: TriageFactorTable;
	next_step: NextStepTable;
	referral: ReferralTable;
	api_key: ApiKeyTable;
	api_idempotency: ApiIdempotencyTable;
	person: PersonTable;
	person_name: PersonNameTable;
	person_address: PersonAddressTable;
	person_disability: PersonDisabilityTable;
	relationship: RelationshipTable;
	person_professional: PersonProfessionalTable;
	person_merge: PersonMergeTable;
	team: TeamTable;
	app_user: AppUserTable;
	user_role: UserRoleTable;
	user_session: UserSessionTable;
	sign_in_failure: SignInFailureTable;
	council_setting: CouncilSettingTable;
	bank_holiday: BankHolidayTable;
	access_log: AccessLogTable;
}
