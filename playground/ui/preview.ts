/**
 * The live preview: a form generated from the policy's application block, the earlier grants,
 * and the decision (outcome, amounts per payer, trace) with the file's examples. Typed values are
 * kept by field name, so the form can be regenerated as the application block changes.
 */
import { h } from "./dom.js";
import { OUTCOME_TEXT, t } from "./i18n.js";
import { IncrementalList, keyed } from "./lists.js";
import { groupDigits } from "./values.js";
import type { Analysis, Decision, EvalContext, EvaluationView, ExamplesView, FieldView, Grant, Lang, Span } from "../worker/protocol.js";

/** An earlier grant as the form edits it; sent in the ledger's grant shape (docs/runtime.md, "History"). */
export interface HistoryRow {
  rule: string;
  /** YYYY-MM-DD (links made before grants had dates keep a year: read as its first day). */
  date: string;
  amount: string;
}

/** What the URL keeps of the preview: the values as typed. */
export interface PreviewState {
  readonly values: Readonly<Record<string, string>>;
  readonly firm: string;
  readonly project: string;
  readonly asOf: string;
  readonly history: readonly HistoryRow[];
}

export interface PreviewCallbacks {
  readonly onChange: () => void;
  readonly onReveal: (span: Span) => void;
}

const TRUE_WORDS = new Set(["是", "yes", "true", "对"]);

export class Preview {
  private lang: Lang = "zh";
  private fields: readonly FieldView[] = [];
  private analysis: Analysis | null = null;
  private fieldsSignature = "";
  private readonly values = new Map<string, string>();
  private firm = "";
  private project = "";
  private asOf = "";
  private asOfTouched = false;
  private history: HistoryRow[] = [];
  private evaluation: EvaluationView | null = null;
  private examples: ExamplesView | null = null;
  private shownEvaluation = "";
  private shownExamples = "";

  private readonly formSection: HTMLElement;
  private readonly contextSection: HTMLElement;
  private readonly historySection: HTMLDetailsElement;
  private readonly decisionSection: HTMLElement;
  private readonly examplesSection: HTMLElement;
  /** The long lists, kept between decisions and drawn incrementally (ui/lists.ts). */
  private readonly outputList = h("dl", { class: "outputs", "data-testid": "outputs" });
  private readonly traceList: HTMLOListElement;
  private readonly exampleList = h("ul", { class: "example-list" });
  private readonly outputs: IncrementalList<{ name: string; value: unknown; display: string }>;
  private readonly trace: IncrementalList<Decision["trace"][number]>;
  private readonly exampleItems: IncrementalList<Extract<ExamplesView, { status: "ran" }>["results"][number]>;
  /** Where each drawn trace line and example points in the editor: kept elements move with the text. */
  private readonly spans = new WeakMap<HTMLElement, Span>();

  constructor(
    root: HTMLElement,
    private readonly callbacks: PreviewCallbacks,
  ) {
    this.decisionSection = h("section", { class: "decision", "data-testid": "decision", "aria-live": "polite" });
    this.formSection = h("section", { class: "form-section", "data-testid": "application-form" });
    this.contextSection = h("section", { class: "form-section context" });
    this.historySection = h("details", { class: "history", "data-testid": "history" });
    this.examplesSection = h("section", { class: "examples", "data-testid": "examples" });
    root.append(this.formSection, this.contextSection, this.historySection, this.decisionSection, this.examplesSection);
    this.traceList = h("ol", { class: "trace", "data-testid": "trace" });
    const revealOnClick = (element: HTMLElement, span: Span) => {
      this.spans.set(element, span);
      const reveal = () => this.callbacks.onReveal(this.spans.get(element) ?? span);
      element.addEventListener("click", reveal);
      element.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") reveal();
      });
      return element;
    };
    const moveTo = (element: HTMLElement, value: { span: Span }) => this.spans.set(element, value.span);
    this.outputs = new IncrementalList(this.outputList, ({ name, value, display }) =>
      // `display: contents` keeps each pair in the grid of the <dl>.
      h("div", { class: "output" }, h("dt", {}, name), h("dd", { "data-output": name, "data-value": String(value) }, display)));
    this.trace = new IncrementalList<Decision["trace"][number]>(
      this.traceList,
      // The step's text names its article already (`第四条（质押融资奖励）：…`).
      (step) => revealOnClick(h("li", { tabindex: 0, role: "button", "data-article": step.article ?? "" }, step.text[this.lang]), step.span),
      moveTo,
    );
    this.exampleItems = new IncrementalList<Extract<ExamplesView, { status: "ran" }>["results"][number]>(
      this.exampleList,
      (example) =>
        revealOnClick(
          h("li", { class: example.passed ? "pass" : "fail", tabindex: 0, role: "button", "data-passed": String(example.passed) },
            h("span", { class: "badge" }, example.passed ? `✓ ${t("passed", this.lang)}` : `✗ ${t("failed", this.lang)}`),
            ` ${example.title}`,
            example.failures.length > 0 ? h("ul", { class: "failures" }, ...example.failures.map((f) => h("li", {}, f[this.lang]))) : null),
          example.span,
        ),
      moveTo,
    );
  }

  restore(state: Partial<PreviewState>): void {
    for (const [name, value] of Object.entries(state.values ?? {})) this.values.set(name, value);
    this.firm = state.firm ?? this.firm;
    this.project = state.project ?? this.project;
    if (state.asOf) {
      this.asOf = state.asOf;
      this.asOfTouched = true;
    }
    this.history = (state.history ?? []).map((row) => {
      const old = row as Partial<HistoryRow> & { year?: string };
      return { rule: old.rule ?? "", date: old.date ?? (old.year ? `${old.year}-01-01` : ""), amount: old.amount ?? "" };
    });
  }

  state(): PreviewState {
    return {
      values: Object.fromEntries(this.fields.map((f) => [f.name, this.values.get(f.name) ?? ""])),
      firm: this.firm,
      project: this.project,
      asOf: this.asOfTouched ? this.asOf : "",
      history: this.history,
    };
  }

  setLang(lang: Lang): void {
    this.lang = lang;
    this.shownEvaluation = "";
    this.shownExamples = "";
    this.fieldsSignature = "";
    if (this.analysis) this.setAnalysis(this.analysis);
    this.renderDecision();
    this.renderExamples();
  }

  /** Regenerates the form only when the fields (names, kinds, choices) changed. */
  setAnalysis(analysis: Analysis): void {
    this.analysis = analysis;
    // The application date is required: the example's, else the first valid day, else 1 January of the version's year (shown in the form).
    const version = analysis.policy?.version ?? "";
    if (!this.asOfTouched) this.asOf = analysis.exampleAsOf ?? analysis.policy?.validFrom ?? (/^\d{4}$/.test(version) ? `${version}-01-01` : "");
    for (const field of analysis.fields) {
      if (!this.values.has(field.name) && field.example !== null) this.values.set(field.name, field.kind === "money" || field.kind === "rate" ? field.example : this.exampleValue(field));
    }
    const signature = JSON.stringify([this.lang, analysis.fields.map((f) => [f.name, f.kind, f.unit, f.values]), analysis.awards]);
    this.fields = analysis.fields;
    if (signature === this.fieldsSignature) return;
    this.fieldsSignature = signature;
    this.renderForm();
    this.renderContext();
    this.renderHistory();
  }

  /**
   * The form's values for the evaluator, as typed (`500万元`, `12%`): the runtime reads them and
   * names the field of any it cannot, so the page has no second parser. Empty fields are left out.
   */
  input(): { input: Record<string, unknown>; context: EvalContext } {
    const input: Record<string, unknown> = {};
    for (const field of this.fields) {
      const raw = (this.values.get(field.name) ?? "").trim();
      if (field.kind === "bool") input[field.name] = raw === "true";
      else if (raw === "") continue;
      else if (field.kind === "rate" && !/[%％]$/.test(raw)) input[field.name] = `${raw}%`;
      else if (field.kind === "year" && /^\d+$/.test(raw)) input[field.name] = Number(raw);
      else input[field.name] = raw;
    }
    const policy = this.analysis?.policy;
    const history: Grant[] = this.history
      .filter((row) => row.rule !== "" || row.amount.trim() !== "")
      .map((row, k) => ({
        // The runtime derives the policy's id from its title (full-width forms and spaces aside).
        policy: policy?.title ?? "",
        version: policy?.version ?? "",
        article: this.analysis?.awards.find((a) => a.name === row.rule)?.article ?? "",
        rule: row.rule,
        firm: this.firmName(),
        project: this.projectName(),
        // Each row is one grant: equal rows are two grants, not a row typed twice.
        application: `form-${k + 1}`,
        date: row.date,
        amount: row.amount.trim(),
      }));
    const context: EvalContext = {
      firm: this.firmName(),
      project: this.projectName(),
      ...(this.asOf ? { asOf: this.asOf } : {}),
      history,
    };
    return { input, context };
  }

  /** Re-renders only when the decision changed: typing a comment repaints nothing here. */
  showEvaluation(view: EvaluationView): void {
    const invalid = new Set(view.status === "invalid" ? view.errors.map((e) => e.field) : []);
    for (const control of this.formSection.querySelectorAll<HTMLElement>("[data-field]")) {
      control.classList.toggle("invalid", invalid.has(control.dataset["field"] ?? ""));
    }
    const key = JSON.stringify(view);
    if (key === this.shownEvaluation) return;
    this.shownEvaluation = key;
    this.evaluation = view;
    this.renderDecision();
  }

  showExamples(view: ExamplesView): void {
    const key = JSON.stringify(view);
    if (key === this.shownExamples) return;
    this.shownExamples = key;
    this.examples = view;
    this.renderExamples();
  }

  // ---------------------------------------------------------------- form

  /** Like the firm, one project stands for the application when none is typed (per-project caps need an id). */
  private projectName(): string {
    return this.project || (this.lang === "zh" ? "示例项目" : "Example project");
  }

  private firmName(): string {
    return this.firm || (this.lang === "zh" ? "示例企业" : "Example firm");
  }

  private exampleValue(field: FieldView): string {
    const written = (field.example ?? "").trim();
    if (field.kind === "bool") return String(TRUE_WORDS.has(written.toLowerCase()));
    return written.replace(/^["“]|["”]$/g, "");
  }

  private renderForm(): void {
    const lang = this.lang;
    const heading = h("h3", {}, t("application", lang), this.analysis?.policy ? h("span", { class: "muted" }, ` · ${this.analysis.policy.title}`) : null);
    if (this.fields.length === 0) {
      this.formSection.replaceChildren(heading, h("p", { class: "muted" }, t("noApplication", lang)));
      return;
    }
    const grid = h("div", { class: "field-grid" });
    for (const field of this.fields) grid.append(...this.fieldRow(field));
    this.formSection.replaceChildren(heading, grid);
  }

  private fieldRow(field: FieldView): HTMLElement[] {
    const id = `field-${encodeURIComponent(field.name)}`;
    const label = h("label", { for: id, class: "field-label", title: field.description ?? field.name }, field.name);
    const raw = this.values.get(field.name) ?? "";
    const set = (value: string) => {
      this.values.set(field.name, value);
      this.callbacks.onChange();
    };
    let control: HTMLElement;
    switch (field.kind) {
      case "bool": {
        const on = raw === "true";
        const toggle = h("button", { id, type: "button", role: "switch", class: "toggle", "aria-checked": String(on), "data-field": field.name },
          h("span", { class: "toggle-track" }, h("span", { class: "toggle-thumb" })),
          h("span", { class: "toggle-text" }, on ? t("yes", this.lang) : t("no", this.lang)));
        toggle.addEventListener("click", () => {
          const next = toggle.getAttribute("aria-checked") !== "true";
          toggle.setAttribute("aria-checked", String(next));
          (toggle.querySelector(".toggle-text") as HTMLElement).textContent = next ? t("yes", this.lang) : t("no", this.lang);
          set(String(next));
        });
        control = toggle;
        break;
      }
      case "enum": {
        if (field.values.length <= 4 && field.values.join("").length <= 14) {
          const group = h("div", { id, role: "radiogroup", class: "segmented", "data-field": field.name });
          for (const value of field.values) {
            const option = h("button", { type: "button", role: "radio", "aria-checked": String(raw === value) }, value);
            option.addEventListener("click", () => {
              for (const other of group.children) other.setAttribute("aria-checked", String(other === option));
              set(value);
            });
            group.append(option);
          }
          control = group;
        } else {
          const select = h("select", { id, "data-field": field.name }, h("option", { value: "" }, t("choose", this.lang)), ...field.values.map((v) => h("option", { value: v, selected: raw === v }, v)));
          select.addEventListener("change", () => set(select.value));
          control = select;
        }
        break;
      }
      case "date": {
        const input = h("input", { id, type: "date", value: raw, "data-field": field.name });
        input.addEventListener("input", () => set(input.value));
        control = input;
        break;
      }
      default: {
        const input = h("input", {
          id,
          type: "text",
          inputmode: field.kind === "text" ? undefined : "decimal",
          value: raw,
          autocomplete: "off",
          spellcheck: "false",
          "data-field": field.name,
          placeholder: field.kind === "money" ? (this.lang === "zh" ? "例如 500万元" : "e.g. 500万元 or 5000000") : "",
        });
        input.addEventListener("input", () => set(input.value));
        control = field.unit && field.kind !== "money" ? h("div", { class: "with-unit" }, input, h("span", { class: "unit" }, field.unit)) : input;
      }
    }
    return [label, h("div", { class: "field-control" }, control)];
  }

  private renderContext(): void {
    const lang = this.lang;
    const text = (id: string, label: string, value: string, type: string, onInput: (v: string) => void, placeholder = "") => {
      const input = h("input", { id, type, value, placeholder, autocomplete: "off" });
      input.addEventListener("input", () => {
        onInput(input.value);
        this.callbacks.onChange();
      });
      return [h("label", { for: id, class: "field-label" }, label), h("div", { class: "field-control" }, input)];
    };
    this.contextSection.replaceChildren(
      h("div", { class: "field-grid", "aria-label": t("context", lang) },
        ...text("context-firm", t("firm", lang), this.firm, "text", (v) => (this.firm = v), this.firmName()),
        ...text("context-asof", t("asOf", lang), this.asOf, "date", (v) => {
          this.asOf = v;
          this.asOfTouched = true;
        }),
      ),
    );
  }

  private renderHistory(): void {
    const lang = this.lang;
    const awards = this.analysis?.awards ?? [];
    const rows = this.history.map((row, index) => {
      const award = h("select", { "aria-label": t("rule", lang) }, h("option", { value: "" }, t("choose", lang)),
        ...awards.map((a) => h("option", { value: a.name, selected: a.name === row.rule }, `${a.article} ${a.name}`)));
      const date = h("input", { type: "date", value: row.date, "aria-label": t("grantDate", lang), class: "date" });
      const amount = h("input", { type: "text", value: row.amount, placeholder: "7万元", "aria-label": t("amount", lang), class: "amount" });
      const remove = h("button", { type: "button", class: "link-button", title: t("remove", lang) }, "✕");
      const changed = () => {
        row.rule = award.value;
        row.date = date.value;
        row.amount = amount.value;
        this.callbacks.onChange();
      };
      award.addEventListener("change", changed);
      date.addEventListener("input", changed);
      amount.addEventListener("input", changed);
      remove.addEventListener("click", () => {
        this.history.splice(index, 1);
        this.renderHistory();
        this.callbacks.onChange();
      });
      return h("div", { class: "history-row" }, award, date, amount, remove);
    });
    const add = h("button", { type: "button", class: "secondary" }, `＋ ${t("addGrant", lang)}`);
    add.addEventListener("click", () => {
      const year = (this.asOf || "2022").slice(0, 4);
      this.history.push({ rule: awards[0]?.name ?? "", date: `${Number(year) - 1}-01-01`, amount: "" });
      this.historySection.open = true;
      this.renderHistory();
      this.callbacks.onChange();
    });
    const open = this.historySection.open || this.history.length > 0;
    this.historySection.replaceChildren(h("summary", {}, t("history", lang), h("span", { class: "muted" }, t("historyCount", lang)(this.history.length))), ...rows, add);
    this.historySection.open = open;
  }

  // ---------------------------------------------------------------- decision

  private renderDecision(): void {
    const lang = this.lang;
    const view = this.evaluation;
    const heading = h("h3", {}, t("decision", lang));
    if (!view) {
      this.decisionSection.replaceChildren(heading, h("p", { class: "muted" }, t("loading", lang)));
      return;
    }
    switch (view.status) {
      case "blocked":
        this.decisionSection.replaceChildren(heading, h("p", { class: "notice", "data-testid": "evaluation-blocked" }, t("blocked", lang)));
        return;
      case "failed":
        this.decisionSection.replaceChildren(heading, h("p", { class: "notice error" }, `${t("failedEval", lang)}: ${view.message}`));
        return;
      case "invalid":
        this.decisionSection.replaceChildren(
          heading,
          h("p", { class: "notice error", "data-testid": "evaluation-invalid" }, t("invalid", lang)),
          h("ul", { class: "errors" }, ...view.errors.map((e) => h("li", {}, h("strong", {}, e.field), `${lang === "zh" ? "：" : ": "}${e.message[lang]}`))),
        );
        return;
      case "decided":
        this.decisionSection.replaceChildren(heading, ...this.decisionBody(view.decision));
    }
  }

  private decisionBody(decision: Decision): HTMLElement[] {
    const lang = this.lang;
    const yuan = (amount: string) => `${groupDigits(amount)} ${lang === "zh" ? "元" : "yuan"}`;
    const outcome = h("div", { class: `outcome ${decision.outcome}`, "data-testid": "outcome", "data-outcome": decision.outcome }, OUTCOME_TEXT[decision.outcome][lang]);

    const grants = decision.grants;
    const total = grants.reduce((sum, g) => addDecimals(sum, g.amount), "0.00");
    const grantTable = h("table", { class: "grants", "data-testid": "grants" },
      h("thead", {}, h("tr", {}, h("th", {}, t("grants", lang)), h("th", {}, t("payer", lang)), h("th", { class: "num" }, t("amount", lang)))),
      h("tbody", {}, ...grants.flatMap((g) => {
        const main = h("tr", { "data-rule": g.rule }, h("td", {}, h("span", { class: "article" }, g.article), ` ${g.rule}`), h("td", {}, ""), h("td", { class: "num amount", "data-amount": g.amount }, yuan(g.amount)));
        const payers = (g.payers ?? []).map((p) => h("tr", { class: "payer", "data-payer": p.payer }, h("td", {}, ""), h("td", {}, p.payer), h("td", { class: "num", "data-amount": p.amount }, yuan(p.amount))));
        return [main, ...payers];
      })),
      grants.length > 1 ? h("tfoot", {}, h("tr", {}, h("td", {}, t("total", lang)), h("td", {}, ""), h("td", { class: "num", "data-testid": "total", "data-amount": total }, yuan(total)))) : null,
    );

    // Earlier grants the evaluation did not count (dated later, another firm) are listed with the reasons.
    const reasons = decision.reasons.length + decision.warnings.length > 0
      ? h("ul", { class: "reasons", "data-testid": "reasons" }, ...decision.reasons.map((r) => h("li", {}, h("span", { class: "article" }, r.article), ` ${r.message[lang]}`)), ...decision.warnings.map((w) => h("li", { class: "warning" }, h("span", { class: "article" }, w.code), ` ${w.field}: ${w.message[lang]}`)))
      : null;
    const clawbacks = decision.clawbacks.length > 0
      ? h("ul", { class: "reasons clawbacks" }, ...decision.clawbacks.map((g) => h("li", {}, h("span", { class: "article" }, g.article), ` ${t("clawback", lang)} ${g.rule} ${g.date} · ${yuan(g.amount)}`)))
      : null;

    // Amounts granted are in the table above; the other results (eligibility, deadlines…) here.
    const granted = new Set(grants.map((g) => g.rule));
    const outputs = Object.entries(decision.outputs).filter(([name]) => !granted.has(name));
    this.outputs.draw(keyed(outputs.map(([name, value]) => ({ name, value, display: decision.displays[name]?.[lang] ?? String(value) })), (o) => `${o.name}\u0000${String(o.value)}\u0000${o.display}`));
    this.traceList.title = t("traceHint", lang);
    this.trace.draw(keyed(decision.trace, (step) => `${lang}\u0000${step.article ?? ""}\u0000${step.text[lang]}`));

    const parts: (HTMLElement | null)[] = [
      h("div", { class: "decision-head" }, outcome, grants.length > 0 ? h("div", { class: "decision-total" }, h("span", { class: "muted" }, t("total", lang)), " ", h("strong", { "data-testid": "decision-total", "data-amount": total }, yuan(total))) : null),
      reasons,
      clawbacks,
      grants.length > 0 ? grantTable : null,
      outputs.length > 0 ? h("h4", {}, t("outputs", lang)) : null,
      outputs.length > 0 ? this.outputList : null,
      h("h4", {}, t("trace", lang), h("span", { class: "muted small" }, ` · ${t("traceHint", lang)}`)),
      this.traceList,
    ];
    return parts.filter((e): e is HTMLElement => e !== null);
  }

  private renderExamples(): void {
    const lang = this.lang;
    const view = this.examples;
    const heading = h("h3", {}, t("examples", lang));
    if (!view) {
      this.examplesSection.replaceChildren(heading);
      return;
    }
    if (view.status === "blocked") {
      this.examplesSection.replaceChildren(heading, h("p", { class: "muted" }, t("examplesBlocked", lang)));
      return;
    }
    if (view.results.length === 0) {
      this.examplesSection.replaceChildren(heading, h("p", { class: "muted" }, t("noExamples", lang)));
      return;
    }
    this.exampleItems.draw(keyed(view.results, (example) => `${lang}\u0000${JSON.stringify([example.title, example.passed, example.failures])}`));
    this.examplesSection.replaceChildren(heading, this.exampleList);
  }
}

/** Adds two non-negative yuan amounts written as decimal strings, exactly (to the fen). */
function addDecimals(a: string, b: string): string {
  const fen = (x: string) => {
    const [whole = "0", fraction = ""] = x.split(".");
    return BigInt(whole + fraction.padEnd(2, "0").slice(0, 2));
  };
  const sum = fen(a) + fen(b);
  const text = sum.toString().padStart(3, "0");
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}
