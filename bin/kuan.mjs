#!/usr/bin/env node
// The `kuan` command: runs the compiled CLI (build/compiler/cli/main.js). Whatever happens, the
// user sees one clear line and an exit code, never a stack trace (set KUAN_DEBUG=1 to see one).
import { existsSync } from "node:fs";

const entry = new URL("../build/compiler/cli/main.js", import.meta.url);

function fail(message, error) {
  process.stderr.write(`kuan: ${message}\n`);
  if (process.env.KUAN_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(2);
}

process.on("uncaughtException", (error) => fail(`internal error: ${error instanceof Error ? error.message : String(error)}`, error));
process.on("unhandledRejection", (error) => fail(`internal error: ${error instanceof Error ? error.message : String(error)}`, error));
// `kuan check … | head`: a closed pipe is not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  fail(`cannot write the output: ${error.message}`, error);
});

if (!existsSync(entry)) fail("run npm install (or npm run build) first");

let main;
try {
  ({ main } = await import(entry.href));
} catch (error) {
  if (error?.code === "ERR_MODULE_NOT_FOUND") fail("run npm install (or npm run build) first", error);
  fail(`cannot start: ${error instanceof Error ? error.message : String(error)}`, error);
}
process.exitCode = await main(process.argv.slice(2));
