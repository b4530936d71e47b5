/**
 * The fuzz campaign in `npm test`: a small fixed-seed slice of `npm run fuzz` (the same sources,
 * oracle and batched tsc), and every case the campaign ever kept (test/cases/fuzz/) through the
 * same oracle, so each stays fixed. The oracle itself is shown to catch what it looks for.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runSlice, type SourceReport } from "../../scripts/fuzz/campaign.js";
import { examine, typecheckModules } from "../../scripts/fuzz/oracle.js";

const CASES = fileURLToPath(new URL("../cases/fuzz/", import.meta.url));
const cases = ["good", "bad"].flatMap((kind) =>
  readdirSync(join(CASES, kind))
    .filter((f) => f.endsWith(".kuan"))
    .sort()
    .map((f) => ({ kind, name: f, source: readFileSync(join(CASES, kind, f), "utf8") })),
);

describe("the fuzz campaign", () => {
  it("a fixed-seed slice finds nothing (80 sources, seed 20261201)", () => {
    const reports: SourceReport[] = [];
    runSlice(20_261_201, 0, 80, { report: (r) => reports.push(r) });
    expect(reports).toHaveLength(80);
    // Time is the campaign's and the bench's to report, not a test's (the machine may be busy).
    expect(reports.flatMap((r) => r.findings.filter((f) => f.kind !== "slow").map((f) => `${r.index} ${f.kind}: ${f.detail}`))).toEqual([]);
    // The slice reaches the accepted path (emit, tsc, examples, evaluation), not only diagnostics.
    expect(reports.filter((r) => r.typechecked).length).toBeGreaterThan(5);
  });

  it("every kept case passes the oracle; good ones are accepted and type-check", () => {
    const modules: string[] = [];
    for (const c of cases) {
      const r = examine(c.source);
      expect(r.findings.filter((f) => f.kind !== "slow"), c.name).toEqual([]);
      expect(r.accepted, c.name).toBe(c.kind === "good");
      if (r.module) modules.push(r.module);
    }
    expect(modules.length).toBe(cases.filter((c) => c.kind === "good").length);
    expect(typecheckModules(modules)).toEqual(modules.map(() => []));
  });

  it("the batched tsc reports a module's own errors, by module", () => {
    const errors = typecheckModules(["export const a: number = 1;", 'export const b: number = "x";', "export const c = ;"]);
    expect(errors[0]).toEqual([]);
    expect(errors[1]?.join()).toContain("TS2322");
    expect(errors[2]?.length).toBeGreaterThan(0);
  });
});
