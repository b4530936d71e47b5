/**
 * docs/ledger.md shows real output: its `$ npx kuan run …` and `$ npx kuan ledger …` blocks are
 * what the CLI prints, after the three yearly Suzhou batch files went through the ledger in order.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../compiler/cli/main.js";
import { repo } from "./suzhou.js";

const doc = readFileSync(join(repo, "docs", "ledger.md"), "utf8");
const blocks = [...doc.matchAll(/^```text\n\$ npx kuan ((?:run|ledger) [^\n]+)\n([\s\S]*?)^```$/gm)].map((m) => ({ args: (m[1] ?? "").split(" "), output: m[2] ?? "" }));
const scratch = mkdtempSync(join(tmpdir(), "kuan-ledger-doc-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const ledger = join(scratch, "grants.db");

async function kuan(args: readonly string[]): Promise<string> {
  let out = "";
  const io = { stdout: { write: (t: string) => void (out += t), isTTY: false }, stderr: { write: () => undefined, isTTY: false }, env: {}, readStdin: async () => "" };
  await main(args.map((a) => (a === "grants.db" ? ledger : a)), io);
  return out.split(ledger).join("grants.db");
}

describe("docs/ledger.md", () => {
  it("shows what kuan run and kuan ledger print", async () => {
    expect(blocks.map((b) => b.args[0])).toEqual(["run", "ledger"]);
    const policy = "policies/suzhou-ip-finance-2021.kuan";
    await kuan(["run", policy, "--applications", "test/ledger/fixtures/suzhou-2021.csv", "--ledger", "grants.db"]);
    for (const block of blocks) {
      expect(await kuan(block.args)).toBe(block.output);
      if (block.args[0] === "run") await kuan(["run", policy, "--applications", "test/ledger/fixtures/suzhou-2023.csv", "--ledger", "grants.db"]);
    }
  });
});
