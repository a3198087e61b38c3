// Errors a service throws for the error handler to answer precisely, never as a 500.
export class NotFound extends Error {
	readonly statusCode = 404;
	constructor(what = "Page") {
		super(`${what} not found`);
	}
}

/** A stale form: someone else saved the record after this form was loaded. */
export class StaleEdit extends Error {
	readonly statusCode = 409;
	constructor(
		readonly changedBy: string,
		readonly changedAt: Date,
	) {
		super(`changed by ${changedBy} at ${changedAt.toISOString()}`);
	}
}

/** A request that the record's current state refuses, with a machine-readable code. */
export class Refused extends Error {
	readonly statusCode = 409;
	constructor(
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}

/** A step's form that the domain rules refuse, field by field (shown as form errors). */
export class StepInvalid extends Error {
	readonly statusCode = 422;
	constructor(readonly problems: Record<string, string>) {
		super(Object.values(problems).join("; "));
	}
}
