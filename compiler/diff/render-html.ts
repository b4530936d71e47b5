/**
 * The diff as one self-contained HTML file for reviewers: bilingual (a switch between 中文 and
 * English, both texts in the page), no network, the plots as inline SVG (the distribution of the
 * deltas, the cost per payer before and after). Every text from the policies is escaped and made
 * visible-safe.
 */
import type { Bilingual } from "@kuan/runtime/internal";
import type { ImpactReport } from "./impact.js";
import type { DiffReport, Place, Witness } from "./model.js";
import { money, OUTCOME, payerName, sideText, signedMoney, VERDICT, witnessInputs, type Lang } from "./render-text.js";
import { visible } from "../diagnostics/visible.js";

function esc(text: string): string {
  return visible(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Both languages; the page shows one at a time. */
function bi(b: Bilingual): string {
  return `<span lang="zh">${esc(b.zh)}</span><span lang="en">${esc(b.en)}</span>`;
}

function per(f: (lang: Lang) => string): string {
  return bi({ zh: f("zh"), en: f("en") });
}

const L = {
  title: { zh: "政策版本对比", en: "Policy versions compared" },
  changes: { zh: "含义变化", en: "Changes in meaning" },
  none: { zh: "含义没有变化。", en: "No change in meaning." },
  outputs: { zh: "受影响的结果项与见证申报", en: "Affected outputs and witness applications" },
  notes: { zh: "不影响含义的差异", en: "Differences that do not change the meaning" },
  impact: { zh: "对一批申报的影响", en: "Impact on the population" },
  noImpact: { zh: "未给出申报数据（--population），没有影响分析。", en: "No population given (--population): no impact analysis." },
  old: { zh: "旧版", en: "Old" },
  new: { zh: "新版", en: "New" },
  kind: { zh: "类别", en: "Kind" },
  what: { zh: "变化", en: "Change" },
  payer: { zh: "出资方", en: "Payer" },
  delta: { zh: "变化", en: "Delta" },
  histogram: { zh: "金额变化的分布", en: "Distribution of the amount deltas" },
  cost: { zh: "各出资方的支出：旧版与新版", en: "Cost per payer: before and after" },
  largest: { zh: "变化最大的申报", en: "Largest individual changes" },
  noWitness: { zh: "未找到见证：试过的申报上两版决定相同", en: "No witness found: both versions decided alike on every application tried" },
  comparedOn: { zh: "规则按同一日期比较，两版都视为有效；有效期的变化单列。", en: "Rules are compared on one date with both versions taken as in force; validity is listed on its own." },
  applications: { zh: "申报", en: "Applications" },
  changedOutcome: { zh: "结果改变", en: "Outcome changed" },
  changedAmount: { zh: "金额改变", en: "Amount changed" },
  winners: { zh: "得益", en: "Gain" },
  losers: { zh: "受损", en: "Lose" },
  total: { zh: "合计", en: "Total" },
  line: { zh: "行", en: "Line" },
  firm: { zh: "申报人", en: "Applicant" },
  reasons: { zh: "原因", en: "Reasons" },
  applicants: { zh: "份申报", en: "applications" },
} as const satisfies Record<string, Bilingual>;

function placeHtml(file: string, p: Place | null): string {
  if (!p) return `<span class="none">—</span>`;
  return `<div class="place"><span class="loc">${esc(file)}:${p.line}:${p.column}</span><code>${esc(p.text)}</code></div>`;
}

function witnessHtml(w: Witness): string {
  const trace = [...w.old.traceOnlyHere.map((t) => `<li class="minus">− ${bi(t)}</li>`), ...w.new.traceOnlyHere.map((t) => `<li class="plus">+ ${bi(t)}</li>`)].join("");
  const history = w.newHistory.length > 0 ? `<div class="history">${per((lang) => (lang === "zh" ? "已获：" : "earlier grants: ") + w.newHistory.map((g) => `${String(g["rule"])} ${String(g["date"])} ${String(g["amount"])}`).join("; "))}</div>` : "";
  return `<div class="witness ${w.direction}"><div><b>${bi(VERDICT[w.direction])}</b> · ${per((lang) => witnessInputs(w, lang))}</div>${history}
<div class="sides"><span>${bi(L.old)}: ${per((lang) => sideText(w.old, lang))}</span><span>${bi(L.new)}: ${per((lang) => sideText(w.new, lang))}</span></div>${trace ? `<ul class="trace">${trace}</ul>` : ""}</div>`;
}

interface Bar {
  readonly label: string;
  readonly value: number;
}

/** A histogram of the deltas as SVG: one bar per bin, the count above it, the bin's start below. */
function histogramSvg(impact: ImpactReport): string {
  const bins = impact.histogram;
  const width = 720;
  const height = 260;
  const pad = { left: 50, right: 10, top: 20, bottom: 60 };
  const most = Math.max(1, ...bins.map((b) => b.count));
  const w = (width - pad.left - pad.right) / Math.max(1, bins.length);
  const bars = bins
    .map((b, i) => {
      const h = ((height - pad.top - pad.bottom) * b.count) / most;
      const x = pad.left + i * w;
      const y = height - pad.bottom - h;
      const colour = b.to <= 0 ? "#c0392b" : b.from >= 0 ? "#27ae60" : "#7f8c8d";
      return `<rect class="bar" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(w - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${colour}"><title>[${esc(signedMoney(b.from, "en"))}, ${esc(signedMoney(b.to, "en"))}): ${b.count}</title></rect>
<text x="${(x + w / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle" font-size="10">${b.count}</text>
<text x="${(x + w / 2).toFixed(1)}" y="${height - pad.bottom + 14}" text-anchor="end" font-size="9" transform="rotate(-35 ${(x + w / 2).toFixed(1)} ${height - pad.bottom + 14})">${esc(signedMoney(b.from, "zh"))}</text>`;
    })
    .join("\n");
  return `<svg id="histogram" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
<line x1="${pad.left}" y1="${height - pad.bottom}" x2="${width - pad.right}" y2="${height - pad.bottom}" stroke="#333"/>
<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${height - pad.bottom}" stroke="#333"/>
<text x="12" y="${pad.top}" font-size="10">${most}</text>
${bars}
</svg>`;
}

/** Cost per payer, old and new side by side, as SVG. */
function payersSvg(impact: ImpactReport): string {
  const groups: { payer: string; bars: Bar[] }[] = impact.payers.map((p) => ({ payer: p.payer, bars: [{ label: "old", value: p.before }, { label: "new", value: p.after }] }));
  const width = 720;
  const rowHeight = 46;
  const height = 30 + groups.length * rowHeight;
  const left = 110;
  const most = Math.max(1, ...impact.payers.flatMap((p) => [p.before, p.after]));
  const rows = groups
    .map((g, i) => {
      const y = 20 + i * rowHeight;
      const bars = g.bars
        .map((b, k) => {
          const w = ((width - left - 160) * b.value) / most;
          const by = y + k * 18;
          return `<rect class="bar ${b.label}" x="${left}" y="${by}" width="${w.toFixed(1)}" height="15" fill="${b.label === "old" ? "#95a5a6" : "#2980b9"}"/>
<text x="${(left + w + 6).toFixed(1)}" y="${by + 12}" font-size="11">${b.label === "old" ? "旧 old" : "新 new"} ${esc(money(b.value, "zh"))}</text>`;
        })
        .join("\n");
      return `<text x="4" y="${y + 20}" font-size="12">${esc(payerName(g.payer, "zh"))}</text>\n${bars}`;
    })
    .join("\n");
  return `<svg id="payers" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
${rows}
</svg>`;
}

function impactHtml(impact: ImpactReport): string {
  const stat = (label: Bilingual, value: number) => `<div class="stat"><div class="n">${value.toLocaleString("en")}</div><div>${bi(label)}</div></div>`;
  const payerRows = impact.payers
    .map((p) => `<tr><td>${per((lang) => payerName(p.payer, lang))}</td><td>${per((lang) => money(p.before, lang))}</td><td>${per((lang) => money(p.after, lang))}</td><td class="${p.delta >= 0 ? "up" : "down"}">${per((lang) => signedMoney(p.delta, lang))}</td></tr>`)
    .join("");
  const total = `<tr class="total"><td>${bi(L.total)}</td><td>${per((lang) => money(impact.totalBefore, lang))}</td><td>${per((lang) => money(impact.totalAfter, lang))}</td><td>${per((lang) => signedMoney(impact.totalAfter - impact.totalBefore, lang))}</td></tr>`;
  const largest = impact.largest
    .map((l) => `<tr><td>${l.line}</td><td>${esc(l.firm)}</td><td>${per((lang) => money(l.before, lang))} [${bi(OUTCOME[l.outcomeBefore] ?? { zh: l.outcomeBefore, en: l.outcomeBefore })}]</td><td>${per((lang) => money(l.after, lang))} [${bi(OUTCOME[l.outcomeAfter] ?? { zh: l.outcomeAfter, en: l.outcomeAfter })}]</td><td class="${l.delta >= 0 ? "up" : "down"}">${per((lang) => signedMoney(l.delta, lang))}</td><td><ul>${l.reasons.map((r) => `<li>${bi(r)}</li>`).join("")}</ul></td></tr>`)
    .join("");
  return `<section id="impact"><h2>${bi(L.impact)}</h2>
<div class="stats">${stat(L.applications, impact.applications)}${stat(L.changedOutcome, impact.changedOutcome)}${stat(L.changedAmount, impact.changedAmount)}${stat(L.winners, impact.winners)}${stat(L.losers, impact.losers)}</div>
<h3>${bi(L.cost)}</h3>${payersSvg(impact)}
<table class="payers"><thead><tr><th>${bi(L.payer)}</th><th>${bi(L.old)}</th><th>${bi(L.new)}</th><th>${bi(L.delta)}</th></tr></thead><tbody>${payerRows}${total}</tbody></table>
<h3>${bi(L.histogram)}</h3>${impact.histogram.length > 0 ? histogramSvg(impact) : `<p>—</p>`}
<h3>${bi(L.largest)}</h3>
<table class="largest"><thead><tr><th>${bi(L.line)}</th><th>${bi(L.firm)}</th><th>${bi(L.old)}</th><th>${bi(L.new)}</th><th>${bi(L.delta)}</th><th>${bi(L.reasons)}</th></tr></thead><tbody>${largest}</tbody></table>
</section>`;
}

const STYLE = `body{font-family:"Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
body.zh [lang=en],body.en [lang=zh]{display:none}
h1{font-size:1.5rem}h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.3rem .5rem;vertical-align:top;text-align:left}
th{background:#f4f4f4}.place code{display:block;white-space:pre-wrap;font-size:.9em}.loc{color:#777;font-size:.8em}
.witness{border-left:4px solid #999;padding:.3rem .6rem;margin:.4rem 0;background:#fafafa}.witness.more-generous{border-color:#27ae60}.witness.less-generous{border-color:#c0392b}
.sides span{margin-right:2rem}.trace{margin:.2rem 0;font-size:.85em}.minus{color:#a33}.plus{color:#283}
.stats{display:flex;gap:1rem}.stat{border:1px solid #ddd;padding:.5rem 1rem;text-align:center}.stat .n{font-size:1.4rem;font-weight:bold}
.up{color:#1e8449}.down{color:#b03a2e}.none{color:#aaa}.switch{float:right}.switch button{margin-left:.3rem}.verdict{font-weight:bold}`;

export function renderDiffHtml(report: DiffReport, impact: ImpactReport | null): string {
  const changes = report.changes
    .map((c, i) => `<tr id="change-${i + 1}"><td>${i + 1}</td><td>${bi(c.summary)}${c.witness === "none-found" ? `<div class="none">${bi(L.noWitness)}</div>` : ""}</td><td>${placeHtml(report.old.file, c.old)}</td><td>${placeHtml(report.new.file, c.new)}</td></tr>`)
    .join("\n");
  const outputs = report.outputs
    .map((o) => `<div class="output"><h3>${esc(`${o.article.new ?? o.article.old ?? ""} ${o.output}`)} · <span class="verdict">${bi(VERDICT[o.verdict])}</span> <small>(${per((lang) => (lang === "zh" ? `试了 ${o.tried} 份申报` : `${o.tried} applications tried`))})</small></h3>${o.witnesses.length === 0 ? `<p class="none">${bi(L.noWitness)}</p>` : o.witnesses.map(witnessHtml).join("")}</div>`)
    .join("\n");
  const exampleNotes = report.notes.filter((n) => n.kind === "example-added" || n.kind === "example-removed");
  const notes =
    report.notes.filter((n) => !exampleNotes.includes(n)).map((n) => `<li>${bi(n.summary)}</li>`).join("") +
    (exampleNotes.length > 0
      ? `<li><details><summary>${per((lang) => (lang === "zh" ? `例子：删去 ${exampleNotes.filter((n) => n.kind === "example-removed").length} 个，新增 ${exampleNotes.filter((n) => n.kind === "example-added").length} 个` : `examples: ${exampleNotes.filter((n) => n.kind === "example-removed").length} removed, ${exampleNotes.filter((n) => n.kind === "example-added").length} added`))}</summary><ul>${exampleNotes.map((n) => `<li>${bi(n.summary)}</li>`).join("")}</ul></details></li>`
      : "");
  const validity = report.validityWitness
    ? `<p>${per((lang) => (lang === "zh" ? `有效期见证：${report.validityWitness?.date} 旧版${report.validityWitness?.oldInForce ? "有效" : "无效"}，新版${report.validityWitness?.newInForce ? "有效" : "无效"}` : `validity witness: on ${report.validityWitness?.date} the old version is ${report.validityWitness?.oldInForce ? "in force" : "not in force"}, the new ${report.validityWitness?.newInForce ? "in force" : "not in force"}`))}</p>`
    : "";
  return `<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(report.new.id)} ${esc(report.old.version)} → ${esc(report.new.version)}</title>
<style>${STYLE}</style></head>
<body class="zh">
<div class="switch"><button type="button" data-lang="zh">中文</button><button type="button" data-lang="en">English</button></div>
<h1>${bi(L.title)}: ${esc(report.old.id)} ${esc(report.old.version)} → ${esc(report.new.id)} ${esc(report.new.version)}</h1>
<p>${bi(L.old)}: <code>${esc(report.old.file)}</code> · ${bi(L.new)}: <code>${esc(report.new.file)}</code></p>
<p>${bi(L.comparedOn)} (${esc(report.comparedOn)})</p>
<section id="changes"><h2>${bi(L.changes)} (${report.changes.length})</h2>
${report.changes.length === 0 ? `<p>${bi(L.none)}</p>` : `<table><thead><tr><th>#</th><th>${bi(L.what)}</th><th>${bi(L.old)}</th><th>${bi(L.new)}</th></tr></thead><tbody>${changes}</tbody></table>`}
${validity}</section>
<section id="outputs"><h2>${bi(L.outputs)}</h2>${outputs || "<p>—</p>"}</section>
${impact ? impactHtml(impact) : `<section id="impact"><p>${bi(L.noImpact)}</p></section>`}
<section id="notes"><h2>${bi(L.notes)} (${report.notes.length})</h2><ul>${notes}</ul></section>
<script>for(const b of document.querySelectorAll(".switch button"))b.addEventListener("click",()=>{document.body.className=b.dataset.lang;document.documentElement.lang=b.dataset.lang;});</script>
</body></html>
`;
}
