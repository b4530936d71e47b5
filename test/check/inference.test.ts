/**
 * A bare number takes its dimension from where it stands (LANGUAGE.md: the promised one-liner
 * `reward = min(loan×1%, 100000) once per firm`); where nothing tells, it is an error (K3006).
 * Checked through the IR: the number must come out as the right kind of constant.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/pipeline.js";
import type { IrExpr } from "../../compiler/ir/ir.js";

const HEADER = "政策 测试 版本 2021\n申报 企业:\n  贷款: 金额\n  担保费: 金额\n  专利: 件\n  是重点企业: 是否\n  立项日期: 日期\n";

function valueOf(source: string, rule: string): IrExpr | undefined {
  const result = compile(source);
  expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => d.code), source).toEqual([]);
  return result.ir?.rules.find((r) => r.name === rule)?.definitions[0]?.value;
}

function codes(source: string): string[] {
  return compile(source).diagnostics.map((d) => d.code);
}

describe("bare numbers", () => {
  it("are money beside money: the one-liner, in both languages", () => {
    const zh = valueOf(`${HEADER}第四条:\n  奖励 = 最小(贷款×1%, 100000) 每家企业限一次\n`, "奖励");
    expect(zh).toMatchObject({ op: "min", domain: "money", args: [{ op: "moneyMul" }, { op: "money", fen: "10000000" }] });
    const en = valueOf("policy p version 2021\napplication firm:\n  loan: money\narticle 4:\n  reward = min(loan×1%, 100000) once per firm\n", "reward");
    expect(en).toEqual(zh && JSON.parse(JSON.stringify(zh).replaceAll("贷款", "loan")));
  });

  it("are money in sums, conditionals and max beside money", () => {
    expect(valueOf(`${HEADER}第四条:\n  补贴 甲 = 担保费 + 500\n`, "甲")).toMatchObject({ op: "moneyAdd", b: { op: "money", fen: "50000" } });
    expect(valueOf(`${HEADER}第四条:\n  补贴 甲 = 如果 是重点企业 则 担保费 否则 0\n`, "甲")).toMatchObject({ op: "if", otherwise: { op: "money", fen: "0" } });
    expect(valueOf(`${HEADER}第四条:\n  补贴 甲 = 最大(担保费 - 贷款, 0)\n`, "甲")).toMatchObject({ op: "max", domain: "money" });
  });

  it("are counts beside counts, and plain factors beside a quantity", () => {
    expect(valueOf(`${HEADER}资格 甲 = 专利 ≥ 50\n第四条:\n  奖励 乙 = 贷款 × 1% + 担保费 如果 甲 且 立项日期 > 2021-01-01 且 是重点企业\n`, "甲")).toMatchObject({ op: "compare", b: { op: "dec", value: "50" } });
    expect(valueOf(`${HEADER}第四条:\n  奖励 甲 = 担保费 × 2\n`, "甲")).toMatchObject({ op: "moneyMul", factor: { op: "dec", value: "2" } });
  });

  it("are an error where nothing gives them a unit", () => {
    expect(codes(`${HEADER}定义 x = 100\n`)).toContain("K3006");
    expect(codes(`${HEADER}资格 甲 = 3 > 2\n`).filter((c) => c === "K3006")).toHaveLength(2);
  });

  it("need a unit beside a date: 3 what? years, months, working days", () => {
    expect(codes(`${HEADER}期限 甲 = 立项日期 + 3\n`)).toContain("K3006");
    expect(codes(`${HEADER}期限 甲 = 立项日期 + 3个月\n期限 乙 = 立项日期 + 十个工作日\n`).filter((c) => c.startsWith("K3"))).toEqual([]);
  });
});
