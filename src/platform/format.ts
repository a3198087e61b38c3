import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

const LONDON = "Europe/London";

// GOV.UK style: "23 November 2026", "23 November 2026 at 2:30pm", in England's time.
export function formatDate(value: Date | string | null | undefined): string {
	if (!value) return "";
	if (typeof value === "string") return format(new Date(`${value}T12:00:00Z`), "d MMMM yyyy");
	return format(new TZDate(value, LONDON), "d MMMM yyyy");
}

export function formatDateTime(value: Date | null | undefined): string {
	if (!value) return "";
	const local = new TZDate(value, LONDON);
	return `${format(local, "d MMMM yyyy")} at ${format(local, "h:mmaaa")}`;
}
