/**
 * The static parts of an evaluation, derived from the IR once: award specs, trace specs,
 * exclusion, reason and quota specs. The interpreter builds them in memory; the emitter prints the same
 * objects as constants, so both paths hand the runtime identical descriptions.
 */
import type { ChoiceSpec, ExclusionSpec, ExplainSpec, FullAwardSpec, NamedInputSpec, PolicyInfo, QuotaSpec, ReasonSpec, RuleTraceSpec } from "@kuan/runtime/internal";
import type { IrCondition, IrDefinition, IrExplain, IrPolicy, IrReview, IrRule } from "./ir.js";
import { decMul, decOf } from "@kuan/runtime/internal";

/** The inputs as the runtime validates them: a declared default is taken when a field is left out. */
export function inputSpecs(ir: IrPolicy): NamedInputSpec[] {
  return ir.inputs.map((i) => (i.default === undefined ? { name: i.name, spec: i.spec } : { name: i.name, spec: i.spec, default: i.default }));
}

function isAward(rule: IrRule): boolean {
  return rule.kind === "reward" || rule.kind === "subsidy";
}

export function policyInfo(ir: IrPolicy): PolicyInfo {
  return {
    id: ir.id,
    title: ir.title,
    version: ir.version,
    validFrom: ir.validFrom,
    validTo: ir.validTo,
    rules: ir.rules.map((r) => ({ rule: r.name, article: r.article?.label ?? "", format: r.format })),
    // An award defined in several articles is granted under each of them (see FullAwardSpec.articles).
    awards: ir.rules.filter(isAward).flatMap((r) => [...new Set([r.article?.label ?? "", ...r.definitions.map((d) => d.article?.label ?? r.article?.label ?? "")])].map((article) => ({ rule: r.name, article }))),
  };
}

function explainSpec(e: IrExplain | null): ExplainSpec | null {
  return e ? { node: e.node, holes: e.holes.map((h) => ({ name: h.name, format: h.format })) } : null;
}

function reason(c: IrCondition | IrReview): ReasonSpec {
  return { article: c.article, text: c.reason, condition: c.explain?.source ?? c.reason, span: c.span, explain: explainSpec(c.explain) };
}

export function exclusionSpecs(ir: IrPolicy): ExclusionSpec[] {
  return ir.exclusions.map((x) => ({ ...reason(x), targets: x.targets }));
}

function millionths(share: string): number {
  const d = decMul(decOf(share), decOf("1000000"));
  if (d.scale !== 0 || d.small === null) throw new RangeError(`split share ${share} is finer than a millionth`);
  return d.small;
}

function definitionCondition(rule: IrRule, d: IrDefinition): ReasonSpec | null {
  if (d.conditionText === null) return null;
  return { article: d.article ?? rule.article ?? { label: "", number: 0, title: null }, text: d.conditionText, condition: d.conditionText, span: d.span, explain: explainSpec(d.explain) };
}

// The interpreter asks for a rule's spec on every evaluation: build it once per rule (the IR is
// immutable), as the emitter's constants are built once per module.
const awardSpecs = new WeakMap<IrRule, { readonly ir: IrPolicy; readonly spec: FullAwardSpec }>();

export function awardSpec(ir: IrPolicy, rule: IrRule): FullAwardSpec {
  const known = awardSpecs.get(rule);
  if (known && known.ir === ir) return known.spec;
  const spec = buildAwardSpec(ir, rule);
  awardSpecs.set(rule, { ir, spec });
  return spec;
}

function buildAwardSpec(ir: IrPolicy, rule: IrRule): FullAwardSpec {
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
    conditions: rule.definitions.map((d) => definitionCondition(rule, d)).filter((c): c is ReasonSpec => c !== null),
    ...(rule.definitions.some((d) => d.article !== null && d.article.label !== (rule.article?.label ?? "")) ? { articles: rule.definitions.map((d) => d.article ?? rule.article ?? { label: "", number: 0, title: null }) } : {}),
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

/** For names whose definitions can apply together (ordered by priority, or the highest): what the trace says. */
export function choiceSpec(rule: IrRule): ChoiceSpec | null {
  const conditional = rule.definitions.filter((d) => d.condition !== null).length;
  if (rule.combine === "highest" ? rule.definitions.length < 2 : conditional < 2) return null;
  return {
    rule: rule.name,
    span: rule.span,
    format: rule.format,
    by: rule.combine === "highest" ? "highest" : "priority",
    definitions: rule.definitions.map((d) => ({ article: d.article, label: d.label })),
  };
}

export function reasonSpecs(list: readonly (IrCondition | IrReview)[]): ReasonSpec[] {
  return list.map(reason);
}

/** The quotas (名额 … 按 评分) of the policy, with the input each ranks by: what a cohort is ranked for. */
export function quotaSpecs(ir: IrPolicy): QuotaSpec[] {
  const inputs = inputSpecs(ir);
  return ir.rules.flatMap((rule) => {
    const q = rule.quota;
    const score = q && inputs.find((i) => i.name === q.score);
    return q && score ? [{ rule: rule.name, article: rule.article?.label ?? "", n: q.n, text: q.text, score }] : [];
  });
}
