/**
 * 苏州登峰行动计划 六（一）「每年实施不超过10个项目」: one application alone needs review (its
 * ranking is pending); a cohort of scored applicants (policies/inputs/peak-cohort-2022.json, the
 * sample `kuan eval --cohort` takes) funds the ten best eligible ones.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compile, evaluateCohort, type CohortApplication } from "../../compiler/pipeline.js";

const path = (f: string) => fileURLToPath(new URL(`../../policies/${f}`, import.meta.url));
const peak = compile(readFileSync(path("suzhou-ip-peak-plan-2021.kuan"), "utf8"));
const cohort = JSON.parse(readFileSync(path("inputs/peak-cohort-2022.json"), "utf8")) as { id: string; input: Record<string, unknown> }[];
const asOf = "2022-05-01";

const placed = (apps: CohortApplication[]) =>
  Object.fromEntries(evaluateCohort(peak, apps, { asOf }).placements.map((p) => [p.id, `${p.rank ?? "-"}:${p.outcome}`]));

describe("登峰行动计划: at most 10 projects a year, best score first", () => {
  it("compiles", () => expect(peak.ok).toBe(true));

  it("leaves each eligible application alone for review", () => {
    const decisions = evaluateCohort(peak, cohort, { asOf }).decisions;
    for (const d of decisions.filter((x) => x.id.startsWith("A"))) {
      expect(d.result.ok && d.result.decision.outcome, d.id).toBe("needs-review");
    }
  });

  it("funds the ten best-scored eligible firms, 300,000 yuan each", () => {
    const r = evaluateCohort(peak, cohort, { asOf });
    const funded = r.placements.filter((p) => p.outcome === "eligible");
    expect(funded.map((p) => p.id)).toEqual(["A01", "A02", "A03", "A04", "A05", "A06", "A07", "A08", "A09", "A10"]);
    expect(funded.map((p) => p.grant?.amount)).toEqual(Array(10).fill("300000.00"));
    expect(placed(cohort)).toMatchObject({ A11: "11:not-eligible", A12: "12:not-eligible" });
  });

  it("ranks only firms that meet the conditions: a higher score does not help a firm that does not", () => {
    // B01 49 patents (score 99), B02 a little giant below the bar (97: needs review on its own), B03 invests too little (98)
    expect(placed(cohort)).toMatchObject({ B01: "-:not-eligible", B02: "-:not-eligible", B03: "-:not-eligible" });
    const b02 = evaluateCohort(peak, cohort, { asOf }).decisions.find((d) => d.id === "B02")?.result;
    expect(b02?.ok && b02.decision.outcome).toBe("needs-review");
  });

  it("keeps a tie across the tenth place for review", () => {
    const tied = cohort.map((a) => (a.id === "A11" ? { ...a, input: { ...a.input, 评审得分: 83 } } : a));
    const p = placed(tied);
    expect(p).toMatchObject({ A09: "9:eligible", A10: "10:needs-review", A11: "11:needs-review", A12: "12:not-eligible" });
  });

  it("funds everyone eligible when fewer than ten apply", () => {
    const few = cohort.filter((a) => ["A05", "A11", "B01"].includes(a.id));
    expect(placed(few)).toEqual({ A05: "1:eligible", A11: "2:eligible", B01: "-:not-eligible" });
  });
});
