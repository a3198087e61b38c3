import { type PassRequest, runPass } from "./people.ts";

// The accuracy pass in a child process of its own (see measureAccuracy in people.ts), as the
// load generator is (load.ts): a client in the app's process would slow every request it times.

process.once("message", async (request: PassRequest) => {
	try {
		const reply = await runPass(request);
		process.send?.({ ok: true, reply }, () => process.exit(0));
	} catch (error) {
		process.send?.({ ok: false, error: String(error) }, () => process.exit(1));
	}
});
