/**
 * The bundled CLI (build/kuan.cjs, what bin/kuan.mjs runs) says what the compiler says: `kuan check
 * --json` of every .kuan file in the repository's tests, seed policies and examples, and of some
 * garbage, through the bundle in a child process and through the unbundled CLI in this process,
 * gives the same diagnostics. The bundle is built with chevrotain's lodash replaced by
 * scripts/bundle-lodash.mjs (and the grammar analysed ahead of time), so this is what shows those
 * changes keep the parser's behaviour, error recovery included.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../compiler/cli/main.js";
import type { CliIo } from "../../compiler/cli/io.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "kuan-bundle-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function kuanFiles(dir: string): string[] {
  return readdirSync(join(repo, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : kuanFiles(path);
    return e.name.endsWith(".kuan") ? [path] : [];
  });
}

/** Random bytes from a fixed seed (xorshift32) as Latin-1 text, and a UTF-8 mix of the grammar's own characters. */
function garbage(): string[] {
  let x = 7;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const bytes = Buffer.from(Array.from({ length: 20_000 }, () => next() & 0xff)).toString("latin1");
  const alphabet = [..."第条政策申报例奖励补贴如果则否则且或非（）()：:，,=≥≤+-×÷%万元年件 \n\n\t「」\"“”"];
  const mixed = Array.from({ length: 20_000 }, () => alphabet[next() % alphabet.length]).join("");
  return [bytes, mixed].map((text, i) => {
    const path = join(scratch, `garbage-${i}.kuan`);
    writeFileSync(path, text);
    return path;
  });
}

async function unbundled(args: readonly string[]): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const io: CliIo = {
    stdout: { write: (text) => void (stdout += text), isTTY: false },
    stderr: { write: () => undefined, isTTY: false },
    env: { LANG: "C.UTF-8" },
    readStdin: () => Promise.resolve(""),
  };
  return { code: await main(args, io), stdout };
}

describe("the bundled CLI", () => {
  it("reports what the unbundled compiler reports on every test case, seed policy, example and garbage", async () => {
    const files = [...["test", "policies", "examples"].flatMap(kuanFiles), ...garbage().map((g) => relative(repo, g))];
    expect(files.length).toBeGreaterThan(300);
    const args = ["check", "--json", ...files];
    const bundled = spawnSync(process.execPath, [join(repo, "bin/kuan.mjs"), ...args], { cwd: repo, encoding: "utf8", env: { ...process.env, LANG: "C.UTF-8", NO_COLOR: "1" }, maxBuffer: 1 << 28 });
    const expected = await unbundled(args);
    expect(bundled.stderr).toBe("");
    expect(bundled.status).toBe(expected.code);
    const parsed = JSON.parse(bundled.stdout) as unknown[];
    expect(parsed.length).toBeGreaterThan(1000);
    expect(bundled.stdout).toBe(expected.stdout);
  }, 120_000);
});
