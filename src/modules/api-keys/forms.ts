import { field, form } from "../../platform/forms.ts";

/** Issuing a partner API key: the agency it is for. */
export const API_KEY_FORM = form({
	agency: field.text("Agency", 200, "Enter the agency the key is for, for example Kent Police"),
});
