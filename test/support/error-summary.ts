/**
 * The GOV.UK error summary of a page, as the user reads it: each message (entities decoded)
 * and the field it links to. Empty when the page has no error summary.
 */
export function errorSummary(html: string): { text: string; href: string }[] {
	const summary =
		/<div class="govuk-error-summary"[\s\S]*?<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(
			html,
		);
	if (!summary) return [];
	return [...summary[1].matchAll(/<a href="([^"]*)">([\s\S]*?)<\/a>/g)].map((m) => ({
		href: decode(m[1]),
		text: decode(m[2].trim()),
	}));
}

/** The messages of a page's error summary, in order. */
export const errorMessages = (html: string): string[] => errorSummary(html).map((e) => e.text);

function decode(s: string): string {
	return s
		.replace(/&#39;/g, "'")
		.replace(/&quot;/g, '"')
		.replace(/&lt;/g, "<")
		.replace(/&gt;/g, ">")
		.replace(/&amp;/g, "&");
}
