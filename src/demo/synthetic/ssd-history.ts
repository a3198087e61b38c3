import { base, en, en_GB, Faker } from "@faker-js/faker";
import { typo } from "./duplicates.ts";
import { NICKNAMES } from "./names-data.ts";
import { mix32, Random, streamSeed, Weighted } from "./random.ts";

// A synthetic history of the council's children as its case system would hold it, in the
// SSD's tables (ADR 39): referrals, assessments, enquiries, conferences, plans, visits,
// reviews, periods of care and what follows them, for children the council's people
// tables already hold. Generated one child at a time, so a caller can stream any number
// of children to files without holding them. Pure: the same children, seed and day give
// the same rows.

/** A child as Threshold holds them; the case system's copy may differ a little (below). */
export interface SsdChild {
	/** Threshold's person id and number: what linking should find again. */
	personId: string;
	laPersonId: string;
	given: string;
	family: string;
	/** YYYY-MM-DD */
	dob: string;
	sex: "M" | "F" | "U";
	gender: string | null;
	ethnicity: string | null;
	nhs: string | null;
	upn: string | null;
}

/** One SSD row: column → value, "" for empty. Columns not named are empty. */
export type SsdValues = Record<string, string>;

export interface SsdRow {
	table: string;
	values: SsdValues;
}

/** How the case system's record of a child differs from Threshold's, if it does. */
export type LinkVariation = "nickname" | "typo" | "no-nhs" | null;

export interface ChildHistory {
	child: SsdChild;
	persPersonId: string;
	variation: LinkVariation;
	rows: SsdRow[];
}

export interface SsdHistoryOptions {
	seed: number;
	/** The day the extract is taken: nothing happens after it, and anything running past it is open. */
	today: Date;
	/** The extract covers referrals in this many years back from today. */
	years: number;
	/** CIN episodes (referrals) to generate, about. */
	episodes: number;
}

/**
 * Per 100 referrals, as DfE's CIN census and SSDA903 publish them for England (2019–2024,
 * rounded): about 90 assessments, 35 section 47 enquiries, 15 initial child protection
 * conferences, 12 CP plans and 7 children starting care. Each is drawn conditionally on
 * the step before it, so the ratios below are those, divided through.
 */
export const PER_REFERRAL = {
	assessment: 0.9,
	s47: 0.35,
	icpc: 0.15,
	cpPlan: 0.12,
	cinPlan: 0.2,
	care: 0.07,
} as const;

/** Children referred more than once in the window: about a fifth of referrals are re-referrals. */
const EPISODES_PER_CHILD = new Weighted<number>([
	[1, 80],
	[2, 15],
	[3, 5],
]);

// Primary need (CIN census, children in need at 31 March): abuse or neglect dominates.
const NEED = new Weighted<string>([
	["N1", 57],
	["N2", 3],
	["N3", 3],
	["N4", 7],
	["N5", 14],
	["N6", 2],
	["N7", 1],
	["N8", 5],
]);

// Source of referral: police about 30%, schools 20%, health 14%, LA services 12%.
const SOURCE = new Weighted<[string, string]>(
	[
		["6", "Police", 30],
		["2A", "School", 20],
		["3A", "GP", 4],
		["3B", "Health visitor", 5],
		["3D", "Hospital", 5],
		["5A", "Social care", 7],
		["5B", "Other LA service", 5],
		["1A", "Individual: family member", 8],
		["4", "Housing", 2],
		["7", "Other legal agency", 2],
		["8", "Other", 9],
		["9", "Anonymous", 2],
		["10", "Unknown", 1],
	].map(([code, desc, w]) => [[code, desc] as [string, string], w as number] as const),
);

const CATEGORY = new Weighted<string>([
	["Neglect", 50],
	["Emotional Abuse", 38],
	["Physical Abuse", 7],
	["Sexual Abuse", 5],
]);

const FACTORS = ["1B", "2B", "3B", "4B", "5B", "6B", "7B", "8B", "11", "12", "16", "18B", "19B", "21", "22A", "24A"];
const PLACEMENT = new Weighted<string>([
	["U4", 45],
	["U1", 10],
	["U5", 8],
	["R2", 9],
	["K2", 10],
	["P1", 7],
	["H5", 6],
	["S1", 5],
]);
const LEGAL = new Weighted<string>([
	["C2", 45],
	["V2", 25],
	["C1", 15],
	["E1", 5],
	["J2", 5],
	["L2", 5],
]);

const DAY = 86_400_000;
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
export const isoOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/**
 * The case system's id for a child: a bijection of Threshold's number, so stable and
 * unique, and always ten digits, so the row ids made by appending to it never collide.
 */
export function caseSystemId(laPersonId: string): string {
	const n = Number(laPersonId.replace(/\D/g, ""));
	return String(mix32(n) + 1_000_000_000);
}

interface Staff {
	workers: string[];
	teams: string[];
}

/** The workers and teams the history names: rows for ssd_professionals and ssd_department. */
export function staffRows(options: SsdHistoryOptions): { rows: SsdRow[]; staff: Staff } {
	const faker = new Faker({ locale: [en_GB, en, base] });
	faker.seed(streamSeed(options.seed, "ssd:staff"));
	const teamNames = ["Assessment", "Child Protection", "Children in Need", "Children in Care", "Leaving Care"];
	const rows: SsdRow[] = [
		{ table: "ssd_department", values: { dept_team_id: "T00", dept_team_name: "Children's Social Care" } },
	];
	const teams: string[] = [];
	const areas = ["North", "South", "East", "West"];
	teamNames.forEach((name, i) => {
		for (const [j, area] of areas.entries()) {
			const id = `T${i + 1}${j + 1}`;
			teams.push(id);
			rows.push({
				table: "ssd_department",
				values: {
					dept_team_id: id,
					dept_team_name: `${name} ${area}`,
					dept_team_parent_id: "T00",
					dept_team_parent_name: "Children's Social Care",
				},
			});
		}
	});
	// A worker for about every 40 referrals a year: a caseload of about 18 at a time.
	const count = Math.max(5, Math.round(options.episodes / options.years / 40));
	const random = new Random(streamSeed(options.seed, "ssd:staff-random"));
	const workers: string[] = [];
	for (let i = 1; i <= count; i++) {
		const id = `W${String(i).padStart(4, "0")}`;
		workers.push(id);
		const manager = i % 7 === 0;
		rows.push({
			table: "ssd_professionals",
			values: {
				prof_professional_id: id,
				prof_staff_id: `S${10000 + i}`,
				prof_professional_name: faker.person.fullName(),
				prof_social_worker_registration_no: `SW${String(mix32(i + options.seed) % 1_000_000).padStart(6, "0")}`,
				prof_professional_job_title: manager ? "Team manager" : "Social worker",
				prof_professional_caseload: manager ? "" : String(random.between(8, 24)),
				prof_professional_department: teamNames[i % teamNames.length],
				prof_full_time_equivalency: random.chance(0.8) ? "1" : "0.6",
				prof_agency_worker_flag: random.chance(0.15) ? "Y" : "N",
			},
		});
	}
	return { rows, staff: { workers, teams } };
}

/**
 * Which of `children` are referred, and each one's history. `children` are those the
 * council holds who were under 18 at some time in the window, in a stable order.
 */
export function* ssdHistories(children: readonly SsdChild[], options: SsdHistoryOptions): Generator<ChildHistory> {
	const { staff } = staffRows(options);
	const random = new Random(streamSeed(options.seed, "ssd:history"));
	const today = Math.floor(options.today.getTime() / DAY);
	const windowStart = today - Math.round(options.years * 365.25);
	// Children in a shuffled order (a fixed stride through the list), until enough episodes.
	const n = children.length;
	if (n === 0) return;
	let stride = 1 + (mix32(options.seed) % n);
	while (gcd(stride, n) !== 1) stride++;
	let episodes = 0;
	let serial = 0;
	for (let i = 0, at = mix32(options.seed + 1) % n; i < n && episodes < options.episodes; i++, at = (at + stride) % n) {
		const child = children[at];
		const born = dayOf(child.dob);
		const from = Math.max(windowStart, born);
		// Referred at least ten days before the extract, so its first steps are in it.
		const until = Math.min(today - 10, born + Math.floor(18 * 365.25) - 1);
		if (until - from < 30) continue;
		const history = historyOf(child, { random, from, until, today, staff, serial });
		if (!history) continue;
		serial += 1;
		episodes += history.rows.filter((r) => r.table === "ssd_cin_episodes").length;
		yield history;
	}
}

function gcd(a: number, b: number): number {
	return b === 0 ? a : gcd(b, a % b);
}

interface Context {
	random: Random;
	from: number;
	until: number;
	today: number;
	staff: Staff;
	serial: number;
}

function historyOf(child: SsdChild, ctx: Context): ChildHistory | null {
	const { random, today, staff } = ctx;
	const pid = caseSystemId(child.laPersonId);
	const rows: SsdRow[] = [];
	// Each episode's rows, held until its referral row (written first) knows its close.
	let episodeRows: SsdRow[] = [];
	const add = (table: string, values: SsdValues) => episodeRows.push({ table, values });
	const end = (day: number) => (day > today ? "" : isoOf(day));

	// How the case system spells the child: mostly as we do, sometimes not (linking's uncertain cases).
	let variation: LinkVariation = null;
	let given = child.given;
	let family = child.family;
	let nhs = child.nhs ?? "";
	const roll = random.next();
	if (roll < 0.06 && NICKNAMES[given]) {
		variation = "nickname";
		given = random.pick(NICKNAMES[given]);
	} else if (roll < 0.1) {
		variation = "typo";
		family = typo(family, random);
	} else if (roll < 0.18 && nhs) {
		variation = "no-nhs";
		nhs = "";
	}
	rows.push({
		table: "ssd_person",
		values: {
			pers_person_id: pid,
			pers_forename: given,
			pers_surname: family,
			pers_sex: child.sex,
			pers_gender: child.gender ?? "",
			pers_ethnicity: child.ethnicity ?? "",
			pers_dob: child.dob,
			pers_common_child_id: nhs,
			pers_upn: child.upn ?? "",
			pers_is_mother: "N",
			pers_nationality: "",
		},
	});

	let start = ctx.from + random.int(Math.max(1, ctx.until - ctx.from));
	const wanted = EPISODES_PER_CHILD.draw(random);
	let careSerial = 0;
	for (let e = 1; e <= wanted && start <= ctx.until; e++) {
		const ref = `R${pid}${e}`;
		const worker = random.pick(staff.workers);
		const team = random.pick(staff.teams);
		const [sourceCode, sourceDesc] = SOURCE.draw(random);
		const need = NEED.draw(random);
		let close = start + random.between(1, 10);
		let closeReason = "RC8";
		const assessed = random.chance(PER_REFERRAL.assessment);
		if (assessed) {
			const aid = `A${pid}${e}`;
			const aStart = start + random.between(0, 3);
			const aAuth = aStart + random.between(5, 45);
			const nfa = random.chance(0.4);
			add("ssd_cin_assessments", {
				cina_assessment_id: aid,
				cina_person_id: pid,
				cina_referral_id: ref,
				cina_assessment_start_date: isoOf(aStart),
				cina_assessment_child_seen: random.chance(0.95) ? "Y" : "N",
				cina_assessment_auth_date: end(aAuth),
				cina_assessment_outcome_json: "",
				cina_assessment_outcome_nfa: aAuth > today ? "" : nfa ? "Y" : "N",
				cina_assessment_team: team,
				cina_assessment_worker_id: worker,
			});
			if (aAuth <= today) {
				const factors = FACTORS.filter(() => random.chance(0.15));
				add("ssd_assessment_factors", {
					cinf_table_id: `F${pid}${e}`,
					cinf_assessment_id: aid,
					cinf_assessment_factors_json: JSON.stringify(factors.length ? factors : [random.pick(FACTORS)]),
				});
			}
			close = Math.max(close, aAuth + random.between(1, 7));
			if (nfa) closeReason = random.chance(0.5) ? "RC8" : "RC9";
			let cp = false;
			const sStart = aStart + random.between(0, 5);
			if (sStart <= today && random.chance(PER_REFERRAL.s47 / PER_REFERRAL.assessment)) {
				const sid = `S${pid}${e}`;
				const sEnd = sStart + random.between(5, 15);
				const conference = random.chance(PER_REFERRAL.icpc / PER_REFERRAL.s47);
				add("ssd_s47_enquiry", {
					s47e_s47_enquiry_id: sid,
					s47e_referral_id: ref,
					s47e_person_id: pid,
					s47e_s47_start_date: isoOf(sStart),
					s47e_s47_end_date: end(sEnd),
					s47e_s47_nfa: sEnd > today ? "" : conference ? "N" : "Y",
					s47e_s47_outcome_json: JSON.stringify({ CP_CONFERENCE_FLAG: conference ? "Y" : "N" }),
					s47e_s47_completed_by_worker_id: worker,
					s47e_s47_completed_by_team: team,
				});
				close = Math.max(close, sEnd + 1);
				const icpcDay = sEnd + random.between(3, 12);
				if (conference && icpcDay <= today) {
					const cid = `C${pid}${e}`;
					const planned = random.chance(PER_REFERRAL.cpPlan / PER_REFERRAL.icpc);
					const planId = `P${pid}${e}`;
					add("ssd_initial_cp_conference", {
						icpc_icpc_id: cid,
						icpc_icpc_meeting_id: `M${pid}${e}`,
						icpc_s47_enquiry_id: sid,
						icpc_person_id: pid,
						icpc_cp_plan_id: planned ? planId : "",
						icpc_referral_id: ref,
						icpc_icpc_transfer_in: "N",
						icpc_icpc_target_date: isoOf(sStart + 21),
						icpc_icpc_date: isoOf(icpcDay),
						icpc_icpc_outcome_cp_flag: planned ? "Y" : "N",
						icpc_icpc_team: team,
						icpc_icpc_worker_id: worker,
					});
					close = Math.max(close, icpcDay + 1);
					if (planned) {
						cp = true;
						const category = CATEGORY.draw(random);
						const planEnd = icpcDay + random.between(60, 700);
						add("ssd_cp_plans", {
							cppl_cp_plan_id: planId,
							cppl_referral_id: ref,
							cppl_icpc_id: cid,
							cppl_person_id: pid,
							cppl_cp_plan_start_date: isoOf(icpcDay),
							cppl_cp_plan_end_date: end(planEnd),
							cppl_cp_plan_initial_category: category,
							cppl_cp_plan_ola: "N",
							cppl_cp_plan_latest_category: category,
						});
						// Reviews at three months, then every six; a visit about every fortnight.
						for (let r = 1, due = icpcDay + 91; due < planEnd && due <= today; r++, due += 182) {
							add("ssd_cp_reviews", {
								cppr_cp_review_id: `V${pid}${e}${r}`,
								cppr_person_id: pid,
								cppr_cp_plan_id: planId,
								cppr_cp_review_due: isoOf(due),
								cppr_cp_review_date: isoOf(due - random.int(5)),
								cppr_cp_review_outcome_continue_cp: due + 182 < planEnd ? "Y" : "N",
								cppr_cp_review_quorate: "Y",
							});
						}
						let v = 1;
						for (
							let day = icpcDay + random.between(7, 14);
							day < planEnd && day <= today;
							day += random.between(10, 21)
						) {
							add("ssd_cp_visits", {
								cppv_cp_visit_id: `X${pid}${e}${v++}`,
								cppv_person_id: pid,
								cppv_cp_plan_id: planId,
								cppv_cp_visit_date: isoOf(day),
								cppv_cp_visit_seen: random.chance(0.9) ? "Y" : "N",
								cppv_cp_visit_seen_alone: random.chance(0.5) ? "Y" : "N",
								cppv_cp_visit_bedroom: random.chance(0.3) ? "Y" : "N",
							});
						}
						close = Math.max(close, planEnd + random.between(0, 60));
						closeReason = "RC7";
					}
				}
			}
			if (!cp && !nfa && aAuth <= today && random.chance(PER_REFERRAL.cinPlan / (PER_REFERRAL.assessment * 0.6))) {
				const planEnd = aAuth + random.between(60, 365);
				add("ssd_cin_plans", {
					cinp_cin_plan_id: `N${pid}${e}`,
					cinp_referral_id: ref,
					cinp_person_id: pid,
					cinp_cin_plan_start_date: isoOf(aAuth),
					cinp_cin_plan_end_date: end(planEnd),
					cinp_cin_plan_team: team,
					cinp_cin_plan_worker_id: worker,
				});
				let v = 1;
				for (let day = aAuth + random.between(7, 28); day < planEnd && day <= today; day += random.between(25, 45)) {
					add("ssd_cin_visits", {
						cinv_cin_visit_id: `Y${pid}${e}${v++}`,
						cinv_person_id: pid,
						cinv_cin_visit_date: isoOf(day),
						cinv_cin_visit_seen: random.chance(0.9) ? "Y" : "N",
						cinv_cin_visit_seen_alone: random.chance(0.4) ? "Y" : "N",
						cinv_cin_visit_bedroom: random.chance(0.3) ? "Y" : "N",
					});
				}
				close = Math.max(close, planEnd + random.between(0, 30));
				closeReason = "RC7";
			}
			const careStart = aStart + random.between(1, 90);
			if (
				careStart <= today &&
				// A month before eighteen at the latest, so the period of care ends after it starts.
				careStart < dayOf(child.dob) + Math.floor(18 * 365.25) - 30 &&
				random.chance(PER_REFERRAL.care / PER_REFERRAL.assessment)
			) {
				careSerial += 1;
				const careEnd = care(child, pid, ref, need, careSerial, careStart, ctx, add);
				close = Math.max(close, careEnd + 1);
				closeReason = random.pick(["RC1", "RC3", "RC4", "RC7"]);
			}
		}
		// The allocated worker, and for a long episode a change of worker.
		const change = close - start > 120 && random.chance(0.4) ? start + random.between(30, close - start - 30) : null;
		const involvements: [string, number, number][] = change
			? [
					[worker, start, change],
					[random.pick(staff.workers), change, close],
				]
			: [[worker, start, close]];
		involvements.forEach(([who, s, f], k) => {
			add("ssd_involvements", {
				invo_involvements_id: `I${pid}${e}${k + 1}`,
				invo_professional_id: who,
				invo_professional_role_id: "Allocated social worker",
				invo_professional_team: team,
				invo_involvement_start_date: isoOf(s),
				invo_involvement_end_date: end(f),
				invo_worker_change_reason: k === 0 && change ? "Worker left the team" : "",
				invo_person_id: pid,
				invo_referral_id: ref,
			});
		});
		const open = close > today;
		// The referral itself goes before what hangs from it, as a case system lists them.
		rows.push({
			table: "ssd_cin_episodes",
			values: {
				cine_referral_id: ref,
				cine_person_id: pid,
				cine_referral_date: isoOf(start),
				cine_cin_primary_need_code: need,
				cine_referral_source_code: sourceCode,
				cine_referral_source_desc: sourceDesc,
				cine_referral_outcome_json: JSON.stringify({
					SINGLE_ASSESSMENT_FLAG: assessed ? "Y" : "N",
					NFA_FLAG: assessed ? "N" : "Y",
				}),
				cine_referral_nfa: assessed ? "N" : "Y",
				cine_close_reason: open ? "" : closeReason,
				cine_close_date: end(close),
				cine_referral_team: team,
				cine_referral_worker_id: worker,
			},
		});
		rows.push(...episodeRows);
		episodeRows = [];
		if (open) break;
		// The next referral, if any, comes after this episode closed: never two open at once.
		start = close + random.between(14, 400);
	}
	if (!rows.some((r) => r.table === "ssd_cin_episodes")) return null;
	return { child, persPersonId: pid, variation, rows };
}

/** A period of care: its episodes and placements, legal statuses, reviews, and what may follow. Returns its last day. */
function care(
	child: SsdChild,
	pid: string,
	ref: string,
	need: string,
	serial: number,
	startDay: number,
	ctx: Context,
	add: (table: string, values: SsdValues) => void,
): number {
	const { random, today, staff } = ctx;
	const end = (day: number) => (day > today ? "" : isoOf(day));
	const claId = `L${pid}${serial}`;
	const born = dayOf(child.dob);
	const eighteen = born + Math.floor(18 * 365.25);
	const ceased = Math.min(startDay + random.between(30, 1400), eighteen);
	// Placement moves split the period into episodes, as SSDA903 records them.
	const moves = random.int(3);
	const cuts = [startDay];
	for (let m = 1; m <= moves; m++) cuts.push(startDay + Math.floor(((ceased - startDay) * m) / (moves + 1)));
	cuts.push(ceased);
	for (let k = 0; k < cuts.length - 1 && cuts[k] <= today; k++) {
		const placementId = `Q${claId}${k + 1}`;
		const last = k === cuts.length - 2;
		add("ssd_cla_episodes", {
			clae_cla_episode_id: `E${claId}${k + 1}`,
			clae_person_id: pid,
			clae_cla_episode_start_date: isoOf(cuts[k]),
			clae_cla_episode_start_reason: k === 0 ? "S" : "P",
			clae_cla_primary_need_code: need,
			clae_cla_episode_ceased_date: end(cuts[k + 1]),
			clae_cla_episode_ceased_reason:
				cuts[k + 1] > today ? "" : last ? (cuts[k + 1] >= eighteen ? "E11" : "E13") : "X1",
			clae_cla_id: claId,
			clae_referral_id: ref,
			clae_cla_placement_id: placementId,
			clae_entered_care_date: isoOf(startDay),
		});
		add("ssd_cla_placement", {
			clap_cla_placement_id: placementId,
			clap_cla_placement_start_date: isoOf(cuts[k]),
			clap_cla_placement_type: PLACEMENT.draw(random),
			clap_cla_placement_urn: random.chance(0.3) ? `SC${100000 + random.int(900000)}` : "",
			clap_cla_placement_distance: (random.int(400) / 10).toString(),
			clap_cla_id: claId,
			clap_cla_placement_postcode: "",
			clap_cla_placement_end_date: end(cuts[k + 1]),
			clap_cla_placement_change_reason: last ? "" : "CARPL",
			clap_person_id: pid,
		});
	}
	const legal = LEGAL.draw(random);
	add("ssd_legal_status", {
		lega_legal_status_id: `G${claId}`,
		lega_person_id: pid,
		lega_legal_status: legal,
		lega_legal_status_start_date: isoOf(startDay),
		lega_legal_status_end_date: end(ceased),
	});
	// Reviews at 20 days, three months, then every six months.
	let r = 1;
	for (let due = startDay + 20; due < ceased && due <= today; due = r === 2 ? startDay + 91 : due + 182) {
		add("ssd_cla_reviews", {
			clar_cla_review_id: `W${claId}${r}`,
			clar_cla_id: claId,
			clar_cla_review_due_date: isoOf(due),
			clar_cla_review_date: isoOf(due - random.int(5)),
			clar_cla_review_cancelled: "N",
		});
		r++;
	}
	// About one child in ten in care goes missing at least once.
	if (random.chance(0.1)) {
		const times = random.between(1, 4);
		for (let m = 1; m <= times; m++) {
			const day = startDay + random.int(Math.max(1, Math.min(ceased, today) - startDay));
			add("ssd_missing", {
				miss_table_id: `H${claId}${m}`,
				miss_person_id: pid,
				miss_missing_episode_start_date: isoOf(day),
				miss_missing_episode_type: random.chance(0.8) ? "M" : "A",
				miss_missing_episode_end_date: end(day + random.between(0, 3)),
				miss_missing_rhi_offered: "Y",
				miss_missing_rhi_accepted: random.chance(0.5) ? "Y" : "N",
			});
		}
	}
	if (ceased >= eighteen && ceased <= today) {
		add("ssd_care_leavers", {
			clea_table_id: `K${claId}`,
			clea_person_id: pid,
			clea_care_leaver_eligibility: "Former relevant",
			clea_care_leaver_in_touch: "YES",
			clea_care_leaver_latest_contact: isoOf(Math.min(today, ceased + random.between(30, 300))),
			clea_care_leaver_accommodation: "S",
			clea_care_leaver_accom_suitable: "1",
			clea_care_leaver_activity: random.pick(["F1", "F2", "G4", "G6"]),
			clea_care_leaver_personal_advisor: "Personal adviser",
			clea_care_leaver_allocated_team: random.pick(staff.teams),
			clea_care_leaver_worker_id: random.pick(staff.workers),
		});
	} else if (startDay - born < 5 * 365 && random.chance(0.25)) {
		// Young children leave care to adoption or special guardianship more often than others.
		const decision = startDay + random.between(90, 300);
		if (decision <= today) {
			add("ssd_permanence", {
				perm_table_id: `J${claId}`,
				perm_person_id: pid,
				perm_cla_id: claId,
				perm_adm_decision_date: isoOf(decision),
				perm_placement_order_date: end(decision + 60),
				perm_matched_date: end(decision + 120),
				perm_placed_for_adoption_date: end(decision + 150),
				perm_adoption_worker_id: random.pick(staff.workers),
			});
		}
	}
	return ceased;
}
