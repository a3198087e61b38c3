/**
 * The SSD's code lists in words, for people reading a child's imported history (ADR 38).
 * The words are the DfE's: the CIN census for referral sources, primary needs and reasons
 * for closure, the SSDA903 return for legal statuses, placement types and missing episodes,
 * shortened where the guidance's wording runs to a paragraph. Pure data.
 */

export type CodeWords = Readonly<Record<string, string>>;

/** CIN census referral source (CINE004A, CONT004A). */
export const REFERRAL_SOURCE: CodeWords = {
	"1A": "Family member, relative or carer",
	"1B": "Acquaintance, including neighbours and child minders",
	"1C": "Self",
	"1D": "Other individual",
	"2A": "School",
	"2B": "Education services",
	"3A": "GP",
	"3B": "Health visitor",
	"3C": "School nurse",
	"3D": "Other primary health services",
	"3E": "A&E (emergency department)",
	"3F": "Other health services",
	"4": "Housing (council housing or housing association)",
	"5A": "Social care, for example adult social care",
	"5B": "Other internal council department",
	"5C": "Other external council department",
	"5D": "Early help",
	"6": "Police",
	"7": "Other legal agency",
	"8": "Other",
	"9": "Anonymous",
	"10": "Unknown",
};

/** CIN census primary need (CINE010A); N0 and N9 are in the census though not the SSD's list. */
export const PRIMARY_NEED: CodeWords = {
	N0: "Not stated",
	N1: "Abuse or neglect",
	N2: "Child's disability or illness",
	N3: "Parent's disability or illness",
	N4: "Family in acute stress",
	N5: "Family dysfunction",
	N6: "Socially unacceptable behaviour",
	N7: "Low income",
	N8: "Absent parenting",
	N9: "Cases other than children in need",
};

/** CIN census reason for closure (CINE006A). */
export const CLOSURE_REASON: CodeWords = {
	RC1: "Adopted",
	RC2: "Died",
	RC3: "Child arrangements order",
	RC4: "Special guardianship order",
	RC5: "Moved to another local authority",
	RC6: "Moved to adult social care",
	RC7: "Services ended for another reason, including no longer in need",
	RC8: "Closed after assessment, no further action",
	RC9: "Closed after assessment, referred to early help",
};

/** SSDA903 legal status (LEGA003A). */
export const LEGAL_STATUS: CodeWords = {
	C1: "Interim care order",
	C2: "Full care order",
	D1: "Freeing order granted",
	E1: "Placement order granted",
	V2: "Accommodated under section 20 (single period)",
	V3: "Short breaks, each episode recorded",
	V4: "Short breaks under an agreement",
	L1: "Police protection, in council accommodation",
	L2: "Emergency protection order",
	L3: "Child assessment order, in council accommodation",
	J1: "Remanded to council or youth detention accommodation",
	J2: "Placed in council accommodation under PACE",
	J3: "Youth rehabilitation order with a residence or fostering requirement",
};

/** SSDA903 placement type (CLAP004A); the spec gives no list, so a code not here is shown as given. */
export const PLACEMENT_TYPE: CodeWords = {
	A3: "Placed for adoption with consent, with current foster carers",
	A4: "Placed for adoption with consent, not with current foster carers",
	A5: "Placed for adoption under a placement order, with current foster carers",
	A6: "Placed for adoption under a placement order, not with current foster carers",
	H5: "Supported accommodation",
	K1: "Secure children's home",
	K2: "Children's home",
	P1: "Placed with parents or others with parental responsibility",
	P2: "Independent living",
	P3: "Residential employment",
	R1: "Residential care home",
	R2: "NHS or other establishment providing medical or nursing care",
	R3: "Family centre or mother and baby unit",
	R5: "Young offender institution or prison",
	S1: "Residential school",
	T0: "Temporary move",
	T1: "Temporary period in hospital",
	T2: "Temporary absence on holiday",
	T3: "Temporary placement while the foster carers are on holiday",
	T4: "Temporary placement of seven days or less",
	U1: "Foster placement with relatives or friends, long term",
	U2: "Foster placement with relatives or friends, fostering for adoption or concurrent planning",
	U3: "Foster placement with relatives or friends, other",
	U4: "Foster placement with other foster carers, long term",
	U5: "Foster placement with other foster carers, fostering for adoption or concurrent planning",
	U6: "Foster placement with other foster carers, other",
	Z1: "Other placement",
};

/** SSDA903 missing episode type (MISS003A). */
export const MISSING_TYPE: CodeWords = {
	M: "Missing",
	A: "Away from placement without authorisation",
};

/**
 * A code in words, with the code itself so a reader can match it to the case system: "Police
 * (6)". A code the list does not hold is shown as given, never dropped; empty is null.
 */
export function inWords(words: CodeWords, code: string | null | undefined): string | null {
	const given = code?.trim();
	if (!given) return null;
	const known = words[given.toUpperCase()];
	return known ? `${known} (${given.toUpperCase()})` : given;
}

/** The outcome flags of the SSD's outcome JSON (referrals, assessments, s47 enquiries, conferences). */
export const OUTCOME_FLAG: CodeWords = {
	SINGLE_ASSESSMENT_FLAG: "Assessment",
	NFA_FLAG: "No further action",
	NFA_S47_END_FLAG: "No further action at the end of the section 47 enquiry",
	NFA_CONTINUE_SINGLE_FLAG: "No further action, assessment continues",
	STRATEGY_DISCUSSION_FLAG: "Strategy discussion",
	CLA_REQUEST_FLAG: "Request to be looked after",
	NON_AGENCY_ADOPTION_FLAG: "Non-agency adoption",
	PRIVATE_FOSTERING_FLAG: "Private fostering",
	CP_TRANSFER_IN_FLAG: "Child protection transfer in",
	CP_CONFERENCE_FLAG: "Child protection conference",
	CP_FLAG: "Child protection plan",
	CARE_LEAVER_FLAG: "Care leaver support",
	LEGAL_ACTION_FLAG: "Legal action",
	PROV_OF_SERVICES_FLAG: "Services provided",
	PROV_OF_SB_CARE_FLAG: "Short break care provided",
	SPECIALIST_ASSESSMENT_FLAG: "Specialist assessment",
	REFERRAL_TO_OTHER_AGENCY_FLAG: "Referred to another agency",
	MONITOR_FLAG: "Monitoring",
	OTHER_OUTCOMES_EXIST_FLAG: "Other outcomes",
};

/**
 * The outcomes an outcome JSON says yes to, in words, in the order it lists them. Flags the
 * list does not know are named as written rather than dropped; a document that is not a
 * JSON object (the import checks they are JSON, not their shape) gives no outcomes.
 */
export function outcomesOf(json: string | null | undefined): string[] {
	if (!json) return [];
	let doc: unknown;
	try {
		doc = JSON.parse(json);
	} catch {
		return [];
	}
	if (!doc || typeof doc !== "object" || Array.isArray(doc)) return [];
	return Object.entries(doc)
		.filter(([key, value]) => key.toUpperCase().endsWith("_FLAG") && isYes(value))
		.map(([key]) => OUTCOME_FLAG[key.toUpperCase()] ?? key);
}

const isYes = (value: unknown) =>
	value === true || value === 1 || (typeof value === "string" && /^(y|yes|1|true)$/i.test(value.trim()));
