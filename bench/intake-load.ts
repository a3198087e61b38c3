import autocannon from "autocannon";

// The partner API under load, in a child process of its own (as load.ts): every request
// is a new contact with a new Idempotency-Key, except one in ten, which retries an
// earlier key with the same body — half of those while the first is still in flight,
// half after it was answered. Agencies' systems retry exactly so.

export interface IntakeRequest {
	url: string;
	apiKey: string;
	connections: number;
	warmupSeconds: number;
	durationSeconds: number;
	/** Makes keys unique to this run, so the warm-up and the measurement never collide. */
	runId: string;
}

export interface IntakeReply {
	seconds: number;
	/** 201s, first answers and replays alike: the database says how many contacts were made. */
	accepted: number;
	inFlight409: number;
	retries: { inFlight: number; afterAnswer: number };
	/** Anything else: any at all makes the measurement void. */
	unexpected: Record<string, number>;
	errors: number;
	timeouts: number;
	latenciesMs: number[];
}

const body = (key: string) =>
	JSON.stringify({
		source: "6",
		referrer: { name: "PC Bench", agency: "Bench Police", phone: null, email: null },
		concern: `Bench contact ${key}: officers attended the home; the child was present.`,
		request: null,
		familyAware: "yes",
		children: [{ givenName: "Alex", familyName: "Bench", dateOfBirth: "2015-06-01", nhsNumber: null, postcode: null }],
	});

function run(request: IntakeRequest, phase: string, seconds: number): Promise<IntakeReply> {
	let serial = 0;
	const inFlight: string[] = [];
	const answered: string[] = [];
	const reply: IntakeReply = {
		seconds: 0,
		accepted: 0,
		inFlight409: 0,
		retries: { inFlight: 0, afterAnswer: 0 },
		unexpected: {},
		errors: 0,
		timeouts: 0,
		latenciesMs: [],
	};
	// Which key each connection sent last, so its answer can be filed.
	const sentBy = new Map<unknown, string>();
	const pick = (): string => {
		serial++;
		if (serial % 10 === 0) {
			const wantInFlight = serial % 20 === 0;
			const pool = wantInFlight ? inFlight : answered;
			if (pool.length) {
				if (wantInFlight) reply.retries.inFlight++;
				else reply.retries.afterAnswer++;
				return pool[Math.floor(Math.random() * pool.length)];
			}
		}
		const key = `${request.runId}-${phase}-${serial}`;
		inFlight.push(key);
		if (inFlight.length > 64) inFlight.shift();
		return key;
	};
	return new Promise((resolve, reject) => {
		const instance = autocannon(
			{
				url: request.url,
				method: "POST",
				connections: request.connections,
				duration: seconds,
				requests: [
					{
						setupRequest: (req, context) => {
							const key = pick();
							sentBy.set(context, key);
							return {
								...req,
								headers: {
									authorization: `Bearer ${request.apiKey}`,
									"content-type": "application/json",
									"idempotency-key": key,
								},
								body: body(key),
							};
						},
						onResponse: (status, _body, context) => {
							const key = sentBy.get(context);
							if (key && status === 201) {
								const at = inFlight.indexOf(key);
								if (at >= 0) inFlight.splice(at, 1);
								answered.push(key);
								if (answered.length > 1000) answered.shift();
							}
						},
					},
				],
			},
			(error: Error | null, result: autocannon.Result) => {
				if (error) return reject(error);
				reply.seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
				reply.errors = result.errors;
				reply.timeouts = result.timeouts;
				resolve(reply);
			},
		);
		instance.on("response", (_client, statusCode, _bytes, responseTime) => {
			if (statusCode === 201) {
				reply.accepted++;
				reply.latenciesMs.push(responseTime);
			} else if (statusCode === 409) reply.inFlight409++;
			else reply.unexpected[statusCode] = (reply.unexpected[statusCode] ?? 0) + 1;
		});
	});
}

process.once("message", async (request: IntakeRequest) => {
	try {
		if (request.warmupSeconds > 0) await run(request, "warm", request.warmupSeconds);
		const reply = await run(request, "measured", request.durationSeconds);
		process.send?.({ ok: true, reply }, () => process.exit(0));
	} catch (error) {
		process.send?.({ ok: false, error: String(error) }, () => process.exit(1));
	}
});
