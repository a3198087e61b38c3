// Code sets for people, as the CIN census and the SSD define them, with the words
// users read. Stored values are the codes, so returns need no remapping.

export const SEX = { M: "Male", F: "Female", U: "Unknown (or unborn)" } as const;

export const GENDER = {
	"00": "Not known",
	"01": "Male",
	"02": "Female",
	"09": "Self-described",
} as const;

export const ETHNICITY = {
	WBRI: "White – British",
	WIRI: "White – Irish",
	WIRT: "White – Traveller of Irish heritage",
	WOTH: "White – any other White background",
	WROM: "White – Gypsy or Roma",
	MWBC: "Mixed – White and Black Caribbean",
	MWBA: "Mixed – White and Black African",
	MWAS: "Mixed – White and Asian",
	MOTH: "Mixed – any other mixed background",
	AIND: "Asian or Asian British – Indian",
	APKN: "Asian or Asian British – Pakistani",
	ABAN: "Asian or Asian British – Bangladeshi",
	AOTH: "Asian or Asian British – any other Asian background",
	BCRB: "Black or Black British – Caribbean",
	BAFR: "Black or Black British – African",
	BOTH: "Black or Black British – any other Black background",
	CHNE: "Chinese",
	OOTH: "Any other ethnic group",
	REFU: "Refused",
	NOBT: "Information not yet obtained",
} as const;

export const DISABILITY = {
	NONE: "No disability",
	MOB: "Mobility",
	HAND: "Hand function",
	PC: "Personal care",
	INC: "Incontinence",
	COMM: "Communication",
	LD: "Learning",
	HEAR: "Hearing",
	VIS: "Vision",
	BEH: "Behaviour",
	CON: "Consciousness",
	AUT: "Autism or Asperger syndrome (diagnosed)",
	DDA: "Other disability under the Disability Discrimination Act",
} as const;

export const UPN_UNKNOWN = {
	UN1: "Not of school age, or no UPN yet",
	UN2: "Never attended a maintained school in England",
	UN3: "Educated outside England",
	UN4: "Newly in the council's care; UPN not yet known",
	UN5: "Sources disagree on name or date of birth",
	UN6: "Unborn",
	UN7: "Referral with no further action",
} as const;

/** "person is the <label> of related"; the inverse is how the related person reads it. */
export const RELATIONSHIP = {
	parent: { label: "Parent", inverse: "Child" },
	"step-parent": { label: "Step-parent", inverse: "Step-child" },
	"special-guardian": { label: "Special guardian", inverse: "Child under special guardianship" },
	"foster-carer": { label: "Foster carer", inverse: "Foster child" },
	carer: { label: "Carer", inverse: "Cared for" },
	grandparent: { label: "Grandparent", inverse: "Grandchild" },
	sibling: { label: "Sibling", inverse: "Sibling" },
	"half-sibling": { label: "Half-sibling", inverse: "Half-sibling" },
	"step-sibling": { label: "Step-sibling", inverse: "Step-sibling" },
	partner: { label: "Partner", inverse: "Partner" },
	"household-member": { label: "Household member", inverse: "Household member" },
	"other-relative": { label: "Other relative", inverse: "Other relative" },
} as const;

export type Sex = keyof typeof SEX;
export type RelationshipKind = keyof typeof RELATIONSHIP;

/** Kinds that make the person an ancestor of the related one: a cycle of these is impossible. */
export const ANCESTOR_KINDS: readonly RelationshipKind[] = ["parent", "step-parent", "grandparent"];

export const NAME_KIND = {
	current: "Current",
	previous: "Previous",
	alias: "Also known as",
	birth: "Birth name",
} as const;

export const isCode = <T extends object>(codes: T, value: unknown): value is keyof T & string =>
	typeof value === "string" && Object.hasOwn(codes, value);
