// CIN census referral sources (also Annex A's contact source), stored as the code.
export const REFERRAL_SOURCE = {
	"1A": "Individual: family member, relative or carer",
	"1B": "Individual: acquaintance (including neighbours and childminders)",
	"1C": "Individual: self",
	"1D": "Individual: other (including strangers)",
	"2A": "Schools",
	"2B": "Education services",
	"3A": "Health: GP",
	"3B": "Health: health visitor",
	"3C": "Health: school nurse",
	"3D": "Health: other primary health services",
	"3E": "Health: A&E",
	"3F": "Health: other",
	"4": "Housing",
	"5A": "Local authority: social care",
	"5B": "Local authority: other internal department",
	"5C": "Local authority: external",
	"5D": "Local authority: early help",
	"6": "Police",
	"7": "Other legal agency",
	"8": "Other",
	"9": "Anonymous",
	"10": "Unknown",
} as const;
export type ReferralSource = keyof typeof REFERRAL_SOURCE;

export const FAMILY_AWARE = { yes: "Yes", no: "No", "not-known": "Not known" } as const;
export type FamilyAware = keyof typeof FAMILY_AWARE;

export const DA_RISK_TOOL = { DASH: "DASH", DARA: "DARA" } as const;
export const DA_RISK_LEVEL = { standard: "Standard", medium: "Medium", high: "High" } as const;
export type DaRiskTool = keyof typeof DA_RISK_TOOL;
export type DaRiskLevel = keyof typeof DA_RISK_LEVEL;

export const ACKNOWLEDGEMENT_METHOD = {
	phone: "Phone",
	email: "Email",
	"secure-email": "Secure email",
	letter: "Letter",
	"in-person": "In person",
} as const;
