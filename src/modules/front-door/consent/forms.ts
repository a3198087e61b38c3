import { AGREEMENT, LAWFUL_BASIS, type SharingInput, sharingProblems } from "../../../domain/front-door/decision.ts";
import { type FormSchema, type FormValues, field, form, MAX_LENGTH } from "../../../platform/forms.ts";
import { optionalId, yesNo } from "../decisions/forms.ts";

// Agreement to share information (ADR 17): the fields in page order and the domain's
// rules. Whether the authoriser may authorise needs the database: the service says.

/** A person recorded as holding parental responsibility for the child, offered in the form's list. */
export interface Holder {
	id: string;
	given_name: string;
	family_name: string;
}

const FIELDS = {
	holder: optionalId("Select the person with parental responsibility from the list"),
	personName: field.optionalText("The name of the person with parental responsibility", MAX_LENGTH.name),
	agreement: field.optionalChoice(AGREEMENT, "Select whether agreement to share was sought"),
	informationShared: yesNo("Say whether information was shared"),
	rationale: field.optionalText("The rationale", MAX_LENGTH.reason),
	authorisedBy: optionalId("Select the registered social worker or manager who authorised sharing"),
	lawfulBasis: field.optionalChoice(LAWFUL_BASIS, "Select the lawful basis for sharing"),
};

type Parsed = Partial<FormValues<FormSchema<typeof FIELDS>>>;

/** The sharing as the domain sees it: a person chosen from the list is named as recorded. */
export function sharingInput(v: Parsed, holders: readonly Holder[]): SharingInput & { personId: string | null } {
	const chosen = holders.find((h) => h.id === v.holder);
	return {
		personId: chosen?.id ?? null,
		personName: chosen ? `${chosen.given_name} ${chosen.family_name}` : (v.personName ?? ""),
		agreement: v.agreement ?? null,
		informationShared: v.informationShared ?? null,
		rationale: v.rationale ?? "",
		authorisedBy: v.authorisedBy ?? null,
		lawfulBasis: v.lawfulBasis ?? null,
	};
}

/** The form for a child whose people with parental responsibility are `holders`. */
export function sharingForm(holders: readonly Holder[]) {
	return form(FIELDS, (v) => ({
		// Someone no longer listed (their relationship ended since the page was loaded) is not named for them;
		// without a list on the page, the message goes by the name box.
		...(v.holder && !holders.some((h) => h.id === v.holder)
			? { [holders.length ? "holder" : "personName"]: "Select the person with parental responsibility from the list" }
			: {}),
		...sharingProblems(sharingInput(v, holders)),
	}));
}

/** The authoriser's answer on sharing without agreement. */
export const AUTHORISATION_ANSWERS = {
	confirmed: "Yes, I authorised it",
	refused: "No, I do not authorise it",
} as const;

export const authoriseForm = form({
	answer: field.choice(AUTHORISATION_ANSWERS, "Say whether you authorise the sharing"),
	note: field.sentence(
		"Your reasons",
		4000,
		"Give your reasons",
		"Give your reasons in a sentence: why sharing without agreement was, or was not, justified",
	),
});
