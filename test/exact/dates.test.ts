/**
 * Dates are years 1–9999, exact or refused: arithmetic past 9999-12-31 (a common "no end date"
 * placeholder plus a term) is an error naming the input it started from, in both languages, never
 * 10002-12-31 or 1002-11--3; working days outside the calendar name their input too; full-width
 * digits read as in amounts; an empty date is a real message. Day numbers match Date for every year.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, addMonths, addWorkingDays, CN_CALENDAR, dayNumber, isoDate, parseDate, startEvaluation, DateRangeError, CalendarRangeError } from "@kuan/runtime/internal";
import { evaluate } from "../../compiler/interpret/index.js";
import { compile } from "../../compiler/pipeline.js";

function policy(source: string) {
  const r = compile(source, { fileName: "t.kuan" });
  if (!r.ir) throw new Error(r.diagnostics.map((d) => d.code).join(","));
  return r.ir;
}

const NO_LATIN = /[A-Za-z]{2}/;

describe("the date range 0001-01-01 … 9999-12-31", () => {
  it("day numbers and ISO text agree with Date for years 1–9999 (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -719162, max: 2932896 }), (day) => {
        const date = new Date(day * 86_400_000);
        const iso = `${String(date.getUTCFullYear()).padStart(4, "0")}-${String(date.getUTCMonth() + 1).padStart(2, "0")}-${String(date.getUTCDate()).padStart(2, "0")}`;
        expect(isoDate(day)).toBe(iso);
        expect(dayNumber(iso)).toBe(day);
      }),
      { numRuns: 20_000, seed: 9999 },
    );
    expect(isoDate(-719162)).toBe("0001-01-01");
    expect(isoDate(2932896)).toBe("9999-12-31");
    expect(dayNumber("0050-03-01") - dayNumber("0050-02-28")).toBe(1); // not 1950
  });

  it("arithmetic leaving the range throws K5104 instead of printing a five-digit or broken year", () => {
    expect(addDays("9999-12-30", 1)).toBe("9999-12-31");
    expect(() => addDays("9999-12-31", 1)).toThrow(DateRangeError);
    expect(() => addMonths("9999-12-31", 36)).toThrow(DateRangeError);
    expect(() => addMonths("0001-01-31", -1)).toThrow(DateRangeError);
    expect(() => addDays("0001-01-01", -1)).toThrow(DateRangeError);
    expect(() => addDays("2021-01-01", Number.MAX_SAFE_INTEGER)).toThrow(DateRangeError);
    expect(addMonths("9999-10-31", 2)).toBe("9999-12-31");
    const e = new DateRangeError(2932897, "9999-12-31");
    expect(e.code).toBe("K5104");
    expect(e.zh).not.toMatch(NO_LATIN);
  });

  it("application dates: years 1–9999, full-width digits, empty and five-digit years refused with a message", () => {
    expect(parseDate("9999-12-31")).toEqual({ ok: true, value: "9999-12-31" });
    expect(parseDate("０００１-０１-０１")).toEqual({ ok: true, value: "0001-01-01" });
    expect(parseDate("２０２４－１２－３１")).toEqual({ ok: true, value: "2024-12-31" });
    expect(parseDate("２０２４年２月２９日")).toEqual({ ok: true, value: "2024-02-29" });
    for (const bad of ["", "  ", "0000-01-01", "10000-01-01", "2023-02-29", "2021-13-01", "2021-00-10"]) {
      const r = parseDate(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) {
        expect(r.zh.length).toBeGreaterThan(0);
        expect(r.en.length).toBeGreaterThan(0);
      }
    }
    const empty = parseDate("");
    expect(!empty.ok && empty.zh).toContain("日期为空");
  });

  it("an empty --as-of is refused with a message (the first evaluation of the process included)", () => {
    const start = startEvaluation({ id: "p", title: "p", version: "2022", validFrom: null, validTo: null, rules: [], awards: [] }, [], { asOf: "" });
    expect(start.done).toBe(true);
    if (start.done && !start.result.ok) {
      expect(start.result.errors[0]).toMatchObject({ field: "asOf" });
      expect(start.result.errors[0]?.message.zh).toContain("日期为空");
      expect(start.result.errors[0]?.message.en).toContain("empty");
    } else throw new Error("accepted an empty date");
  });
});

describe("evaluating past 9999-12-31 and outside the working-day calendar", () => {
  const source = [
    "政策 测试 版本 2022",
    "申报 中心:",
    "  挂牌日期: 日期",
    "期限 首个运行周期届满 = 挂牌日期 + 3年",
    "期限 验收截止 = 挂牌日期 + 10个工作日",
    "例 \"占位日期\":",
    "  挂牌日期 = 2024-01-02",
    "  预期 首个运行周期届满 = 2027-01-02",
  ].join("\n");
  const ir = policy(source);

  it("9999-12-31 + 3 years is an error naming the input field, in both languages", () => {
    const r = evaluate(ir, { 挂牌日期: "9999-12-31" }, { asOf: "2022-06-01" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    const [e] = r.errors;
    expect(e?.field).toBe("挂牌日期");
    expect(e?.message.zh).toContain("K5104");
    expect(e?.message.zh.replace(/K5104/, "")).not.toMatch(NO_LATIN);
    expect(e?.message.en).toContain("9999-12-31");
    expect(JSON.stringify(r)).not.toMatch(/1000\d-|--\d/);
  });

  it("a working day outside the calendar names the input, with no English inside the Chinese text", () => {
    const r = evaluate(ir, { 挂牌日期: "2026-12-25" }, { asOf: "2022-06-01" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const [e] = r.errors;
    expect(e?.field).toBe("挂牌日期");
    expect(e?.message.zh).toContain("K5103");
    expect(e?.message.zh.replace(/K5103/, "")).not.toMatch(NO_LATIN);
    expect(e?.message.en).toContain("PRC public holidays");
    expect(e?.message.en).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it("the working-day error carries the starting date, the calendar its bilingual name", () => {
    expect(() => addWorkingDays("9999-12-31", 1, CN_CALENDAR)).toThrow(CalendarRangeError);
    try {
      addWorkingDays("2026-12-30", 5, CN_CALENDAR);
    } catch (error) {
      expect(error).toBeInstanceOf(CalendarRangeError);
      expect((error as CalendarRangeError).from).toBe("2026-12-30");
    }
  });
});
