import type { Faker } from "@faker-js/faker";
import { Builder, type Household } from "./builder.ts";
import type { Culture, CultureId } from "./naming.ts";
import { type Random, Weighted } from "./random.ts";
import * as shapes from "./shapes.ts";

// Families as children's services meet them: many single parents, step-families and
// half-siblings, grandparents bringing up grandchildren, parents who live elsewhere,
// teenagers on their own and pregnancies.

type Kind =
	| "couple"
	| "single-mother"
	| "single-father"
	| "step-family"
	| "kinship"
	| "same-sex"
	| "young-person"
	| "pre-birth"
	| "three-generation";

const KINDS = new Weighted<Kind>([
	["couple", 22],
	["single-mother", 39],
	["single-father", 4],
	["step-family", 14],
	["kinship", 6],
	["same-sex", 1],
	["young-person", 5],
	["pre-birth", 3],
	["three-generation", 4],
]);

export class Families {
	constructor(
		private readonly random: Random,
		private readonly cultures: Record<CultureId, Culture>,
		private readonly faker: Faker,
		private readonly today: number,
	) {}

	next(): Household {
		const b = new Builder(this.random, this.cultures, this.faker, this.today);
		switch (KINDS.draw(this.random)) {
			case "couple":
				shapes.couple(b);
				break;
			case "single-mother":
				shapes.singleMother(b);
				break;
			case "single-father":
				shapes.singleFather(b);
				break;
			case "step-family":
				shapes.stepFamily(b);
				break;
			case "kinship":
				shapes.kinship(b);
				break;
			case "same-sex":
				shapes.sameSex(b);
				break;
			case "young-person":
				shapes.youngPerson(b);
				break;
			case "pre-birth":
				shapes.preBirth(b);
				break;
			case "three-generation":
				shapes.threeGenerations(b);
				break;
		}
		return b.finish();
	}
}
