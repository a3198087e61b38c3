import { type Builder, CHILDREN, GAP_YEARS, type Parent, YEAR } from "./builder.ts";
import { CHILD_ETHNICITY, childOf, parentsOf, partnerOf } from "./ethnicity.ts";
import { cultureOf, type NamedSex } from "./naming.ts";

// The shapes of family children's services meet, one function each: who is recorded,
// who lives where, and how they are related.

export function couple(b: Builder): void {
	const ethnicity = CHILD_ETHNICITY.draw(b.random);
	const [me, fe] = parentsOf(ethnicity, b.random);
	const dobs = b.childDobs(CHILDREN.draw(b.random));
	const mother = b.adult("parent", "F", me, { firstChild: dobs[0], ageThen: 27 });
	const father = b.adult("parent", "M", fe, { firstChild: dobs[0], partner: mother.member.dob!, gap: 2.5 });
	const married = b.random.chance(0.5);
	if (married) b.marry(mother.member, father.member);
	b.link(father, mother, "partner", false, null);
	const family = b.childFamily(mother.member, father.member, married);
	const kids = dobs.map((dob) => b.child(ethnicity, [mother.member, father.member], family, dob));
	const fatherPr = married || b.random.chance(0.85);
	b.parentLinks(mother, kids, true);
	b.parentLinks(father, kids, fatherPr);
	b.siblings(kids, "sibling");
	b.maybeUnborn(mother, father, kids, family, fatherPr);
}

export function singleMother(b: Builder): void {
	const ethnicity = CHILD_ETHNICITY.draw(b.random);
	const [me, fe] = parentsOf(ethnicity, b.random);
	const dobs = b.childDobs(CHILDREN.draw(b.random));
	const mother = b.adult("parent", "F", me, { firstChild: dobs[0], ageThen: 25 });
	// A quarter of single mothers with two or more children had them with two fathers.
	const split = dobs.length >= 2 && b.random.chance(0.25) ? b.random.between(1, dobs.length - 1) : dobs.length;
	const groups = [dobs.slice(0, split), dobs.slice(split)].filter((g) => g.length > 0);
	const kidGroups = groups.map((own, f) => {
		const fatherEthnicity = f === 0 ? fe : partnerOf(me, b.random);
		const childEthnicity = f === 0 ? ethnicity : childOf(me, fatherEthnicity);
		const father = b.adult("elsewhere", "M", fatherEthnicity, {
			firstChild: own[0],
			partner: mother.member.dob!,
			gap: 3,
		});
		const family = b.random.chance(0.5) ? father.member.family : mother.member.family;
		const kids = own.map((dob) => b.child(childEthnicity, [mother.member, father.member], family, dob));
		b.parentLinks(mother, kids, true);
		b.siblings(kids, "sibling");
		if (b.random.chance(f === 0 ? 0.45 : 0.3)) {
			b.placeElsewhere(father.member);
			b.parentLinks(father, kids, b.random.chance(0.6));
		} else b.forget(father.index);
		return kids;
	});
	if (kidGroups.length === 2) b.across(kidGroups[0], kidGroups[1], "half-sibling");
	b.maybeUnborn(mother, undefined, kidGroups.flat(), mother.member.family, false);
}

export function singleFather(b: Builder): void {
	const ethnicity = CHILD_ETHNICITY.draw(b.random);
	const [me, fe] = parentsOf(ethnicity, b.random);
	const dobs = b.childDobs(b.random.between(1, 3));
	const mother = b.adult("elsewhere", "F", me, { firstChild: dobs[0], ageThen: 26 });
	const father = b.adult("parent", "M", fe, { firstChild: dobs[0], partner: mother.member.dob!, gap: 2.5 });
	const family = b.childFamily(mother.member, father.member, false);
	const kids = dobs.map((dob) => b.child(ethnicity, [mother.member, father.member], family, dob));
	b.parentLinks(father, kids, true);
	b.siblings(kids, "sibling");
	if (b.random.chance(0.6)) {
		b.placeElsewhere(mother.member);
		b.parentLinks(mother, kids, true);
	} else b.forget(mother.index);
}

export function stepFamily(b: Builder): void {
	const ethnicity = CHILD_ETHNICITY.draw(b.random);
	const [me, fe] = parentsOf(ethnicity, b.random);
	const dobs = b.childDobs(Math.min(4, CHILDREN.draw(b.random)));
	const mother = b.adult("parent", "F", me, { firstChild: dobs[0], ageThen: 24 });
	const ex = b.adult("elsewhere", "M", fe, { firstChild: dobs[0], partner: mother.member.dob!, gap: 2.5 });
	const stepEthnicity = partnerOf(me, b.random);
	const step = b.adult("parent", "M", stepEthnicity, {
		firstChild: b.today,
		partner: mother.member.dob!,
		gap: 3,
	});
	const together = b.between(dobs[dobs.length - 1] + 180, b.today - 200);
	if (b.random.chance(0.5)) b.marry(mother.member, step.member);
	b.link(step, mother, "partner", false, together);
	const oldFamily = b.random.chance(0.6) ? ex.member.family : mother.member.family;
	const older = dobs.map((dob) => b.child(ethnicity, [mother.member, ex.member], oldFamily, dob));
	// Some children take their step-father's name; the old one stays searchable.
	if (b.random.chance(0.3)) {
		for (const k of older) {
			const m = b.members[k];
			m.previousFamily = m.family;
			m.family = b.cultures[step.member.culture].familyFor(m.sex === "M" ? "M" : "F", step.member.family);
		}
	}
	b.parentLinks(mother, older, true);
	b.parentLinks(step, older, b.random.chance(0.1), "step-parent", together);
	b.siblings(older, "sibling");
	if (b.random.chance(0.4)) {
		b.placeElsewhere(ex.member);
		b.parentLinks(ex, older, b.random.chance(0.6));
	} else b.forget(ex.index);
	const halfEthnicity = childOf(me, stepEthnicity);
	const half: number[] = [];
	if (b.today - together > 400 && b.random.chance(0.6)) {
		let born = together + b.random.between(280, 700);
		for (let i = b.random.between(1, 2); i > 0 && born < b.today - 7; i--) {
			half.push(b.child(halfEthnicity, [mother.member, step.member], step.member.family, born));
			born += Math.round(GAP_YEARS.draw(b.random) * YEAR) + b.random.int(200);
		}
	}
	b.parentLinks(mother, half, true);
	b.parentLinks(step, half, true);
	b.siblings(half, "sibling");
	b.across(older, half, "half-sibling");
	// Now and then the step-father's own children live here too.
	if (b.random.chance(0.15)) {
		const hisDobs = b.childDobs(b.random.between(1, 2), step.member.dob! + Math.round(20 * YEAR));
		const theirMother = b.adult("elsewhere", "F", stepEthnicity, { firstChild: hisDobs[0], ageThen: 26 });
		b.forget(theirMother.index);
		const his = hisDobs.map((dob) =>
			b.child(stepEthnicity, [theirMother.member, step.member], step.member.family, dob),
		);
		b.parentLinks(step, his, true);
		b.parentLinks(mother, his, false, "step-parent", together);
		b.siblings(his, "sibling");
		b.across(his, older, "step-sibling");
		b.across(his, half, "half-sibling");
	}
	b.maybeUnborn(mother, step, [...older, ...half], step.member.family, true);
}

export function kinship(b: Builder): void {
	const ethnicity = CHILD_ETHNICITY.draw(b.random);
	const [me, fe] = parentsOf(ethnicity, b.random);
	const dobs = b.childDobs(b.random.between(1, 4));
	// Grandparents bring up the children of a daughter (or a son) who lives elsewhere.
	const maternal = b.random.chance(0.75);
	const mother = b.adult("elsewhere", "F", me, { firstChild: dobs[0], ageThen: 22 });
	const father = b.adult("elsewhere", "M", fe, { firstChild: dobs[0], partner: mother.member.dob!, gap: 2.5 });
	const line = maternal ? mother : father;
	const grandmother = b.adult("grandparent", "F", line.member.ethnicity, {
		firstChild: line.member.dob!,
		ageThen: 26,
	});
	const grandfather = b.random.chance(0.55)
		? b.adult("grandparent", "M", grandmother.member.ethnicity, {
				firstChild: line.member.dob!,
				partner: grandmother.member.dob!,
				gap: 2,
			})
		: undefined;
	if (grandfather) {
		b.marry(grandmother.member, grandfather.member);
		b.link(grandfather, grandmother, "partner", false, null);
	}
	const lineFamily = grandfather?.member.family ?? grandmother.member.family;
	line.member.family = b.cultures[line.member.culture].familyFor(maternal ? "F" : "M", lineFamily);
	const family = b.random.chance(0.5) ? father.member.family : mother.member.family;
	const kids = dobs.map((dob) => b.child(ethnicity, [mother.member, father.member], family, dob));
	// Half of these carers hold a special guardianship or child arrangements order.
	const order = b.random.chance(0.5);
	const since = b.between(dobs[0], b.today - 30);
	for (const g of [grandmother, grandfather]) {
		if (!g) continue;
		for (const k of kids) b.link(g, b.at(k), "grandparent", order, since);
		b.link(g, line, "parent", false, line.member.dob);
	}
	b.parentLinks(mother, kids, true);
	b.siblings(kids, "sibling");
	if (b.random.chance(0.05)) b.die(mother.member, dobs[dobs.length - 1]);
	else b.placeElsewhere(mother.member);
	if (!maternal || b.random.chance(0.25)) {
		b.placeElsewhere(father.member);
		b.parentLinks(father, kids, b.random.chance(0.5));
	} else b.forget(father.index);
	for (const g of [grandmother, grandfather]) if (g && b.random.chance(0.02)) b.die(g.member, since);
}

export function sameSex(b: Builder): void {
	const ethnicity = CHILD_ETHNICITY.draw(b.random);
	const [me, other] = parentsOf(ethnicity, b.random);
	const sex: NamedSex = b.random.chance(0.7) ? "F" : "M";
	const dobs = b.childDobs(b.random.between(1, 3));
	const first = b.adult("parent", sex, me, { firstChild: dobs[0], ageThen: 31 });
	const second = b.adult("parent", sex, other, { firstChild: dobs[0], partner: first.member.dob!, gap: 1 });
	b.link(second, first, "partner", false, null);
	const kids = dobs.map((dob) => b.child(ethnicity, [first.member, second.member], first.member.family, dob));
	b.parentLinks(first, kids, true);
	b.parentLinks(second, kids, true);
	b.siblings(kids, "sibling");
}

export function youngPerson(b: Builder): void {
	const ethnicity = CHILD_ETHNICITY.draw(b.random);
	const [me, fe] = parentsOf(ethnicity, b.random);
	const dob = b.today - Math.round(b.random.between(15, 17) * YEAR) - b.random.int(365);
	const mother = b.adult("elsewhere", "F", me, { firstChild: dob, ageThen: 26 });
	const father = b.adult("elsewhere", "M", fe, { firstChild: dob, partner: mother.member.dob!, gap: 2.5 });
	const kid = b.child(ethnicity, [mother.member, father.member], father.member.family, dob);
	if (b.random.chance(0.5)) {
		b.placeElsewhere(mother.member);
		b.parentLinks(mother, [kid], true);
	} else b.forget(mother.index);
	if (b.random.chance(0.3)) {
		b.placeElsewhere(father.member);
		b.parentLinks(father, [kid], b.random.chance(0.6));
	} else b.forget(father.index);
}

export function preBirth(b: Builder): void {
	const ethnicity = CHILD_ETHNICITY.draw(b.random);
	const [me, fe] = parentsOf(ethnicity, b.random);
	const expected = b.today + b.random.between(1, 270);
	// About one expectant mother in eight known to children's services is herself a child.
	const young = b.random.chance(0.12);
	let mother: Parent;
	if (young) {
		const dob = b.today - Math.round(b.random.between(14, 17) * YEAR) - b.random.int(365);
		const culture = cultureOf(me, b.random);
		mother = b.at(b.child(me, [], b.cultures[culture].family("F", "child"), dob, "F", culture));
		const grandmother = b.adult("grandparent", "F", me, { firstChild: dob, ageThen: 25 });
		grandmother.member.family = mother.member.family;
		b.link(grandmother, mother, "parent", true, dob);
	} else {
		const age = b.random.between(18, 40);
		mother = b.adult("parent", "F", me, {
			firstChild: expected,
			exact: b.today - Math.round(age * YEAR) - b.random.int(365),
		});
	}
	const father = b.random.chance(0.5)
		? b.adult(b.random.chance(0.5) ? "partner" : "elsewhere", "M", fe, {
				firstChild: expected,
				partner: mother.member.dob!,
				gap: young ? 1.5 : 3,
			})
		: undefined;
	if (father?.member.role === "elsewhere") b.placeElsewhere(father.member);
	if (father?.member.role === "partner") b.link(father, mother, "partner", false, null);
	b.unborn(mother, father, [], father?.member.family ?? mother.member.family, false, expected);
}

export function threeGenerations(b: Builder): void {
	const ethnicity = CHILD_ETHNICITY.draw(b.random);
	const [me, fe] = parentsOf(ethnicity, b.random);
	const dobs = b.childDobs(CHILDREN.draw(b.random));
	const mother = b.adult("parent", "F", me, { firstChild: dobs[0], ageThen: 23 });
	const grandmother = b.adult("grandparent", "F", me, { firstChild: mother.member.dob!, ageThen: 25 });
	grandmother.member.family = mother.member.family;
	b.link(grandmother, mother, "parent", false, mother.member.dob);
	const father = b.adult("elsewhere", "M", fe, { firstChild: dobs[0], partner: mother.member.dob!, gap: 2.5 });
	const family = b.random.chance(0.5) ? father.member.family : mother.member.family;
	const kids = dobs.map((dob) => b.child(ethnicity, [mother.member, father.member], family, dob));
	b.parentLinks(mother, kids, true);
	for (const k of kids) b.link(grandmother, b.at(k), "grandparent", false, b.members[k].dob);
	b.siblings(kids, "sibling");
	if (b.random.chance(0.3)) {
		b.placeElsewhere(father.member);
		b.parentLinks(father, kids, b.random.chance(0.6));
	} else b.forget(father.index);
}
