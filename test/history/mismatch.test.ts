/**
 * The history contract (docs/runtime.md, "History"): each way a ledger row can fail to match is
 * reported — an error that names the row and field, or a warning listed in the decision — and
 * never ignored in silence. Checked on the interpreter and on the emitted module alike.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate as interpret } from "../../compiler/interpret/index.js";
import type { IrPolicy } from "../../compiler/ir/ir.js";
import type { EvaluationOptions, EvaluationResult, GrantInput } from "@kuan/runtime/internal";
import { compileOk, loadEmitted, type EmittedModule } from "../helpers/emitted.js";

const source = readFileSync(fileURLToPath(new URL("../../policies/suzhou-ip-finance-2021.kuan", import.meta.url)), "utf8");
const result = compileOk(source, "policies/suzhou-ip-finance-2021.kuan");
const ir = result.ir as IrPolicy;
let emitted: EmittedModule;
beforeAll(async () => {
  emitted = await loadEmitted(result);
});

const TITLE = "苏州市知识产权金融奖励补贴实施办法（试行）";
const app: Record<string, unknown> = Object.fromEntries(ir.inputs.map((i) => [i.name, i.spec.type === "bool" ? false : 0]));
const pledge = { ...app, 已放款: true, 质押融资额: "500万元" };
const bond = { ...app, 是债券发行人: true, 债券利息: "300万元" };
const row = (over: Partial<Record<keyof GrantInput, unknown>> = {}): GrantInput =>
  ({ policy: TITLE, version: "2021", article: "第四条", rule: "质押奖励", firm: "F1", date: "2021-05-01", amount: "50000.00", ...over }) as GrantInput;

/** Both evaluation paths, which must agree. */
function both(input: unknown, options: EvaluationOptions): EvaluationResult {
  const a = interpret(ir, input, options);
  expect(emitted.evaluate(input, options)).toEqual(a);
  return a;
}

function errors(r: EvaluationResult) {
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.errors.map((e) => ({ code: e.code, field: e.field }));
}

function decision(r: EvaluationResult) {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.decision;
}

const ON = { asOf: "2022-06-30", firm: "F1", project: "P1" } as const;

describe("history rows that match", () => {
  it("a grant fed back blocks the once-only reward; the policy id ignores full-width forms and spaces", () => {
    for (const policy of [TITLE, "苏州市知识产权金融奖励补贴实施办法(试行)", " 苏州市知识产权金融奖励补贴实施办法 （试行）"]) {
      const d = decision(both(pledge, { ...ON, history: [row({ policy })] }));
      expect(d.outputs["质押奖励"]).toBe(0);
      expect(d.reasons.find((r) => r.kind === "limit")?.message.zh).toBe("质押奖励：限 每家企业 一次，已于 2021 年获得 1 次（共 5万元），本次不予给予");
    }
  });

  it("the library takes yuan, as JSON does: 30000 is 30,000 yuan, as a number or a string", () => {
    for (const amount of [30000, "30000", "3万元"]) {
      const d = decision(both({ ...app, 已放款: true, 担保费: "10万元" }, { ...ON, history: [row({ rule: "服务费补贴", article: "第五条", date: "2022-01-10", amount })] }));
      expect(d.outputs["服务费补贴"]).toBe(7_000_000);
    }
  });

  it("the grants an evaluation returns are rows of the same shape", () => {
    const first = decision(both(pledge, { ...ON, asOf: "2021-05-01", application: "A1" }));
    expect(first.grants).toEqual([{ policy: ir.id, version: "2021", article: "第四条", rule: "质押奖励", firm: "F1", project: "P1", application: "A1", date: "2021-05-01", amount: "50000.00" }]);
    const again = decision(both(pledge, { ...ON, history: JSON.parse(JSON.stringify(first.grants)) as GrantInput[] }));
    expect(again.grants).toEqual([]);
  });

  it("a grant of an earlier version counts; its article is not checked against this version", () => {
    const d = decision(both(pledge, { ...ON, history: [row({ version: "2019", article: "第三条" })] }));
    expect(d.outputs["质押奖励"]).toBe(0);
  });
});

describe("history rows that do not match are errors", () => {
  it("another policy (K5202)", () => {
    expect(errors(both(pledge, { ...ON, history: [row({ policy: "苏州市知识产权质押贷款扶持资金管理办法" })] }))).toEqual([{ code: "K5202", field: "history[0].policy" }]);
  });

  it("a rule that is not an award of this policy, e.g. misspelt (K5203)", () => {
    expect(errors(both(pledge, { ...ON, history: [row({ rule: "质押奖金" })] }))).toEqual([{ code: "K5203", field: "history[0].rule" }]);
  });

  it("an article that is not the rule's in this version (K5204)", () => {
    expect(errors(both(pledge, { ...ON, history: [row({ article: "第五条" })] }))).toEqual([{ code: "K5204", field: "history[0].article" }]);
  });

  it("the same row twice (K5205); two grants that really are alike carry their application ids", () => {
    expect(errors(both(pledge, { ...ON, history: [row(), row()] }))).toEqual([{ code: "K5205", field: "history[1]" }]);
    const service = (application: string) => row({ rule: "服务费补贴", article: "第五条", date: "2022-01-10", amount: "40000", application });
    const d = decision(both({ ...app, 已放款: true, 担保费: "10万元" }, { ...ON, history: [service("A1"), service("A2")] }));
    expect(d.outputs["服务费补贴"]).toBe(2_000_000);
  });

  it("a year instead of a date, a missing field, an amount that is not one (K5201)", () => {
    const legacy = { policy: TITLE, version: "2021", article: "第四条", rule: "质押奖励", firm: "F1", year: 2021, amount: "50000" } as unknown as GrantInput;
    expect(errors(both(pledge, { ...ON, history: [legacy] }))).toEqual([
      { code: "K5201", field: "history[0].year" },
      { code: "K5201", field: "history[0].date" },
    ]);
    expect(errors(both(pledge, { ...ON, history: [row({ firm: undefined, amount: "五万" })] }))).toEqual([
      { code: "K5201", field: "history[0].firm" },
      { code: "K5201", field: "history[0].amount" },
    ]);
  });

  it("history without the applicant's firm id, where per-firm limits apply (K5208)", () => {
    expect(errors(both(pledge, { asOf: "2022-06-30", history: [row()] }))).toEqual([{ code: "K5208", field: "firm" }]);
    // Without history there is nothing to match: the grant is made, without a firm id.
    expect(decision(both(pledge, { asOf: "2022-06-30" })).grants[0]?.firm).toBeUndefined();
  });

  it("a per-project limit evaluated without a project id (K5209): its grant could never be matched", () => {
    const r = both(bond, { asOf: "2022-06-30", firm: "F1" });
    expect(errors(r)).toEqual([{ code: "K5209", field: "project" }]);
    if (!r.ok) expect(r.errors[0]?.message.zh).toBe("第七条 债券补贴「上限 每个项目 200万元」按项目计，须给出项目标识（project）");
    // With it, a one-off per-project subsidy is paid once.
    const first = decision(both(bond, { asOf: "2022-06-30", firm: "F1", project: "P1" }));
    expect(first.grants.map((g) => [g.rule, g.project, g.amount])).toEqual([["债券补贴", "P1", "1500000.00"]]);
    const again = decision(both(bond, { asOf: "2023-02-01", firm: "F1", project: "P1", history: first.grants as GrantInput[] }));
    expect(again.outputs["债券补贴"]).toBe(0);
  });

  it("no application date (K5210): it is never guessed", () => {
    expect(errors(both(pledge, { firm: "F1" }))).toEqual([{ code: "K5210", field: "asOf" }]);
  });
});

describe("history rows that are not counted are listed as warnings", () => {
  it("a grant dated after the application date (K5206)", () => {
    const d = decision(both(pledge, { ...ON, asOf: "2021-04-30", history: [row({ date: "2021-05-01" })] }));
    expect(d.outputs["质押奖励"]).toBe(5_000_000);
    expect(d.warnings).toEqual([{ code: "K5206", field: "history[0]", message: { zh: "该笔奖补日期 2021-05-01 晚于申报日期 2021-04-30，不计入", en: "this grant is dated 2021-05-01, after the application date 2021-04-30: not counted" } }]);
    // The same day counts: an earlier grant of the same batch.
    expect(decision(both(pledge, { ...ON, asOf: "2021-05-01", history: [row({ date: "2021-05-01" })] })).outputs["质押奖励"]).toBe(0);
  });

  it("another firm's grant (K5207)", () => {
    const d = decision(both(pledge, { ...ON, history: [row({ firm: "F2" })] }));
    expect(d.outputs["质押奖励"]).toBe(5_000_000);
    expect(d.warnings.map((w) => [w.code, w.field])).toEqual([["K5207", "history[0].firm"]]);
  });

  it("the application's own grant when it is decided again (K5212): the same decision as the first time", () => {
    const first = decision(both(pledge, { ...ON, application: "A-7" }));
    const grant = first.grants[0];
    if (!grant) throw new Error("the first decision grants the pledge reward");
    expect(grant.application).toBe("A-7");
    const again = decision(both(pledge, { ...ON, application: "A-7", history: [grant] }));
    expect(again.outputs["质押奖励"]).toBe(first.outputs["质押奖励"]);
    expect(again.grants).toEqual(first.grants);
    expect(again.warnings.map((w) => [w.code, w.field])).toEqual([["K5212", "history[0].application"]]);
    // Another application of the same firm: the grant counts (once per firm).
    expect(decision(both(pledge, { ...ON, application: "A-8", history: [grant] })).outputs["质押奖励"]).toBe(0);
  });
});
