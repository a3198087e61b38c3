import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { SEX } from "../../domain/people/codes.ts";
import { attempt, type FormErrors, noErrors, parseForm } from "../../platform/forms.ts";
import { LINK_FORM } from "./forms.ts";

type WithQuestion = FastifyRequest<{ Params: { questionId: string } }>;
type Body = Record<string, unknown>;

const HOW: Record<string, string> = {
	confirmed: "confirmed as the same child",
	created: "a new person made from the case system's record",
	"case-system-id": "by the case system's id",
	"nhs-number": "by NHS number, name and date of birth",
};

/** A linking question's page: the SSD record beside each candidate, and the answer (ADR 36). */
export function registerLinkQuestions(app: FastifyInstance) {
	const { services } = app;

	async function render(reply: FastifyReply, id: string, values: Body, errors: FormErrors) {
		const reader = reply.request.principal!;
		const question = await services.ssdLinkQuestions.get(id, reader);
		reply.request.shown([
			{ id: question.id, personId: null },
			...question.candidates
				.filter((c) => !c.withheld)
				.map((c) => ({ id: c.personId, personId: c.personId, kind: "person" })),
		]);
		const name =
			[question.ssd.forename, question.ssd.surname].filter(Boolean).join(" ") || "A child with no name given";
		return reply.page("modules/ssd/views/link-question.njk", {
			title: `Which person is ${name}?`,
			question,
			sexes: SEX,
			how: question.answer ? HOW[question.answer.how] : null,
			withheld: question.candidates.some((c) => c.withheld),
			values,
			errors,
			saved: (reply.request.query as Body).saved === "1" && !errors.summary.length,
		});
	}

	app.get("/ssd/links/:questionId", async (request: WithQuestion, reply) =>
		render(reply, request.params.questionId, {}, noErrors()),
	);

	app.post("/ssd/links/:questionId", async (request: WithQuestion, reply) => {
		const body = (request.body ?? {}) as Body;
		const id = request.params.questionId;
		const read = parseForm(LINK_FORM, body);
		if (!read.ok) return render(reply.code(400), id, body, read.errors);
		const { answer } = read.value;
		const errors = noErrors();
		const status = await attempt(errors, () =>
			services.ssdLinkQuestions.answer(
				id,
				answer === "new" ? { newPerson: true } : { sameAs: answer.toLowerCase() },
				request.principal!,
				request.id,
			),
		);
		if (status === null) return reply.redirect(`/ssd/links/${id}?saved=1`, 303);
		return render(reply.code(status), id, body, errors);
	});
}
