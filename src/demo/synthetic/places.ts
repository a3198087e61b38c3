import type { Faker } from "@faker-js/faker";
import { inwardCode } from "./identifiers.ts";
import type { Random } from "./random.ts";
import { Weighted } from "./random.ts";

// Kent towns with the outward codes that cover them, weighted roughly by population, so
// postcodes cluster the way a real council's do (a search by postcode finds neighbours).
const TOWNS = new Weighted<{ town: string; outward: readonly string[] }>([
	[{ town: "Maidstone", outward: ["ME14", "ME15", "ME16", "ME17"] }, 110],
	[{ town: "Chatham", outward: ["ME4", "ME5"] }, 75],
	[{ town: "Gillingham", outward: ["ME7", "ME8"] }, 70],
	[{ town: "Rochester", outward: ["ME1", "ME2", "ME3"] }, 60],
	[{ town: "Sittingbourne", outward: ["ME9", "ME10"] }, 50],
	[{ town: "Sheerness", outward: ["ME12"] }, 25],
	[{ town: "Faversham", outward: ["ME13"] }, 20],
	[{ town: "Canterbury", outward: ["CT1", "CT2", "CT3", "CT4"] }, 55],
	[{ town: "Whitstable", outward: ["CT5"] }, 30],
	[{ town: "Herne Bay", outward: ["CT6"] }, 35],
	[{ town: "Margate", outward: ["CT9"] }, 60],
	[{ town: "Broadstairs", outward: ["CT10"] }, 25],
	[{ town: "Ramsgate", outward: ["CT11", "CT12"] }, 40],
	[{ town: "Sandwich", outward: ["CT13"] }, 7],
	[{ town: "Deal", outward: ["CT14"] }, 30],
	[{ town: "Dover", outward: ["CT15", "CT16", "CT17"] }, 35],
	[{ town: "Folkestone", outward: ["CT18", "CT19", "CT20"] }, 50],
	[{ town: "Hythe", outward: ["CT21"] }, 15],
	[{ town: "Ashford", outward: ["TN23", "TN24", "TN25", "TN26"] }, 75],
	[{ town: "Tunbridge Wells", outward: ["TN1", "TN2", "TN3", "TN4"] }, 50],
	[{ town: "Tonbridge", outward: ["TN9", "TN10", "TN11"] }, 40],
	[{ town: "Sevenoaks", outward: ["TN13", "TN14", "TN15"] }, 30],
	[{ town: "Edenbridge", outward: ["TN8"] }, 8],
	[{ town: "Cranbrook", outward: ["TN17", "TN18"] }, 10],
	[{ town: "Tenterden", outward: ["TN30"] }, 8],
	[{ town: "New Romney", outward: ["TN28", "TN29"] }, 10],
	[{ town: "Dartford", outward: ["DA1", "DA2"] }, 60],
	[{ town: "Gravesend", outward: ["DA11", "DA12", "DA13"] }, 60],
	[{ town: "Swanscombe", outward: ["DA10"] }, 12],
	[{ town: "Longfield", outward: ["DA3"] }, 10],
	[{ town: "Swanley", outward: ["BR8"] }, 18],
	[{ town: "West Malling", outward: ["ME19"] }, 15],
	[{ town: "Aylesford", outward: ["ME20"] }, 20],
	[{ town: "Snodland", outward: ["ME6"] }, 12],
]);

const BUILDINGS = [
	"Kingsley House",
	"Brunswick Court",
	"Victoria Mansions",
	"Mill Court",
	"Orchard House",
	"Priory Court",
	"Station Court",
	"Hazelwood House",
	"Medway Heights",
	"Harbour View",
	"St Mary's Court",
	"Marlowe House",
];

/** SSD addr_address_json keys; only the ones a given address needs are present. */
export interface AddressLines {
	FLAT?: string;
	BUILDING?: string;
	HOUSE?: string;
	STREET?: string;
	TOWN?: string;
	UPRN?: string;
}

export interface Place {
	lines: AddressLines;
	postcode: string | null;
	noFixedAbode: boolean;
	abroad: boolean;
}

export function kentAddress(random: Random, faker: Faker): Place {
	const { town, outward } = TOWNS.draw(random);
	const street = faker.helpers.arrayElement(faker.definitions.location.street_name);
	const lines: AddressLines = {};
	// About one family in five lives in a flat, which the SSD keeps apart from the house number.
	if (random.chance(0.2)) {
		lines.FLAT = `Flat ${random.between(1, 40)}`;
		lines.BUILDING = random.pick(BUILDINGS);
	}
	lines.HOUSE = String(random.between(1, random.chance(0.8) ? 120 : 400));
	lines.STREET = street;
	lines.TOWN = town;
	// Kent's UPRNs are twelve digits; a hand-typed address often has none.
	if (random.chance(0.6)) lines.UPRN = `2000${String(random.int(100_000_000)).padStart(8, "0")}`;
	return {
		lines,
		postcode: `${random.pick(outward)} ${inwardCode((n) => random.int(n))}`,
		noFixedAbode: false,
		abroad: false,
	};
}

export const NO_FIXED_ABODE: Place = { lines: {}, postcode: null, noFixedAbode: true, abroad: false };
export const ABROAD: Place = { lines: {}, postcode: null, noFixedAbode: false, abroad: true };
