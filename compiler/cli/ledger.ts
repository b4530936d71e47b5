/**
 * `kuan ledger grants.db [--firm ID] [--policy ID] [--json] [--export OUT.csv]`: what each firm
 * has been granted, under which policy version and article, with reversals, in a stable order
 * (firm, project, policy, version, date, application); the same grants print the same bytes.
 * `--withdraw APPLICATION --reason TEXT [--date YYYY-MM-DD]` records the withdrawal of an
 * application's grants (kept, marked, no longer counted by caps).
 * Exit 0; 1 when --withdraw names an application the ledger does not have; 2 for bad arguments or a
 * ledger refused.
 */
import { writeFileSync } from "node:fs";
import { EXIT, type Command } from "./command.js";
import type { CliIo } from "./io.js";
import { isLang, localeLanguage, type Lang } from "./language.js";
import { parseCommandArgs, UsageError } from "./usage.js";

const USAGE = "kuan ledger grants.db [--firm ID] [--policy ID] [--json] [--export OUT.csv] | kuan ledger grants.db --withdraw APPLICATION --reason TEXT [--date YYYY-MM-DD]";

async function runLedger(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("ledger", args, {
    firm: { type: "string" },
    policy: { type: "string" },
    json: { type: "boolean", default: false },
    export: { type: "string" },
    withdraw: { type: "string" },
    reason: { type: "string" },
    date: { type: "string" },
    lang: { type: "string" },
  });
  if (values.lang !== undefined && !isLang(values.lang)) throw new UsageError({ zh: "--lang 只能是 zh 或 en", en: "--lang must be zh or en" }, "ledger");
  if (positionals.length !== 1) throw new UsageError({ zh: "请给出一个账本文件", en: "give exactly one ledger file" }, "ledger");
  const lang: Lang = (values.lang as Lang | undefined) ?? localeLanguage(io.env);
  const path = positionals[0] as string;
  const [{ openLedger, LedgerRefused }, query, { visible }, { yuanGrouped }, { parseDate }] = await Promise.all([
    import("../ledger/schema.js"),
    import("../ledger/query.js"),
    import("../applications/index.js"),
    import("../ledger/report.js"),
    import("@kuan/runtime/internal"),
  ]);
  if (values.withdraw !== undefined) {
    if (values.reason === undefined || values.reason.trim() === "") throw new UsageError({ zh: "撤回须用 --reason 说明理由", en: "a withdrawal needs --reason" }, "ledger");
    const date = values.date === undefined ? new Date().toISOString().slice(0, 10) : parseDate(values.date);
    if (typeof date !== "string" && !date.ok) throw new UsageError({ zh: `--date 应为日期 YYYY-MM-DD：${values.date}`, en: `--date should be a date YYYY-MM-DD: ${values.date}` }, "ledger");
    let db;
    try {
      db = openLedger(path, { create: false });
    } catch (error) {
      if (error instanceof LedgerRefused) {
        io.stderr.write(`kuan: ${error.text[lang]}\n`);
        return EXIT.usage;
      }
      throw error;
    }
    try {
      const done = query.withdraw(db, values.withdraw, typeof date === "string" ? date : date.value, values.reason);
      if (!done.known) {
        io.stderr.write(`kuan: ${lang === "zh" ? `账本中没有申报 ${visible(values.withdraw)}` : `the ledger has no application ${visible(values.withdraw)}`}\n`);
        return EXIT.problems;
      }
      io.stdout.write(lang === "zh" ? `已撤回 ${visible(values.withdraw)} 的 ${done.withdrawn} 笔奖补，共 ${yuanGrouped(done.fen)} 元\n` : `withdrew ${done.withdrawn} grant(s) of ${visible(values.withdraw)}, ${yuanGrouped(done.fen)} yuan in all\n`);
      return EXIT.ok;
    } finally {
      db.close();
    }
  }
  let db;
  try {
    db = openLedger(path, { create: false, readonly: true });
  } catch (error) {
    if (error instanceof LedgerRefused) {
      io.stderr.write(`kuan: ${error.text[lang]}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  try {
    const grants = query.listGrants(db, { ...(values.firm !== undefined ? { firm: values.firm } : {}), ...(values.policy !== undefined ? { policy: values.policy } : {}) });
    if (values.export !== undefined) writeFileSync(values.export, query.grantsCsv(grants));
    if (values.json) io.stdout.write(query.grantsJson(grants));
    else if (values.export === undefined) io.stdout.write(renderGrants(grants, lang, visible, yuanGrouped));
    return EXIT.ok;
  } finally {
    db.close();
  }
}

type LedgerGrant = import("../ledger/query.js").LedgerGrant;

/** One block per firm; one line per grant, its payers and its reversal under it. */
function renderGrants(grants: readonly LedgerGrant[], lang: Lang, visible: (s: string) => string, yuan: (fen: number) => string): string {
  const zh = lang === "zh";
  if (grants.length === 0) return zh ? "账本中没有奖补记录\n" : "no grants in the ledger\n";
  const lines: string[] = [];
  let firm: string | null = null;
  const totals = new Map<string, number>();
  const flush = (): void => {
    if (firm === null) return;
    const net = totals.get(firm) ?? 0;
    lines.push(`  ${zh ? "合计（扣除追回、撤回）" : "total (less clawbacks and withdrawals)"}: ${yuan(net)}`, "");
  };
  for (const g of grants) {
    if (g.firm !== firm) {
      flush();
      firm = g.firm;
      lines.push(`${zh ? "企业" : "firm"} ${visible(g.firm)}`);
    }
    const project = g.project !== null ? `  ${zh ? "项目" : "project"} ${visible(g.project)}` : "";
    const imported = g.source === "imported" ? (zh ? "  （此前已获，随申报导入）" : "  (earlier grant, imported with the application)") : "";
    lines.push(`  ${g.date}  ${visible(g.policy)} ${visible(g.version)}  ${visible(g.article)} ${visible(g.rule)}  ${yuan(g.amountFen)}${project}  ${zh ? "申报" : "application"} ${visible(g.application)}${imported}`);
    if (g.payers.length > 0) lines.push(`      ${g.payers.map((p) => `${visible(p.payer)} ${yuan(p.fen)}`).join(zh ? "，" : ", ")}`);
    if (g.reversal) {
      const r = g.reversal;
      const kind = r.kind === "clawback" ? (zh ? "已追回" : "clawed back") : zh ? "已撤回" : "withdrawn";
      const by = r.by !== null ? (zh ? `（申报 ${visible(r.by)}）` : ` (application ${visible(r.by)})`) : "";
      lines.push(`      ${kind} ${r.date}${by}: ${visible(r.reason)}`);
    }
    totals.set(g.firm, (totals.get(g.firm) ?? 0) + (g.reversal ? 0 : g.amountFen));
  }
  flush();
  return `${lines.join("\n")}`;
}

export const ledgerCommand: Command = {
  name: "ledger",
  summary: { zh: "查看账本：各企业获得的奖补、依据的政策版本和条款", en: "show a ledger: what each firm was granted, under which policy version and article" },
  usage: USAGE,
  options: [
    { flag: "--firm ID", text: { zh: "只看这家企业", en: "only this firm" } },
    { flag: "--policy ID", text: { zh: "只看这项政策", en: "only this policy" } },
    { flag: "--json", text: { zh: "输出 JSON（金额为元的十进制字符串）", en: "print JSON (money as decimal strings in yuan)" } },
    { flag: "--export FILE.csv", text: { zh: "导出为 CSV", en: "export to CSV" } },
    { flag: "--withdraw APPLICATION", text: { zh: "撤回该申报的奖补（保留记录，不再计入上限）；须给 --reason", en: "withdraw the application's grants (kept, no longer counted by caps); needs --reason" } },
    { flag: "--date YYYY-MM-DD", text: { zh: "撤回日期（默认今天）", en: "the date of the withdrawal (default today)" } },
  ],
  run: runLedger,
};
