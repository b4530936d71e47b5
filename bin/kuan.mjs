#!/usr/bin/env node
// The `kuan` command: runs the bundled CLI (build/kuan.cjs, made by `npm run build`) with V8's code
// cache for it when there is one, so that `kuan check` starts at once. Whatever happens, the user
// sees one clear line and an exit code, never a stack trace (set KUAN_DEBUG=1 to see one).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const bundle = fileURLToPath(new URL("../build/kuan.cjs", import.meta.url));
const cacheFile = `${bundle}.cache`;

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

if (!existsSync(bundle)) fail("run npm install (or npm run build) first");

let main;
let script;
try {
  const code = readFileSync(bundle, "utf8");
  // A cache from another node (or a stale one) is rejected by V8, which then compiles as usual.
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  ({ main } = module.exports);
} catch (error) {
  fail(`cannot start: ${error instanceof Error ? error.message : String(error)}`, error);
}
process.exitCode = await main(process.argv.slice(2));
// `npm run build` runs one check with this set, so the cache holds the code a check compiles.
if (process.env.KUAN_WRITE_CODE_CACHE === "1") writeFileSync(cacheFile, script.createCachedData());
