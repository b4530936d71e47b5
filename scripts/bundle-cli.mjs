/**
 * Bundles the CLI with the compiler, the grammar, chevrotain and the runtime into one file,
 * build/kuan.cjs, which bin/kuan.mjs runs: one file to read instead of ~740 modules to resolve.
 * Then runs `kuan check` once on the seed policies and keeps V8's compiled code for the bundle in
 * build/kuan.cjs.cache, so a later start skips compiling what a check uses (node rejects a cache
 * made by another V8 and compiles as usual).
 *
 * CommonJS because node:vm can take a code cache for a script, not for an ES module.
 * Part of `npm run build` (after tsc has built runtime/dist, which the bundle takes in).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chevrotainPlugin } from "./bundle-chevrotain.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const out = `${root}build/kuan.cjs`;

await build({
  entryPoints: [`${root}compiler/cli/main.ts`],
  outfile: out,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  legalComments: "none",
  logLevel: "warning",
  // A native addon finds its compiled binding from its own folder: load it from node_modules.
  // typescript is an optional peer, loaded only by `kuan compile --target js`: from node_modules, not the bundle.
  external: ["better-sqlite3", "typescript"],
  // …through require(): a script run by node:vm (bin/kuan.mjs) has no loader for import().
  supported: { "dynamic-import": false },
  // chevrotain's lodash calls on the built-ins (see bundle-lodash.mjs): a third of its cold set-up.
  alias: { "lodash-es": `${root}scripts/bundle-lodash.mjs` },
  // The grammar analysed at build time instead of at every start (see bundle-chevrotain.mjs).
  plugins: [await chevrotainPlugin()],
});
rmSync(`${out}.cache`, { force: true });

// Warm the code cache on real checks: every seed policy (from a repository checkout; a packed copy
// may lack policies/) and, on standard input, a policy with errors, so that the cache also holds
// the code that words and renders diagnostics. A function missing from the cache is compiled at
// its first call.
const policies = existsSync(`${root}policies`) ? readdirSync(`${root}policies`).filter((f) => f.endsWith(".kuan")).map((f) => `${root}policies/${f}`) : [];
const broken = ["政策 预热 版本 2021", "申报 企业:", "  融资额: 金额", "  专利数: 件", "第一条 奖励:", "  奖励 奖金 = 融资额 × 未声明", "  奖励 奖金二 = 融资额 + 3件", "  奖励 奖金三 = (融资额 × 10%", ""].join("\n");
const run = spawnSync(process.execPath, [`${root}bin/kuan.mjs`, "check", ...policies, "-"], {
  env: { ...process.env, KUAN_WRITE_CODE_CACHE: "1" },
  input: broken,
  stdio: ["pipe", "ignore", "inherit"],
});
if (run.status !== 1) {
  console.error(`bundle-cli: the bundled CLI did not report the warm-up policy's errors (exit ${run.status ?? run.signal})`);
  process.exit(1);
}
