/**
 * Renders values and trace entries in Chinese and English. The trace is data until someone reads
 * it, so evaluation stays fast and both evaluation paths print the same words.
 */
import type { ArticleInfo, CapSpec, FormulaLine, LimitSpec, TraceEntry, TraceValue } from "./decide.js";
import { decMul, decOf, decToString, formatMoneyEn, formatMoneyZh, moneyWords, type Dec } from "./exact.js";

export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

export type RuntimeValue = number | Dec | string | boolean | null;

export const COUNT_EN: Readonly<Record<string, string>> = { 件: "items", 项: "entries", 家: "firms", 个: "units", 次: "times", 人: "people" };
const HUNDRED = decOf("100");

/** A value in a display format (see DisplayFormat in the IR). */
export function formatValue(value: RuntimeValue, format: string): Bilingual {
  if (value === null) return { zh: "（无）", en: "(none)" };
  if (format === "money" && typeof value === "number") return { zh: formatMoneyZh(value), en: formatMoneyEn(value) };
  if (typeof value === "boolean") return value ? { zh: "是", en: "yes" } : { zh: "否", en: "no" };
  if (format === "year" && typeof value === "number") return { zh: `${value}年`, en: String(value) };
  if (typeof value === "string") return { zh: value, en: value };
  if (typeof value === "number") return { zh: String(value), en: String(value) };
  const text = decToString(value);
  if (format === "percent") {
    const p = decToString(decMul(value, HUNDRED));
    return { zh: `${p}%`, en: `${p}%` };
  }
  if (format.startsWith("count:")) {
    const unit = format.slice(6);
    return { zh: `${text}${unit}`, en: `${text} ${COUNT_EN[unit] ?? unit}` };
  }
  if (format === "months") {
    const asYears = isWholeYears(value);
    if (asYears !== null) return { zh: `${asYears}年`, en: `${asYears} years` };
    return { zh: `${text}个月`, en: `${text} months` };
  }
  if (format === "days") return { zh: `${text}日`, en: `${text} days` };
  if (format === "workdays") return { zh: `${text}个工作日`, en: `${text} working days` };
  return { zh: text, en: text };
}

function isWholeYears(months: Dec): string | null {
  if (months.scale !== 0 || months.units % 12n !== 0n) return null;
  return (months.units / 12n).toString();
}

export function traceValue(value: RuntimeValue, format: string): TraceValue {
  if (format === "money" && typeof value === "number") return { kind: "money", fen: value };
  const b = formatValue(value, format);
  return { kind: "text", zh: b.zh, en: b.en };
}

function show(v: TraceValue, lang: "zh" | "en"): string {
  if (v.kind === "money") return lang === "zh" ? formatMoneyZh(v.fen) : formatMoneyEn(v.fen);
  return v[lang];
}

function money(fen: number, lang: "zh" | "en"): string {
  return lang === "zh" ? formatMoneyZh(fen) : formatMoneyEn(fen);
}

export function articleLabel(a: ArticleInfo | null, lang: "zh" | "en"): string {
  if (!a) return lang === "zh" ? "定义" : "definition";
  if (!a.title) return a.label;
  return lang === "zh" ? `${a.label}（${a.title}）` : `${a.label} (${a.title})`;
}

/** A formula as written with this evaluation's values in its holes. */
function formula(line: FormulaLine, values: readonly RuntimeValue[], lang: "zh" | "en"): string {
  return line.parts.map((p) => (typeof p === "string" ? p : formatValue(values[p] ?? null, line.holeFormats[p] ?? "text")[lang])).join("");
}

const CMP_TEXT: Record<string, string> = { lt: "<", le: "≤", gt: ">", ge: "≥" };

/** One line of the trace, in Chinese and English. */
export function traceText(entry: TraceEntry): Bilingual {
  const line = (lang: "zh" | "en"): string => {
    const zh = lang === "zh";
    const head = `${articleLabel(entry.article, lang)}${zh ? "：" : ": "}`;
    switch (entry.kind) {
      case "formula": {
        const written = formula(entry.line, entry.values, lang);
        const result = formatValue(entry.result, entry.line.format)[lang];
        return written.trim() === result ? `${head}${entry.rule} = ${result}` : `${head}${entry.rule} = ${written} = ${result}`;
      }
      case "cap": {
        const perYear = entry.cap.scope.endsWith("year");
        const used =
          entry.used > 0
            ? zh
              ? `${perYear ? `${entry.year}年` : "此前"}已获 ${money(entry.used, lang)}，`
              : `${money(entry.used, lang)} already granted${perYear ? ` in ${entry.year}` : ""}, `
            : "";
        if (entry.after < entry.before) {
          return zh
            ? `${head}${entry.cap.text}：${used}${money(entry.before, lang)} 超过上限，核定为 ${money(entry.after, lang)}`
            : `${head}${entry.cap.text}: ${used}${money(entry.before, lang)} exceeds the cap, reduced to ${money(entry.after, lang)}`;
        }
        if (entry.after === entry.capAmount - entry.used) {
          return zh
            ? `${head}${entry.cap.text}：${used}${money(entry.before, lang)}，恰好达到上限`
            : `${head}${entry.cap.text}: ${used}${money(entry.before, lang)}, exactly at the cap`;
        }
        return zh
          ? `${head}${entry.cap.text}：${used}${money(entry.before, lang)} 未达上限 ${money(entry.capAmount, lang)}`
          : `${head}${entry.cap.text}: ${used}${money(entry.before, lang)} is within the cap of ${money(entry.capAmount, lang)}`;
      }
      case "limit": {
        const years = entry.years.join(zh ? "、" : ", ");
        if (entry.count === 0) return zh ? `${head}${entry.limit.text}：此前未获得` : `${head}${entry.limit.text}: not granted before`;
        return zh ? `${head}${entry.limit.text}：已于 ${years} 年获得 ${entry.count} 次` : `${head}${entry.limit.text}: granted ${entry.count} time(s) before, in ${years}`;
      }
      case "excluded":
      case "unmet":
      case "review":
      case "clawback":
      case "quota":
      case "notApplicable":
        return `${head}${entry.message[lang]}`;
      case "choice": {
        const item = (h: (typeof entry.held)[number]) => `${h.label[lang]}${h.value ? ` ${show(h.value, lang)}` : ""}`;
        const all = entry.held.map(item).join(zh ? "、" : " and ");
        const chosen = entry.held[entry.chosen];
        const winner = chosen ? item(chosen) : "";
        const others = entry.held.filter((_, i) => i !== entry.chosen).map((h) => h.label[lang]).join(zh ? "、" : ", ");
        if (entry.by === "highest") return zh ? `${head}${entry.rule}：${all} 都适用，按最高标准取 ${winner}（不重复）` : `${head}${entry.rule}: ${all} all apply; the highest counts: ${winner} (not stacked)`;
        return zh ? `${head}${entry.rule}：${all} 的定义都适用，按 ${winner}（优先于 ${others}）` : `${head}${entry.rule}: the definitions in ${all} all apply; ${winner} prevails (overrides ${others})`;
      }
      case "split":
        return `${head}${zh ? "分担 " : "split "}${entry.shares.map((p, i) => `${p.payer} ${money(entry.amounts[i] ?? 0, lang)}`).join(zh ? "，" : ", ")}`;
      case "target": {
        const cmp = CMP_TEXT[entry.cmp] ?? entry.cmp;
        const actual = show(entry.actual, lang);
        const goal = show(entry.goal, lang);
        if (entry.met) return zh ? `${head}${entry.rule}：实际 ${actual}，目标 ${cmp} ${goal}，已达成` : `${head}${entry.rule}: actual ${actual}, target ${cmp} ${goal}: met`;
        const gap = entry.gap ? show(entry.gap, lang) : "";
        return zh ? `${head}${entry.rule}：实际 ${actual}，目标 ${cmp} ${goal}，未达成，差 ${gap}` : `${head}${entry.rule}: actual ${actual}, target ${cmp} ${goal}: not met, short by ${gap}`;
      }
    }
  };
  return { zh: line("zh"), en: line("en") };
}

// ---------------------------------------------------------------- reasons with their values

/** One side of a comparison: a name, a literal, or a formula whose names show their values. */
export interface ExplainSide {
  /** The side is this one name ("企业投入"); null for a literal or a formula. */
  readonly name: string | null;
  /** The formula's text with hole numbers (empty for a name or a literal). */
  readonly parts: readonly (string | number)[];
  /** The hole holding the side's value. */
  readonly value: number;
}

/** A condition's shape for explaining it; numbers are holes (values computed when it is explained). */
export type ExplainNode =
  | { readonly kind: "compare"; readonly cmp: "eq" | "ne" | "lt" | "le" | "gt" | "ge"; readonly domain: string; readonly left: ExplainSide; readonly right: ExplainSide }
  | { readonly kind: "flag"; readonly text: string; readonly name: string; readonly value: number; readonly given: boolean }
  | { readonly kind: "all" | "any"; readonly parts: readonly { readonly node: ExplainNode; readonly holds: number }[] }
  | { readonly kind: "text"; readonly text: string; readonly parts: readonly (string | number)[] };

export interface ExplainSpec {
  readonly node: ExplainNode;
  readonly holes: readonly { readonly name: string; readonly format: string }[];
}

const CMP_ZH: Record<string, string> = { ge: "不少于", gt: "多于", le: "不超过", lt: "少于", eq: "等于", ne: "不等于" };
const CMP_EN: Record<string, string> = { ge: "at least", gt: "more than", le: "at most", lt: "less than", eq: "equal to", ne: "other than" };
const DATE_ZH: Record<string, string> = { ge: "不早于", gt: "晚于", le: "不晚于", lt: "早于", eq: "为", ne: "不为" };
const DATE_EN: Record<string, string> = { ge: "no earlier than", gt: "later than", le: "no later than", lt: "earlier than", eq: "on", ne: "not on" };

/**
 * A condition explained with its values: why it does not hold (`holds` false: a precondition,
 * a definition's condition) or why it does (an exclusion, a review, a clawback).
 */
export function explainCondition(spec: ExplainSpec, values: readonly RuntimeValue[], holds: boolean, lang: "zh" | "en"): string {
  const zh = lang === "zh";
  const v = (i: number): string => formatValue(values[i] ?? null, spec.holes[i]?.format ?? "text")[lang];
  const template = (parts: readonly (string | number)[]): string =>
    parts.map((p) => (typeof p === "number" ? `${spec.holes[p]?.name ?? ""} ${v(p)}` : p)).join("").replace(/\s+/g, " ").trim();
  const side = (s: ExplainSide): string => {
    if (s.name !== null) return `${s.name} ${v(s.value)}`;
    if (!s.parts.some((p) => typeof p === "number")) return v(s.value);
    return `${template(s.parts)} = ${v(s.value)}`;
  };
  const node = (n: ExplainNode, want: boolean): string => {
    switch (n.kind) {
      case "compare": {
        const word = (n.domain === "date" ? (zh ? DATE_ZH : DATE_EN) : zh ? CMP_ZH : CMP_EN)[n.cmp] ?? n.cmp;
        if (zh) return `${side(n.left)}，${want ? "" : "须"}${word} ${side(n.right)}`;
        return want ? `${side(n.left)}, ${word} ${side(n.right)}` : `${side(n.left)}, must be ${word} ${side(n.right)}`;
      }
      case "flag": {
        const shown = n.text === n.name ? "" : `${n.name} `;
        if (zh) return `${n.text}（${shown}${n.given ? "申报为" : "计算为"} ${v(n.value)}）`;
        return `${n.text} (${shown}${n.given ? "given as" : "computed as"} ${v(n.value)})`;
      }
      case "all":
      case "any": {
        // Why an "and" fails: its failing parts; why an "or" holds: its holding parts; else all of them.
        const picked = (n.kind === "all") === want ? n.parts : n.parts.filter((p) => (values[p.holds] === true) === want);
        const text = picked.map((p) => node(p.node, want)).join(zh ? "；" : "; ");
        if (n.kind === "any" && !want && picked.length > 1) return zh ? `以下均不满足：${text}` : `none of: ${text}`;
        return text;
      }
      case "text": {
        const shown = n.parts.filter((p): p is number => typeof p === "number").map((p) => `${spec.holes[p]?.name ?? ""} ${v(p)}`);
        if (shown.length === 0) return n.text;
        return zh ? `${n.text}（${shown.join("，")}）` : `${n.text} (${shown.join(", ")})`;
      }
    }
  };
  return node(spec.node, holds);
}

export function joinRules(rules: readonly string[], lang: "zh" | "en"): string {
  return rules.join(lang === "zh" ? "、" : ", ");
}

/** An award granted: "给予 质押奖励 5万元", "…，恰好达到上限" when it stands at a cap. */
export function grantedMessage(rule: string, fen: number, cap: { readonly text: string; readonly reduced: boolean } | null): Bilingual {
  const words = moneyWords(`给予 ${rule} `, `granted ${rule}: `, fen);
  if (cap === null) return words;
  return cap.reduced
    ? { zh: `${words.zh}（按${cap.text}核减）`, en: `${words.en} (reduced to the cap: ${cap.text})` }
    : { zh: `${words.zh}，恰好达到上限`, en: `${words.en}, exactly at the cap` };
}

/** A limit reached: "限 每家企业 一次：已于 2021 年获得 1 次（共 5万元），本次不予给予". */
export function limitMessage(rule: string, limit: LimitSpec, years: readonly number[], count: number, fen: number): Bilingual {
  return {
    zh: `${rule}：${limit.text}，已于 ${years.join("、")} 年获得 ${count} 次（共 ${money(fen, "zh")}），本次不予给予`,
    en: `${rule}: ${limit.text}; already granted ${count} time(s), in ${years.join(", ")} (${money(fen, "en")} in all): nothing now`,
  };
}

/** A cap used up by earlier grants. */
export function capUsedMessage(rule: string, cap: CapSpec, capFen: number, usedFen: number, year: number): Bilingual {
  const perYear = cap.scope.endsWith("year");
  return {
    zh: `${rule}：${cap.text}，${perYear ? `${year}年` : "此前"}已获 ${money(usedFen, "zh")}，已达上限 ${money(capFen, "zh")}，本次为 0元`,
    en: `${rule}: ${cap.text}; ${money(usedFen, "en")} already granted${perYear ? ` in ${year}` : ""}, the cap of ${money(capFen, "en")} is reached: nothing now`,
  };
}
