/**
 * What `kuan run` prints and writes: the summary (processed, granted, excluded, needs review, not
 * applicable, totals per payer), each problem as `FILE:LINE: FIELD: message`, and the per-row
 * report (.csv or .jsonl). Text from the files is printed visible-safe.
 */
import Papa from "papaparse";
import { fenOfYuan, formatYuan, type Grant } from "@kuan/runtime/internal";
import { visible, type ApplicationProblem } from "../applications/index.js";
import { stringWidth } from "../cli/width.js";
import type { IrPolicy } from "../ir/ir.js";
import type { BatchSummary, RowResult } from "./run.js";

type Lang = "zh" | "en";

/** 1234567.5 yuan → "1,234,567.50". */
export function yuanGrouped(fen: number): string {
  const [whole = "0", cents = "00"] = formatYuan(fen).split(".");
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${cents}`;
}

export function renderProblem(file: string, p: ApplicationProblem, lang: Lang): string {
  const where = p.line > 0 ? `${visible(file)}:${p.line}` : visible(file);
  const id = p.id !== undefined ? (lang === "zh" ? `（申报 ${visible(p.id)}）` : ` (application ${visible(p.id)})`) : "";
  return `${where}: ${visible(p.field)}${id}: ${p[lang]}`;
}

const PAYER_UNSPLIT = { zh: "（未分担）", en: "(not split)" };

export function renderSummary(s: BatchSummary, ctx: { file: string; ledger: string; policies: readonly IrPolicy[] }, lang: Lang): string {
  const zh = lang === "zh";
  const n = (v: number) => v.toLocaleString("en-US");
  const rows: [string, string][] = [
    [zh ? "行数" : "rows", n(s.rows)],
    [zh ? "本次处理" : "processed", n(s.processed)],
    [zh ? "  给予" : "  granted", n(s.outcomes.eligible)],
    [zh ? "  不予（不符合、除外）" : "  excluded (not eligible)", n(s.outcomes["not-eligible"])],
    [zh ? "  需复核" : "  needs review", n(s.outcomes["needs-review"])],
    [zh ? "  不适用（不在有效期内）" : "  not applicable (not in force)", n(s.outcomes["not-applicable"])],
    [zh ? "此前已处理" : "already in the ledger", n(s.alreadyProcessed)],
    [zh ? `有问题的行${s.stoppedAt ? "（已停止）" : "（已跳过）"}` : `bad rows${s.stoppedAt ? " (stopped)" : " (skipped)"}`, n(s.rejected)],
  ];
  if (s.later > 0) rows.push([zh ? "晚于 --as-of，留待以后" : "dated after --as-of, left for later", n(s.later)]);
  rows.push([zh ? "给予金额（元）" : "granted (yuan)", yuanGrouped(s.grantedFen)]);
  for (const p of s.perPayer) rows.push([`  ${p.payer === "" ? PAYER_UNSPLIT[lang] : visible(p.payer)}`, yuanGrouped(p.fen)]);
  if (s.clawedBackFen > 0) rows.push([zh ? "追回（元）" : "clawed back (yuan)", yuanGrouped(s.clawedBackFen)]);
  const width = Math.max(...rows.map(([k]) => stringWidth(k)));
  const valueWidth = Math.max(...rows.map(([, v]) => v.length));
  const title = `kuan run${s.dryRun ? (zh ? "（试运行，未写入）" : " (dry run: nothing written)") : ""}: ${visible(ctx.file)} → ${visible(ctx.ledger)}`;
  const policies = ctx.policies.map((p) => `  ${visible(p.id)} ${visible(p.version)}`);
  return `${[title, ...policies, "", ...rows.map(([k, v]) => `  ${k}${" ".repeat(width - stringWidth(k))}  ${v.padStart(valueWidth)}`)].join("\n")}\n`;
}

/** A grant in the runtime's JSON shape (yuan strings), as `kuan eval --json` prints it. */
function grantJson(g: Grant) {
  return {
    policy: g.policy,
    version: g.version,
    article: g.article,
    rule: g.rule,
    date: g.date,
    amount: g.amount,
    ...(g.payers ? { payers: g.payers } : {}),
  };
}

function totalYuan(grants: readonly Grant[]): string {
  return formatYuan(grants.reduce((a, g) => a + fenOfYuan(g.amount), 0));
}

export function summaryJson(s: BatchSummary): string {
  return `${JSON.stringify(
    {
      dryRun: s.dryRun,
      rows: s.rows,
      processed: s.processed,
      outcomes: s.outcomes,
      alreadyProcessed: s.alreadyProcessed,
      rejected: s.rejected,
      later: s.later,
      granted: formatYuan(s.grantedFen),
      perPayer: s.perPayer.map((p) => ({ payer: p.payer === "" ? null : p.payer, amount: formatYuan(p.fen) })),
      clawedBack: formatYuan(s.clawedBackFen),
      problems: s.problems.map((p) => ({ line: p.line, field: p.field, ...(p.id !== undefined ? { id: p.id } : {}), message: { zh: p.zh, en: p.en } })),
      warnings: s.warnings,
      stoppedAt: s.stoppedAt ? { line: s.stoppedAt.line, field: s.stoppedAt.field } : null,
    },
    null,
    2,
  )}\n`;
}

function reportRecord(r: RowResult) {
  return {
    line: r.line,
    id: r.id,
    firm: r.firm,
    project: r.project,
    date: r.date,
    status: r.status,
    outcome: r.outcome,
    granted: totalYuan(r.grants),
    grants: r.grants.map(grantJson),
    clawbacks: r.clawbacks.map(grantJson),
    reasons: r.reasons,
    problems: r.problems.map((p) => ({ field: p.field, message: { zh: p.zh, en: p.en } })),
  };
}

export function reportJsonl(s: BatchSummary): string {
  return s.results.map((r) => `${JSON.stringify(reportRecord(r))}\n`).join("");
}

export function reportCsv(s: BatchSummary): string {
  const fields = ["line", "id", "firm", "project", "date", "status", "outcome", "granted", "grants", "clawbacks", "reasons", "problems"];
  const grants = (list: readonly Grant[]) => list.map((g) => `${g.article} ${g.rule} ${g.amount}`).join("; ");
  const data = s.results.map((r) => [
    String(r.line), r.id, r.firm, r.project ?? "", r.date, r.status, r.outcome ?? "", totalYuan(r.grants),
    grants(r.grants), grants(r.clawbacks), r.reasons.map((x) => `${x.article}${x.article ? "：" : ""}${x.zh}`).join("; "), r.problems.map((p) => `${p.field}: ${p.en}`).join("; "),
  ]);
  return `${Papa.unparse({ fields, data }, { newline: "\n", escapeFormulae: true })}\n`;
}
