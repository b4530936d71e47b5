/**
 * The diff as a reviewer reads it in a terminal: the changes in meaning with both places, each
 * changed output with its verdict and witnesses, then what changed in wording only.
 */
import { formatYuan, parseMoney, type Bilingual } from "@kuan/runtime/internal";
import type { Change, DiffReport, Note, OutputVerdict, Place, Verdict, Witness, WitnessSide } from "./model.js";
import { visible } from "../diagnostics/visible.js";

export type Lang = "zh" | "en";

const KIND: Record<Change["kind"], Bilingual> = {
  amount: { zh: "数额", en: "amount" },
  rate: { zh: "比例", en: "rate" },
  formula: { zh: "公式", en: "formula" },
  condition: { zh: "条件", en: "condition" },
  cap: { zh: "上限", en: "cap" },
  limit: { zh: "限次", en: "limit" },
  split: { zh: "分担", en: "split" },
  exclusion: { zh: "除外", en: "exclusion" },
  priority: { zh: "优先顺序", en: "priority" },
  "rule-added": { zh: "新增规则", en: "rule added" },
  "rule-removed": { zh: "删去规则", en: "rule removed" },
  "article-added": { zh: "新增条款", en: "article added" },
  "article-removed": { zh: "删去条款", en: "article removed" },
  "input-added": { zh: "新增申报项", en: "input added" },
  "input-removed": { zh: "删去申报项", en: "input removed" },
  "input-retyped": { zh: "申报项类型", en: "input retyped" },
  validity: { zh: "有效期", en: "validity" },
  repeal: { zh: "废止", en: "repeal" },
  rounding: { zh: "舍入", en: "rounding" },
  review: { zh: "复核", en: "review" },
  quota: { zh: "名额", en: "quota" },
  clawback: { zh: "追回", en: "clawback" },
  example: { zh: "例子", en: "example" },
};

export const VERDICT: Record<Verdict, Bilingual> = {
  "more-generous": { zh: "更优厚", en: "more generous" },
  "less-generous": { zh: "更不利", en: "less generous" },
  "both-ways": { zh: "有增有减", en: "both ways" },
  different: { zh: "结果不同", en: "different" },
  "no-difference-found": { zh: "未找到差异", en: "no difference found" },
};

export const OUTCOME: Record<string, Bilingual> = {
  eligible: { zh: "符合", en: "eligible" },
  "not-eligible": { zh: "不符合", en: "not eligible" },
  "needs-review": { zh: "需复核", en: "needs review" },
  "not-applicable": { zh: "不适用", en: "not applicable" },
  computed: { zh: "已计算", en: "computed" },
};

const T = {
  title: { zh: "语义对比", en: "Semantic diff" },
  comparedOn: { zh: "规则按 {date} 比较（两版都视为有效；有效期的变化单列）", en: "rules compared on {date} (both taken as in force; validity is listed on its own)" },
  changes: { zh: "含义变化", en: "Changes in meaning" },
  none: { zh: "含义没有变化。", en: "No change in meaning." },
  outputs: { zh: "受影响的结果项与见证", en: "Affected outputs and witnesses" },
  notes: { zh: "不影响含义", en: "No change in meaning (wording)" },
  old: { zh: "旧", en: "old" },
  new: { zh: "新", en: "new" },
  tried: { zh: "试了 {n} 份申报", en: "{n} applications tried" },
  noWitness: { zh: "未找到见证：试过的申报上两版决定相同，这一变化可能只是文字上的", en: "no witness found: both versions decided alike on every application tried; the change may be in the text only" },
  notDecisional: { zh: "不参与计算", en: "not evaluated" },
  quota: { zh: "未找到见证：名额在一批申报中排序，单份申报显示不出（用 --population 看一批申报）", en: "no witness found: a quota ranks a cohort, one application alone cannot show it (see --population)" },
  validityWitness: { zh: "见证：{date} 旧版{old}，新版{new}", en: "witness: on {date} the old version is {old}, the new {new}" },
  inForce: { zh: "有效", en: "in force" },
  notInForce: { zh: "无效", en: "not in force" },
  application: { zh: "申报", en: "application" },
  history: { zh: "已获", en: "earlier grants" },
  traceOld: { zh: "仅旧版", en: "old only" },
  traceNew: { zh: "仅新版", en: "new only" },
  examples: { zh: "例子：删去 {removed} 个，新增 {added} 个", en: "examples: {removed} removed, {added} added" },
  count: { zh: "{n} 处", en: "{n}" },
} as const satisfies Record<string, Bilingual>;

/** （…）and ：in Chinese, ( … ) and : in English. */
function paren(text: string, lang: Lang): string {
  return lang === "zh" ? `（${text}）` : ` (${text})`;
}

function colon(lang: Lang): string {
  return lang === "zh" ? "：" : ": ";
}

function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ""));
}

function place(file: string, p: Place | null): string {
  return p ? `${visible(file)}:${p.line}:${p.column}  ${p.text}` : "—";
}

/** An input value as a person writes it: 1500万元, 是. */
export function shownValue(value: unknown, lang: Lang): string {
  if (typeof value === "boolean") return value ? (lang === "zh" ? "是" : "yes") : lang === "zh" ? "否" : "no";
  if (typeof value === "string" && /^\d+\.\d\d$/.test(value)) {
    const fen = parseMoney(value);
    if (fen.ok) return money(fen.value, lang);
  }
  return visible(String(value));
}

/** The inputs of a witness that are not at their default (no, 0), in the new version's names. */
export function witnessInputs(w: Witness, lang: Lang): string {
  const parts = Object.entries(w.newInput)
    .filter(([, v]) => v !== false && v !== "0.00" && v !== "0" && v !== "")
    .map(([k, v]) => `${visible(k)} = ${shownValue(v, lang)}`);
  const oldOnly = Object.entries(w.oldInput)
    .filter(([k, v]) => !(k in w.newInput) && v !== false && v !== "0.00" && v !== "0" && v !== "")
    .map(([k, v]) => `${visible(k)} = ${shownValue(v, lang)}`);
  const all = [...parts, ...oldOnly];
  return all.length > 0 ? all.join(lang === "zh" ? "，" : ", ") : lang === "zh" ? "（全部为否或 0）" : "(all no or 0)";
}

export function sideText(s: WitnessSide, lang: Lang): string {
  const value = s.value ? s.value[lang] : lang === "zh" ? "（无此项）" : "(no such output)";
  const outcome = s.ruleOutcome ? ` [${OUTCOME[s.ruleOutcome]?.[lang] ?? s.ruleOutcome}]` : "";
  return `${value}${outcome}`;
}

function witnessLines(w: Witness, lang: Lang, indent: string): string[] {
  const lines = [`${indent}${VERDICT[w.direction][lang]}${colon(lang)}${witnessInputs(w, lang)}`];
  if (w.newHistory.length > 0 || w.oldHistory.length > 0) {
    const grants = (w.newHistory.length > 0 ? w.newHistory : w.oldHistory).map((g) => `${String(g["rule"])} ${String(g["date"])} ${shownValue(g["amount"], lang)}`);
    lines.push(`${indent}  ${T.history[lang]}${colon(lang)}${grants.join(lang === "zh" ? "；" : "; ")}`);
  }
  lines.push(`${indent}  ${T.old[lang]}${colon(lang)}${sideText(w.old, lang)}    ${T.new[lang]}${colon(lang)}${sideText(w.new, lang)}`);
  for (const t of w.old.traceOnlyHere) lines.push(`${indent}  − ${visible(t[lang])}`);
  for (const t of w.new.traceOnlyHere) lines.push(`${indent}  + ${visible(t[lang])}`);
  return lines;
}

function outputTitle(o: OutputVerdict): string {
  const article = o.article.new ?? o.article.old;
  return `${article ? `${visible(article)} ` : ""}${visible(o.output)}`;
}

export function renderDiffText(report: DiffReport, lang: Lang): string {
  const sep = lang === "zh" ? "：" : ": ";
  const lines: string[] = [];
  lines.push(`${T.title[lang]}${sep}${visible(report.old.id)} ${visible(report.old.version)} → ${visible(report.new.id)} ${visible(report.new.version)}`);
  lines.push(`  ${T.old[lang]}${sep}${visible(report.old.file)}`, `  ${T.new[lang]}${sep}${visible(report.new.file)}`);
  lines.push(fill(T.comparedOn[lang], { date: report.comparedOn }), "");
  if (report.changes.length === 0) lines.push(T.none[lang]);
  else {
    lines.push(`${T.changes[lang]}${paren(fill(T.count[lang], { n: report.changes.length }), lang)}${lang === "zh" ? "：" : ":"}`);
    report.changes.forEach((c, i) => {
      lines.push(`  ${i + 1}. [${KIND[c.kind][lang]}] ${visible(c.summary[lang])}`);
      if (c.old) lines.push(`     − ${place(report.old.file, c.old)}`);
      if (c.new) lines.push(`     + ${place(report.new.file, c.new)}`);
      if (c.kind === "validity" && report.validityWitness) {
        const w = report.validityWitness;
        lines.push(`     ${fill(T.validityWitness[lang], { date: w.date, old: w.oldInForce ? T.inForce[lang] : T.notInForce[lang], new: w.newInForce ? T.inForce[lang] : T.notInForce[lang] })}`);
      } else if (c.witness === "none-found") lines.push(`     ${c.kind === "quota" ? T.quota[lang] : T.noWitness[lang]}`);
      else if (c.witness === "not-decisional") lines.push(`     (${T.notDecisional[lang]})`);
    });
  }
  if (report.outputs.length > 0) {
    lines.push("", `${T.outputs[lang]}${lang === "zh" ? "：" : ":"}`);
    for (const o of report.outputs) {
      lines.push(`  ${outputTitle(o)}${sep}${VERDICT[o.verdict][lang]}${paren(fill(T.tried[lang], { n: o.tried }), lang)}`);
      if (o.witnesses.length === 0) lines.push(`    ${T.noWitness[lang]}`);
      for (const w of o.witnesses) lines.push(...witnessLines(w, lang, "    "));
    }
  }
  const notes = report.notes.filter((n) => n.kind !== "example-added" && n.kind !== "example-removed");
  const removed = report.notes.filter((n) => n.kind === "example-removed").length;
  const added = report.notes.filter((n) => n.kind === "example-added").length;
  if (notes.length > 0 || removed + added > 0) {
    lines.push("", `${T.notes[lang]}${paren(fill(T.count[lang], { n: report.notes.length }), lang)}${lang === "zh" ? "：" : ":"}`);
    for (const n of notes) lines.push(`  · ${noteText(n, lang)}`);
    if (removed + added > 0) lines.push(`  · ${fill(T.examples[lang], { removed, added })}`);
  }
  return `${lines.join("\n")}\n`;
}

function noteText(n: Note, lang: Lang): string {
  return visible(n.summary[lang]);
}

const I = {
  title: { zh: "对一批申报的影响", en: "Impact on the population" },
  validity: { zh: "（两版都视为有效，每份申报按其申报日期）", en: "(both taken as in force, each application on its date)" },
  applications: { zh: "申报 {n} 份：结果改变 {outcome} 份，金额改变 {amount} 份（得益 {winners}，受损 {losers}）", en: "{n} applications: outcome changed for {outcome}, amount for {amount} ({winners} gain, {losers} lose)" },
  total: { zh: "合计", en: "total" },
  payer: { zh: "出资方", en: "payer" },
  before: { zh: "旧版", en: "before" },
  after: { zh: "新版", en: "after" },
  delta: { zh: "变化", en: "delta" },
  unsplit: { zh: "（未分担）", en: "(not split)" },
  largest: { zh: "变化最大的申报", en: "Largest changes" },
  line: { zh: "第 {n} 行", en: "line {n}" },
  histogram: { zh: "金额变化的分布（金额改变的申报）", en: "Distribution of the deltas (applications whose amount changed)" },
  defaulted: { zh: "数据中没有、按默认值计算的申报项", en: "Inputs not in the data, taken at their default" },
} as const satisfies Record<string, Bilingual>;

/** Totals as accountants read them: grouped yuan with fen (1,234,567.89 元). */
export function money(fen: number, lang: Lang): string {
  const text = formatYuan(Math.abs(fen));
  const [whole = "0", cents = "00"] = text.split(".");
  const grouped = `${fen < 0 ? "-" : ""}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${cents}`;
  return lang === "zh" ? `${grouped}元` : `${grouped} yuan`;
}

export function signedMoney(fen: number, lang: Lang): string {
  return `${fen > 0 ? "+" : ""}${money(fen, lang)}`;
}

export function payerName(payer: string, lang: Lang): string {
  return payer === "—" ? I.unsplit[lang] : visible(payer);
}

export function renderImpactText(impact: import("./impact.js").ImpactReport, lang: Lang): string {
  const lines: string[] = [`${I.title[lang]} ${I.validity[lang]}`];
  lines.push(`  ${fill(I.applications[lang], { n: impact.applications, outcome: impact.changedOutcome, amount: impact.changedAmount, winners: impact.winners, losers: impact.losers })}`);
  const rows: string[][] = [[I.payer[lang], I.before[lang], I.after[lang], I.delta[lang]]];
  for (const p of impact.payers) rows.push([payerName(p.payer, lang), money(p.before, lang), money(p.after, lang), signedMoney(p.delta, lang)]);
  rows.push([I.total[lang], money(impact.totalBefore, lang), money(impact.totalAfter, lang), signedMoney(impact.totalAfter - impact.totalBefore, lang)]);
  const widths = rows[0]?.map((_, k) => Math.max(...rows.map((r) => [...(r[k] ?? "")].length))) ?? [];
  for (const r of rows) lines.push(`  ${r.map((c, k) => (k === 0 ? c.padEnd(widths[k] ?? 0) : c.padStart(widths[k] ?? 0))).join("   ")}`);
  if (impact.largest.length > 0) {
    lines.push("", `${I.largest[lang]}${lang === "zh" ? "：" : ":"}`);
    for (const l of impact.largest) {
      lines.push(`  ${fill(I.line[lang], { n: l.line })} ${visible(l.id)} (${visible(l.firm)}): ${money(l.before, lang)} → ${money(l.after, lang)} (${signedMoney(l.delta, lang)})`);
      for (const r of l.reasons) lines.push(`    · ${visible(r[lang])}`);
    }
  }
  if (impact.histogram.length > 0) {
    lines.push("", `${I.histogram[lang]}${lang === "zh" ? "：" : ":"}`);
    const most = Math.max(...impact.histogram.map((b) => b.count));
    const labels = impact.histogram.map((b) => `[${signedMoney(b.from, lang)}, ${signedMoney(b.to, lang)})`);
    const width = Math.max(...labels.map((l) => l.length));
    impact.histogram.forEach((b, i) => {
      const bar = "█".repeat(Math.round((b.count / most) * 30));
      lines.push(`  ${(labels[i] ?? "").padEnd(width)}  ${String(b.count).padStart(7)}  ${bar}`);
    });
  }
  if (impact.defaulted.length > 0) {
    lines.push("", `${I.defaulted[lang]}${lang === "zh" ? "：" : ":"}`);
    for (const d of impact.defaulted) lines.push(`  ${d.version === "old" ? T.old[lang] : T.new[lang]}: ${visible(d.input)} = ${d.value}`);
  }
  return `${lines.join("\n")}\n`;
}
