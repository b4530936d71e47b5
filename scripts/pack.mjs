// Packs @kuan/runtime and kuan into tarballs (default folder .packs/), from the built tree: run
// `npm run build` first (`npm run pack:all` does both). Prints the two paths as JSON.
//   node scripts/pack.mjs [OUT_DIR]
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = resolve(process.argv[2] ?? join(root, ".packs"));
for (const built of ["runtime/dist/index.js", "runtime/dist/cjs/index.js", "build/compiler/cli/main.js"]) {
  if (!existsSync(join(root, built))) {
    process.stderr.write(`pack: ${built} is missing: run npm run build first\n`);
    process.exit(2);
  }
}
mkdirSync(out, { recursive: true });
const pack = (cwd) => {
  // The build is already there; --ignore-scripts keeps `prepare` from building it again.
  const json = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", out], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const [info] = JSON.parse(json);
  return join(out, info.filename);
};
process.stdout.write(`${JSON.stringify({ runtime: pack(join(root, "runtime")), kuan: pack(root) }, null, 2)}\n`);
