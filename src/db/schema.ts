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

export interface DB {
	team: TeamTable;
	app_user: AppUserTable;
	user_role: UserRoleTable;
	user_session: UserSessionTable;
	sign_in_failure: SignInFailureTable;
	council_setting: CouncilSettingTable;
	bank_holiday: BankHolidayTable;
	access_log: AccessLogTable;
}
