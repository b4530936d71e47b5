/** The playground's labels in both UI languages; diagnostics come translated from the compiler. */
import type { Lang, Outcome } from "../worker/protocol.js";

const TEXT = {
  appTitle: { zh: "款 · 政策条款编辑器", en: "Kuan · policy clause editor" },
  appSubtitle: { zh: "奖补政策的可计算条款", en: "the computable clauses of subsidy measures" },
  sample: { zh: "政策样例", en: "Policy" },
  edited: { zh: "（已修改）", en: " (edited)" },
  reset: { zh: "恢复原文", en: "Reset" },
  copyLink: { zh: "复制链接", en: "Copy link" },
  linkCopied: { zh: "链接已复制", en: "Link copied" },
  tabPreview: { zh: "预览", en: "Preview" },
  tabTypeScript: { zh: "TypeScript", en: "TypeScript" },
  tabCompare: { zh: "版本对比", en: "Compare" },
  problems: { zh: "问题", en: "Problems" },
  noProblems: { zh: "没有发现问题", en: "No problems" },
  errors: { zh: (n: number) => `${n} 个错误`, en: (n: number) => `${n} error${n === 1 ? "" : "s"}` },
  warnings: { zh: (n: number) => `${n} 个警告`, en: (n: number) => `${n} warning${n === 1 ? "" : "s"}` },
  line: { zh: (l: number, c: number) => `${l} 行 ${c} 列`, en: (l: number, c: number) => `${l}:${c}` },
  compileTime: { zh: (ms: string) => `编译 ${ms} 毫秒`, en: (ms: string) => `compiled in ${ms} ms` },
  application: { zh: "申报信息", en: "Application" },
  noApplication: { zh: "本政策没有申报块（申报 …:）", en: "This policy has no application block (application …:)" },
  context: { zh: "申报情况", en: "Context" },
  firm: { zh: "企业", en: "Firm" },
  project: { zh: "项目", en: "Project" },
  asOf: { zh: "申报日期", en: "Application date" },
  history: { zh: "已获奖补记录", en: "Earlier grants" },
  historyCount: { zh: (n: number) => `（${n} 条）`, en: (n: number) => ` (${n})` },
  addGrant: { zh: "添加记录", en: "Add grant" },
  remove: { zh: "删除", en: "Remove" },
  rule: { zh: "奖补项", en: "Award" },
  year: { zh: "年度", en: "Year" },
  grantDate: { zh: "给予日期", en: "Granted on" },
  amount: { zh: "金额", en: "Amount" },
  yes: { zh: "是", en: "Yes" },
  no: { zh: "否", en: "No" },
  choose: { zh: "请选择", en: "Choose" },
  decision: { zh: "决定", en: "Decision" },
  outputs: { zh: "结果项", en: "Results" },
  grants: { zh: "本次给予", en: "Granted now" },
  payer: { zh: "出资方", en: "Payer" },
  total: { zh: "合计", en: "Total" },
  trace: { zh: "依据", en: "Trace" },
  traceHint: { zh: "点击一行，在编辑器中显示对应条款", en: "Click a line to show its clause in the editor" },
  examples: { zh: "例子", en: "Examples" },
  noExamples: { zh: "本文件没有例子（例 …:）", en: "This file has no examples (example …:)" },
  passed: { zh: "通过", en: "passed" },
  failed: { zh: "未通过", en: "failed" },
  clawback: { zh: "追回", en: "claw back" },
  blocked: { zh: "请先改正错误，才能计算", en: "Fix the errors to see a decision" },
  examplesBlocked: { zh: "请先改正错误，才能运行例子", en: "Fix the errors to run the examples" },
  emitBlocked: { zh: "请先改正错误，才能生成 TypeScript", en: "Fix the errors to emit TypeScript" },
  invalid: { zh: "申报信息有误", en: "The application has errors" },
  failedEval: { zh: "计算时出错", en: "Evaluation failed" },
  compareWith: { zh: "与此版本对比", en: "Compare with" },
  compareOriginal: { zh: "样例原文", en: "the sample as shipped" },
  compareHint: { zh: "左：所选版本；右：编辑器中的当前文本", en: "Left: the chosen version; right: the text in the editor" },
  semanticUnavailable: { zh: "按条款的语义对比尚未接入", en: "The by-article semantic summary is not available yet" },
  loading: { zh: "正在加载…", en: "Loading…" },
} as const;

export type TextKey = keyof typeof TEXT;

export function t<K extends TextKey>(key: K, lang: Lang): (typeof TEXT)[K]["zh"] {
  return TEXT[key][lang] as (typeof TEXT)[K]["zh"];
}

export const OUTCOME_TEXT: Record<Outcome, { zh: string; en: string }> = {
  eligible: { zh: "符合", en: "Eligible" },
  "not-eligible": { zh: "不符合", en: "Not eligible" },
  "needs-review": { zh: "需复核", en: "Needs review" },
  "not-applicable": { zh: "不适用", en: "Not applicable" },
};
