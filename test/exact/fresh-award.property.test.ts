/**
 * decideAmount decides an award with no earlier grant of it, no quota and no review in one pass
 * (freshAmount): the same result and the same trace as its general path (generalAmount), with an
 * empty history and with a grant of another rule only, which changes nothing for this one. A grant
 * of its own rule, or one without a firm id, still takes the general path.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decideAmount, freshFor, generalAmount, indexHistory, type AwardSpec, type CapSpec, type EvaluationContext, type LimitSpec, type PriorGrant, type TraceEntry } from "../../runtime/src/decide.js";

const capScope = fc.constantFrom<CapSpec["scope"]>("each", "firm", "firm-year");
const cap = fc.record({ scope: capScope, text: fc.constantFrom("上限 10万元", "上限 每家企业 每年 5万元"), span: fc.constant({ start: 1, end: 2 }) });
const limit = fc.record({ kind: fc.constantFrom<LimitSpec["kind"]>("times", "years"), n: fc.integer({ min: 1, max: 3 }), scope: fc.constant<"firm">("firm"), text: fc.constant("限 一次"), span: fc.constant({ start: 3, end: 4 }) });
const split = fc.option(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 4 }).map((ms) => ms.map((millionths, i) => ({ payer: `p${i}`, millionths }))), { nil: null });
const spec = fc.record({ caps: fc.array(cap, { maxLength: 2 }), limits: fc.array(limit, { maxLength: 2 }), split }).map(
  (s): AwardSpec => ({ policy: "P", version: "2021", rule: "奖励", article: { label: "第四条", number: 4, title: null }, span: { start: 0, end: 9 }, quota: null, ...s }),
);
const SPEC: AwardSpec = { policy: "P", version: "2021", rule: "奖励", article: { label: "第四条", number: 4, title: null }, span: { start: 0, end: 9 }, quota: null, caps: [], limits: [], split: null };
const fen = fc.oneof(fc.integer({ min: -1_000, max: 30_000_000 }), fc.constantFrom(0, 1, 9_999_999, 10_000_000, 10_000_001), fc.integer({ min: 0, max: 2 ** 40 }));

function context(history: readonly PriorGrant[], withFirm = true): EvaluationContext {
  return { firm: withFirm ? "firm" : undefined, project: undefined, application: "a1", date: "2022-06-30", year: 2022, history, byRule: indexHistory(history) };
}
const other: PriorGrant = {
  rule: "别的奖励", firm: "firm", project: undefined, year: 2021, fen: 100,
  grant: { policy: "P", version: "2021", article: "第五条", rule: "别的奖励", firm: "firm", date: "2021-03-01", amount: "1.00" },
};

const own: PriorGrant = { ...other, rule: "奖励", grant: { ...other.grant, rule: "奖励" } };

describe("decideAmount with no earlier grant", () => {
  it("gives the general path's result and trace, whatever the history holds", () => {
    const history = fc.constantFrom<PriorGrant[]>([], [other], [own], [other, own]);
    fc.assert(fc.property(spec, fen, fc.array(fen, { minLength: 2, maxLength: 2 }), fc.boolean(), history, (s, raw, caps, traced, grants) => {
      const ctx = context(grants);
      const fresh: TraceEntry[] | null = traced ? [] : null;
      const general: TraceEntry[] | null = traced ? [] : null;
      const a = decideAmount(s, raw, caps, [], ctx, fresh);
      const b = generalAmount(s, raw, caps, [], ctx, general);
      expect(a).toEqual(b);
      expect(fresh).toEqual(general);
    }), { numRuns: 5_000 });
  });

  it("takes the shortcut only where no grant of the award can count", () => {
    expect(freshFor(SPEC, context([]))).toBe(true);
    expect(freshFor(SPEC, context([other]))).toBe(true);
    expect(freshFor(SPEC, context([own]))).toBe(false);
    expect(freshFor(SPEC, context([other, own]))).toBe(false);
    // Earlier grants and no firm id: the general path says they cannot be matched.
    expect(freshFor(SPEC, context([other], false))).toBe(false);
    expect(() => decideAmount({ ...SPEC, limits: [{ kind: "times", n: 1, scope: "firm", text: "限 一次", span: { start: 3, end: 4 } }] }, 100, [], [], context([other], false), null)).toThrow(/firm/);
  });
});
