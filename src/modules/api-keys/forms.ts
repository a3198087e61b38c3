import { AGENCY_SOURCE_NAMES } from "../../domain/front-door/agency-sources.ts";
import { field, form } from "../../platform/forms.ts";

/** Issuing a partner API key: the agency it is for, and the referral sources it sends contacts as (ADR 25). */
export const API_KEY_FORM = form(
	{
		agency: field.text("Agency", 200, "Enter the agency the key is for, for example Kent Police"),
		sources: field.checkboxes(AGENCY_SOURCE_NAMES, "Choose referral sources from the list"),
	},
	(v): Record<string, string> =>
		v.sources && v.sources.length === 0
			? { sources: "Choose the referral sources the agency sends contacts as, for example Police" }
			: {},
);
