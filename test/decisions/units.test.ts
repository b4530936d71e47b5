/**
 * Count and duration inputs are read with their unit, wherever money is read with its own
 * ("500万元"): the library and CLI validation (validateInput) and so the playground's form.
 */
import { describe, expect, it } from "vitest";
import { decToString, validateInput, type Dec, type NamedInputSpec } from "@kuan/runtime/internal";

const SPECS: readonly NamedInputSpec[] = [
  { name: "有效发明专利", spec: { type: "count", unit: "件" } },
  { name: "设立年限", spec: { type: "duration", unit: "year" } },
  { name: "期限", spec: { type: "duration", unit: "month" } },
];

function read(values: readonly unknown[]) {
  const r = validateInput(SPECS, Object.fromEntries(SPECS.map((s, i) => [s.name, values[i]])));
  return r.ok ? r.values.map((v) => decToString(v as Dec)) : r.errors.map((e) => `${e.field}: ${e.message.zh}`);
}

describe("count and duration inputs with their unit", () => {
  it("accept the number alone, or with the input's unit in Chinese or English", () => {
    // Durations are kept in months: 8 years = 96.
    expect(read([50, 8, 6])).toEqual(["50", "96", "6"]);
    expect(read(["50件", "8年", "6个月"])).toEqual(["50", "96", "6"]);
    expect(read(["50 items", "8 years", "6 months"])).toEqual(["50", "96", "6"]);
    expect(read(["1,000 件", "1 year", "18月"])).toEqual(["1000", "12", "18"]);
  });

  it("refuse another unit, naming the one expected, and stay whole where counts are", () => {
    expect(read(["50项", "8个月", "6年"])).toEqual(["有效发明专利: “50项”的单位应为“件”", "设立年限: “8个月”的单位应为“年”", "期限: “6年”的单位应为“个月”"]);
    expect(read(["2.5件", "8年", 6])).toEqual(["有效发明专利: 应为整数"]);
  });
});
