/**
 * Renders values and trace entries in Chinese and English. The trace is data until someone reads
 * it, so evaluation stays fast and both evaluation paths print the same words.
 */
import type { ArticleInfo, TraceEntry, TraceValue, TraceValuePart } from "./decide.js";
import { decMul, decOf, decToString, formatMoneyEn, formatMoneyZh, type Dec } from "./exact.js";

export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

export type RuntimeValue = number | Dec | string | boolean | null;

const COUNT_EN: Record<string, string> = { 件: "items", 项: "entries", 家: "firms", 个: "units", 次: "times", 人: "people" };
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

function formula(parts: readonly TraceValuePart[], lang: "zh" | "en"): string {
  return parts.map((p) => (typeof p === "string" ? p : show(p, lang))).join("");
}

const CMP_TEXT: Record<string, string> = { lt: "<", le: "≤", gt: ">", ge: "≥" };

/** One line of the trace, in Chinese and English. */
export function traceText(entry: TraceEntry): Bilingual {
  const line = (lang: "zh" | "en"): string => {
    const zh = lang === "zh";
    const head = `${articleLabel(entry.article, lang)}${zh ? "：" : ": "}`;
    switch (entry.kind) {
      case "formula": {
        const written = formula(entry.formula, lang);
        const result = show(entry.result, lang);
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
        return zh ? `${head}${entry.reason}，不予支持` : `${head}excluded: ${entry.reason}`;
      case "unmet":
        return zh ? `${head}条件不满足：${entry.reason}` : `${head}condition not met: ${entry.reason}`;
      case "review":
        return zh ? `${head}需复核：${entry.reason}` : `${head}needs review: ${entry.reason}`;
      case "clawback":
        return zh ? `${head}${entry.reason}，不予支持并追回已获资金` : `${head}${entry.reason}: nothing granted, earlier grants to be recovered`;
      case "quota":
        return zh ? `${head}${entry.reason}：须按得分排名确定` : `${head}${entry.reason}: decided by ranking`;
      case "notApplicable":
        return zh ? `${head}${entry.rule} 不适用（${entry.condition} 不成立）` : `${head}${entry.rule} does not apply (${entry.condition} is not met)`;
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
        return `${head}${zh ? "分担 " : "split "}${entry.parts.map((p) => `${p.payer} ${money(p.amount, lang)}`).join(zh ? "，" : ", ")}`;
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
