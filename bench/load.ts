import autocannon from "autocannon";

// Runs in a child process of its own (see measure.ts): load generated in the app's
// process would compete with the app for its event loop and show up in every latency.

export interface LoadRequest {
	url: string;
	/** When given, each connection's requests take these paths in turn (shared order), instead of url's. */
	paths?: string[];
	headers: Record<string, string>;
	connections: number;
	warmupSeconds: number;
	durationSeconds: number;
}

export interface LoadReply {
	/** Every successful request's latency, in milliseconds at microsecond resolution. */
	latenciesMs: number[];
	/** Responses other than 2xx: any at all makes the measurement void. */
	failures: Record<string, number>;
	errors: number;
	timeouts: number;
	seconds: number;
}

let nextPath = 0;

function run(request: LoadRequest, seconds: number, latenciesMs: number[] | null): Promise<LoadReply> {
	const failures: Record<string, number> = {};
	return new Promise((resolve, reject) => {
		const options: autocannon.Options = {
			url: request.url,
			headers: request.headers,
			connections: request.connections,
			duration: seconds,
		};
		const paths = request.paths;
		if (paths?.length) {
			// One request rebuilt before every send: all connections share one walk through the paths.
			options.requests = [{ setupRequest: (req) => ({ ...req, path: paths[nextPath++ % paths.length] }) }];
		}
		const instance = autocannon(options, (error: Error | null, result: autocannon.Result) => {
			if (error) return reject(error);
			resolve({
				latenciesMs: latenciesMs ?? [],
				failures,
				errors: result.errors,
				timeouts: result.timeouts,
				seconds: (result.finish.getTime() - result.start.getTime()) / 1000,
			});
		});
		// autocannon's own histogram keeps whole milliseconds and no p95; record each response.
		instance.on("response", (_client, statusCode, _bytes, responseTime) => {
			if (statusCode >= 200 && statusCode < 300) latenciesMs?.push(responseTime);
			else failures[statusCode] = (failures[statusCode] ?? 0) + 1;
		});
	});
}

process.once("message", async (request: LoadRequest) => {
	try {
		if (request.warmupSeconds > 0) await run(request, request.warmupSeconds, null);
		const reply = await run(request, request.durationSeconds, []);
		process.send?.({ ok: true, reply }, () => process.exit(0));
	} catch (error) {
		process.send?.({ ok: false, error: String(error) }, () => process.exit(1));
	}
});
