/**
 * Names TypeScript cannot parse: letters from Unicode 16/17 (such as U+323B0 「𲎰甲」, which Node 24
 * knows and TypeScript 5.9 does not) are mangled by TypeScript's own identifier table, the same on
 * every Node, without collisions; inputs 「__proto__」 and 「__proto___」 stay two schema properties.
 */
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { identifierTail } from "../../compiler/emit/typescript.js";
import { IDENTIFIER_PART_RANGES, TS_VERSION } from "../../compiler/emit/ts-identifier-table.js";
import { compile, emit } from "../../compiler/pipeline.js";
import { typecheckModules } from "../../scripts/fuzz/oracle.js";

function partOfTable(cp: number): boolean {
  for (let i = 0; i < IDENTIFIER_PART_RANGES.length; i += 2) if (cp >= (IDENTIFIER_PART_RANGES[i] as number) && cp <= (IDENTIFIER_PART_RANGES[i + 1] as number)) return true;
  return false;
}

const NAMES = ["𲎰甲", "𲎰乙", "𲎰", "甲𲎰", "_x323b0_甲", "__proto__", "__proto___", "constructor", "a-b", "a_x2d_b", "a\u200db", "ab", "٣", "𠀀"];

function policyWith(names: readonly string[]): string {
  const inputs = names.map((n, i) => `  「${n}」: ${i % 2 === 0 ? "金额" : "是否"}`);
  const money = names.filter((_, i) => i % 2 === 0);
  return [
    "政策 名称 版本 2022",
    "申报 企业:",
    ...inputs,
    "第一条:",
    `  奖励 「${names[0]}奖」 = ${money.map((n) => `「${n}」`).join(" + ")} 如果 ${names.filter((_, i) => i % 2 === 1).map((n) => `「${n}」`).join(" 且 ")}`,
  ].join("\n");
}

describe("emitted identifiers", () => {
  it("the table is TypeScript's own (regenerate with scripts/gen-ts-identifier-table.mjs after upgrading)", () => {
    expect(TS_VERSION).toBe(ts.version);
    // Walk the code points in order beside the ranges (every 7th, and both ends of every range).
    const ends = IDENTIFIER_PART_RANGES.flatMap((x) => [x - 1, x, x + 1]);
    const points = [...Array.from({ length: 0x110000 / 7 }, (_, i) => i * 7), ...ends].filter((cp) => cp >= 0 && cp <= 0x10ffff).sort((a, b) => a - b);
    let r = 0;
    for (const cp of points) {
      while (r < IDENTIFIER_PART_RANGES.length && cp > (IDENTIFIER_PART_RANGES[r + 1] as number)) r += 2;
      const inTable = r < IDENTIFIER_PART_RANGES.length && cp >= (IDENTIFIER_PART_RANGES[r] as number);
      const expected = cp !== 0x200c && cp !== 0x200d && ts.isIdentifierPart(cp, ts.ScriptTarget.ESNext);
      if (inTable !== expected) throw new Error(`U+${cp.toString(16)}: table ${inTable}, TypeScript ${expected}`);
    }
    expect(partOfTable(0x323b0)).toBe(false);
    expect(partOfTable(0x7532)).toBe(true);
  });

  it("mangles what TypeScript cannot read, deterministically", () => {
    expect(identifierTail("𲎰甲")).toBe("_x323b0_甲");
    expect(identifierTail("a-b")).toBe("a_x2d_b");
    expect(identifierTail("a\u200db")).toBe("a_x200d_b");
    expect(identifierTail("质押融资额")).toBe("质押融资额");
  });

  it("a policy with Unicode 17, __proto__ and colliding names passes strict tsc, byte-identical twice", () => {
    const source = policyWith(NAMES);
    const result = compile(source);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const first = emit(result);
    const second = emit(compile(source));
    expect(first?.typescript).toBe(second?.typescript);
    const code = first?.typescript ?? "";
    expect(typecheckModules([code])).toEqual([[]]);
    // Every name has its own variable (mangling never merges two of them).
    const variables = [...code.matchAll(/(?:const|let) (in_[^\s:=!]+)/g)].map((m) => m[1]);
    expect(new Set(variables).size).toBe(NAMES.length);
  });

  it("the schema keeps __proto__ and __proto___ apart, required and properties alike", () => {
    const result = compile(policyWith(NAMES));
    type Schema = { properties: object; patternProperties?: Record<string, object>; propertyNames: { enum: string[] }; required?: string[]; minProperties?: number };
    const schema = JSON.parse(emit(result)?.schema ?? "{}") as Schema;
    // ajv 8 reads a `properties.__proto__` through the prototype, so that one input is spelt as a
    // pattern; every other name is a property, every name is allowed and all of them are counted.
    const others = NAMES.filter((n) => n !== "__proto__");
    expect(Object.keys(schema.properties).sort()).toEqual([...others].sort());
    expect(Object.keys(schema.patternProperties ?? {})).toEqual(["^__proto__$"]);
    expect([...schema.propertyNames.enum].sort()).toEqual([...NAMES].sort());
    expect(schema.minProperties ?? schema.required?.length).toBe(NAMES.length);
    expect(Object.prototype.hasOwnProperty.call(schema.properties, "__proto___")).toBe(true);
  });
});
