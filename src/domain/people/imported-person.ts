import type { ETHNICITY } from "./codes.ts";

/**
 * A person as another system's record describes them (an SSD extract), in our codes: what
 * a Threshold person made from it holds.
 */
export interface ImportedPerson {
	givenName: string;
	familyName: string;
	sex: "M" | "F" | "U";
	dateOfBirth: string | null;
	expectedBirthDate: string | null;
	deathDate: string | null;
	ethnicity: keyof typeof ETHNICITY;
	nhsNumber: string | null;
	upn: string | null;
	upnUnknown: UpnUnknown | null;
	nationality: string | null;
}

export type UpnUnknown = "UN1" | "UN2" | "UN3" | "UN4" | "UN5" | "UN6" | "UN7";
