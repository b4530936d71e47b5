/**
 * The static parts of an evaluation, derived from the IR once: award specs, trace specs,
 * exclusion specs. The interpreter builds them in memory; the emitter prints the same objects as
 * constants, so both paths hand the runtime identical descriptions.
 */
import type { ExclusionSpec, FullAwardSpec, PolicyInfo, ReasonSpec, RuleTraceSpec } from "@kuan/runtime/internal";
import type { IrCondition, IrDefinition, IrPolicy, IrReview, IrRule } from "./ir.js";
import { decMul, decOf } from "@kuan/runtime/internal";

export function policyInfo(ir: IrPolicy): PolicyInfo {
  return { id: ir.id, version: ir.version, validFrom: ir.validFrom, validTo: ir.validTo };
}

function reason(c: IrCondition | IrReview): ReasonSpec {
  return { article: c.article, text: c.reason, span: c.span };
}

export function exclusionSpecs(ir: IrPolicy): ExclusionSpec[] {
  return ir.exclusions.map((x) => ({ ...reason(x), targets: x.targets }));
}

function millionths(share: string): number {
  const d = decMul(decOf(share), decOf("1000000"));
  if (d.scale !== 0 || d.small === null) throw new RangeError(`split share ${share} is finer than a millionth`);
  return d.small;
}

export function awardSpec(ir: IrPolicy, rule: IrRule): FullAwardSpec {
  const conditions = rule.definitions.map((d) => d.conditionText).filter((t): t is string => t !== null);
  return {
    policy: ir.id,
    version: ir.version,
    rule: rule.name,
    article: rule.article ?? { label: "", number: 0, title: null },
    span: rule.span,
    caps: rule.caps.map((c) => ({ scope: c.scope, text: c.text, span: c.span })),
    limits: rule.limits.map((l) => ({ kind: l.kind, n: l.n, scope: l.scope, text: l.text, span: l.span })),
    split: rule.split ? rule.split.map((s) => ({ payer: s.payer, millionths: millionths(s.share) })) : null,
    quota: rule.quota ? { n: rule.quota.n, text: rule.quota.text } : null,
    requires: rule.requires.map(reason),
    clawbacks: rule.clawbacks.map(reason),
    reviews: rule.reviews.map(reason),
    notApplicable: conditions.length > 0 ? conditions.join(" / ") : null,
  };
}

export function traceSpec(rule: IrRule, d: IrDefinition): RuleTraceSpec {
  return {
    rule: rule.name,
    article: d.article,
    span: d.span,
    format: rule.format,
    parts: d.formula.parts,
    holeFormats: d.formula.holes.map((h) => h.format),
  };
}

export function reasonSpecs(list: readonly (IrCondition | IrReview)[]): ReasonSpec[] {
  return list.map(reason);
}
