/**
 * The compare tab's semantic summary, beside Monaco's line diff: the changes in meaning between
 * the chosen version (left, old) and the editor's text (right, new), each output's verdict and
 * its witnesses. Clicking a change reveals both places; a witness opens in the preview form.
 *
 * The diff is the pipeline's (`diff`, the same as `kuan diff`) and runs off the page's thread:
 * this module is also its own worker (loaded with `new Worker(new URL("./compare.ts", …))`), so
 * a search of a few hundred applications never stalls typing.
 */
import type { DiffReport, Place, Witness } from "../../compiler/diff/model.js";
import type { PreviewState } from "./preview.js";

type Lang = "zh" | "en";

interface DiffRequest {
  readonly id: number;
  readonly oldSource: string;
  readonly newSource: string;
}

type DiffResponse = { readonly id: number; readonly ok: true; readonly report: DiffReport } | { readonly id: number; readonly ok: false; readonly side: "old" | "new" | "both" };

/** Applications tried per output in the browser (the CLI tries more). */
const BROWSER_BUDGET = 400;

if (typeof document === "undefined") {
  const { compile, diff } = await import("../../compiler/pipeline.js");
  const scope = self as unknown as { onmessage: ((e: MessageEvent<DiffRequest>) => void) | null; postMessage(message: DiffResponse): void };
  scope.onmessage = (event) => {
    const { id, oldSource, newSource } = event.data;
    const a = compile(oldSource, { fileName: "old.kuan" });
    const b = compile(newSource, { fileName: "new.kuan" });
    const report = diff(a, b, { budget: BROWSER_BUDGET });
    scope.postMessage(report ? { id, ok: true, report } : { id, ok: false, side: !a.ok && !b.ok ? "both" : !a.ok ? "old" : "new" });
  };
}

const TEXT = {
  title: { zh: "语义对比", en: "Semantic summary" },
  working: { zh: "正在比较…", en: "Comparing…" },
  same: { zh: "含义没有变化（排版、注释、条款顺序和关键字语言不算变化）。", en: "No change in meaning (formatting, comments, article order and keyword language are none)." },
  brokenOld: { zh: "左侧版本有错误，无法比较。", en: "The version on the left has errors: nothing to compare." },
  brokenNew: { zh: "编辑器中的政策有错误，无法比较。", en: "The policy in the editor has errors: nothing to compare." },
  outputs: { zh: "结果项与见证", en: "Outputs and witnesses" },
  notes: { zh: "另有 {n} 处不影响含义的差异（改名、改写等）", en: "{n} differences that do not change the meaning (renames, rewording…)" },
  open: { zh: "在预览中打开", en: "Open in the preview" },
  tried: { zh: "试了 {n} 份申报", en: "{n} applications tried" },
  noWitness: { zh: "未找到见证", en: "no witness found" },
  old: { zh: "旧", en: "old" },
  new: { zh: "新", en: "new" },
} as const;

const VERDICT: Record<string, { zh: string; en: string }> = {
  "more-generous": { zh: "更优厚", en: "more generous" },
  "less-generous": { zh: "更不利", en: "less generous" },
  "both-ways": { zh: "有增有减", en: "both ways" },
  different: { zh: "结果不同", en: "different" },
  "no-difference-found": { zh: "未找到差异", en: "no difference found" },
};

export interface CompareCallbacks {
  /** Reveal a change: its place in the left (old) and right (new) text, either may be absent. */
  readonly reveal: (oldPlace: { start: number; end: number } | null, newPlace: { start: number; end: number } | null) => void;
  /** Open a witness application (in the new version's names) in the preview form. */
  readonly openWitness: (state: PreviewState) => void;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  e.append(...children);
  return e;
}

/** A witness as the preview form holds it: every value as typed, earlier grants as rows. */
export function witnessState(w: Witness): PreviewState {
  const values: Record<string, string> = {};
  // The form keeps yes/no as "true" / "false" and amounts as typed.
  for (const [name, value] of Object.entries(w.newInput)) values[name] = String(value);
  return {
    values,
    firm: w.firm,
    project: w.project,
    asOf: w.asOf,
    history: w.newHistory.map((g) => ({ rule: String(g["rule"]), year: String(g["year"]), amount: String(g["amount"]) })),
  };
}

export class CompareSummary {
  private readonly worker = new Worker(new URL("./compare.ts", import.meta.url), { type: "module" });
  private readonly body: HTMLElement;
  private nextId = 1;
  private latest = 0;
  private lang: Lang = "zh";
  private shown: DiffResponse | null = null;
  private asked = { oldSource: "", newSource: "" };
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    host: HTMLElement,
    private readonly callbacks: CompareCallbacks,
  ) {
    // The host's own text is the "not available" notice the i18n pass rewrites: keep a child of ours.
    host.removeAttribute("data-i18n");
    host.textContent = "";
    this.body = el("div", "semantic-diff");
    this.body.dataset["testid"] = "semantic-diff";
    host.append(this.body);
    this.worker.onmessage = (event: MessageEvent<DiffResponse>) => {
      if (event.data.id !== this.latest) return;
      this.shown = event.data;
      this.render();
    };
  }

  /** Compares the two texts (again only when one changed), once typing pauses. */
  update(oldSource: string, newSource: string): void {
    if (oldSource === this.asked.oldSource && newSource === this.asked.newSource) return;
    this.asked = { oldSource, newSource };
    this.latest = this.nextId++;
    const id = this.latest;
    this.body.replaceChildren(el("p", "muted small", TEXT.working[this.lang]));
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.worker.postMessage({ id, oldSource, newSource } satisfies DiffRequest), 300);
  }

  setLang(lang: Lang): void {
    this.lang = lang;
    if (this.shown) this.render();
  }

  private render(): void {
    const lang = this.lang;
    const r = this.shown;
    if (!r) return;
    const heading = el("h3", "semantic-title", TEXT.title[lang]);
    if (!r.ok) {
      this.body.replaceChildren(heading, el("p", "muted small", r.side === "new" ? TEXT.brokenNew[lang] : TEXT.brokenOld[lang]));
      return;
    }
    const report = r.report;
    const parts: Node[] = [heading];
    if (report.changes.length === 0) parts.push(el("p", "small", TEXT.same[lang]));
    const list = el("ol", "semantic-changes");
    for (const change of report.changes) {
      const button = el("button", "semantic-change", change.summary[lang]);
      button.type = "button";
      button.dataset["kind"] = change.kind;
      button.addEventListener("click", () => this.callbacks.reveal(span(change.old), span(change.new)));
      list.append(el("li", "", button));
    }
    if (report.changes.length > 0) parts.push(list);
    if (report.outputs.length > 0) {
      parts.push(el("h4", "", TEXT.outputs[lang]));
      for (const o of report.outputs) {
        const head = el("div", "semantic-output", `${o.article.new ?? o.article.old ?? ""} ${o.output}: ${VERDICT[o.verdict]?.[lang] ?? o.verdict} (${TEXT.tried[lang].replace("{n}", String(o.tried))})`);
        parts.push(head);
        if (o.witnesses.length === 0) parts.push(el("p", "muted small", TEXT.noWitness[lang]));
        for (const w of o.witnesses) {
          const open = el("button", "semantic-witness", `${VERDICT[w.direction]?.[lang] ?? w.direction}: ${TEXT.old[lang]} ${w.old.value?.[lang] ?? "—"} → ${TEXT.new[lang]} ${w.new.value?.[lang] ?? "—"} · ${TEXT.open[lang]}`);
          open.type = "button";
          open.addEventListener("click", () => this.callbacks.openWitness(witnessState(w)));
          parts.push(open);
        }
      }
    }
    if (report.notes.length > 0) parts.push(el("p", "muted small", TEXT.notes[lang].replace("{n}", String(report.notes.length))));
    this.body.replaceChildren(...parts);
  }
}

function span(p: Place | null): { start: number; end: number } | null {
  return p ? { start: p.start, end: p.end } : null;
}
