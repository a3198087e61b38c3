// npm run build: JavaScript that `node` runs without tsx (dist/), with the templates,
// static files and migrations the compiled code reads beside it.
import { execFileSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
cpSync("src", "dist/src", {
	recursive: true,
	filter: (path) => !/\.ts$/.test(path),
});
cpSync("migrations", "dist/migrations", { recursive: true });
process.stdout.write("Built dist/: start it with `node dist/src/main.js`.\n");
