/**
 * The one reader of application files: a CSV file with a header row, or JSON Lines. `kuan run`
 * (the ledger), `kuan diff --population` and the playground all read applications through it.
 * This core imports nothing from node:* (the browser uses it); node.ts reads files.
 *
 * API: array, not streaming. `parseApplications(text, inputs, options)` returns every valid
 * application and every problem, each problem naming its line (1-based, the line where the row
 * starts; the header is line 1) and field. A whole file is needed anyway to process applications
 * in their stated order (date, then id); 100,000 rows take a few tens of MB. Callers with their
 * own source of records (a database, a form) call `readApplicationRecord` per record.
 *
 * Columns (CSV header or JSON keys), Chinese or English: id / 申报编号 (the application's id,
 * unique in the file), firm / 企业, project / 项目 (optional), date / 申报日期 (YYYY-MM-DD),
 * history / 已获 (optional: earlier grants as a JSON array, the `kuan eval --history` shape), and
 * one column per input of the policy, named as the policy names it and read by the runtime's own
 * validation (validateInput), so "500万元", "是", "30000.00" mean what they mean in `kuan eval`.
 * An empty CSV cell is an absent field. In JSON Lines the inputs may also sit under "input".
 */
import Papa from "papaparse";
import { visible as visibleSafe } from "../diagnostics/visible.js";
import { grantsFromJson, MAX_WHOLE_YUAN, parseDate, readInput, validateInput, type Grant, type NamedInputSpec, type RuntimeValue } from "@kuan/runtime/internal";

export type ApplicationFormat = "csv" | "jsonl";

/**
 * How firm ids are checked: `id` — letters, digits and `. _ -` (at most 64, starting with a letter
 * or digit); `uscc` — an 18-character unified social credit code (统一社会信用代码, GB 32100-2015)
 * whose check character is right.
 */
export type FirmFormat = "id" | "uscc";

export interface ReadOptions {
  readonly format: ApplicationFormat;
  readonly firmFormat?: FirmFormat;
}

export interface Application {
  /** The line where the row starts (1-based; the CSV header is line 1). */
  readonly line: number;
  readonly id: string;
  readonly firm: string;
  readonly project?: string;
  /** The application date, YYYY-MM-DD. */
  readonly date: string;
  /** The policy's inputs as given (CSV: text), absent fields left out: what `evaluate` takes. */
  readonly input: Readonly<Record<string, unknown>>;
  /** The same inputs validated by the runtime, keyed by input name. */
  readonly values: Readonly<Record<string, RuntimeValue>>;
  /** Earlier grants given with the row (none: empty). */
  readonly history: readonly Grant[];
}

export interface ApplicationProblem {
  readonly line: number;
  /** The column: `firm`, an input's name, `history[0].amount`, or `(row)` for the row as a whole. */
  readonly field: string;
  /** The row's id when it could be read. */
  readonly id?: string;
  readonly zh: string;
  readonly en: string;
}

export interface ApplicationFile {
  readonly applications: readonly Application[];
  readonly problems: readonly ApplicationProblem[];
  /** Data rows seen (valid or not), empty lines not counted. */
  readonly rows: number;
}

type Standard = "id" | "firm" | "project" | "date" | "history";

/** The standard columns and the names they go by. */
const STANDARD_NAMES: Readonly<Record<string, Standard>> = {
  id: "id",
  申报编号: "id",
  firm: "firm",
  企业: "firm",
  project: "project",
  项目: "project",
  date: "date",
  申报日期: "date",
  history: "history",
  已获: "history",
};

export function standardColumn(name: string): Standard | undefined {
  return Object.prototype.hasOwnProperty.call(STANDARD_NAMES, name) ? STANDARD_NAMES[name] : undefined;
}

/** `.csv` → csv, `.jsonl` / `.ndjson` → jsonl; otherwise a first character `{` means JSON Lines. */
export function detectFormat(fileName: string, text: string): ApplicationFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  return text.replace(/^\uFEFF/, "").trimStart().startsWith("{") ? "jsonl" : "csv";
}

/**
 * Inputs of several policies (the versions of one measure) as one list of columns. The same name
 * must mean the same type everywhere; a clash is a problem naming the input.
 */
export function mergeInputs(policies: readonly { readonly id: string; readonly version: string; readonly inputs: readonly NamedInputSpec[] }[]): { ok: true; inputs: NamedInputSpec[] } | { ok: false; problems: ApplicationProblem[] } {
  const merged = new Map<string, { spec: NamedInputSpec; from: string }>();
  const problems: ApplicationProblem[] = [];
  for (const p of policies) {
    for (const input of p.inputs) {
      const seen = merged.get(input.name);
      const from = `${p.id} ${p.version}`.trim();
      if (!seen) merged.set(input.name, { spec: input, from });
      else if (JSON.stringify(seen.spec.spec) !== JSON.stringify(input.spec)) {
        problems.push({ line: 0, field: input.name, zh: `${seen.from} 与 ${from} 对此申报项的类型不同`, en: `${seen.from} and ${from} give this input different types` });
      }
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, inputs: [...merged.values()].map((m) => m.spec) };
}

// ---------------------------------------------------------------- ids

const USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const LOCAL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Control, format (bidi, zero-width), unassigned and private-use characters, and line breaks. */
const INVISIBLE = /[\p{C}\u2028\u2029]/u;

/** Why a firm id is not of the expected format, or null when it is. */
export function firmProblem(firm: string, format: FirmFormat): { zh: string; en: string } | null {
  if (format === "id") {
    if (LOCAL_ID.test(firm)) return null;
    return { zh: `企业标识“${visible(firm)}”格式不明：只能用字母、数字和 . _ -，至多 64 个字符`, en: `unknown firm format '${visible(firm)}': letters, digits and . _ - only, at most 64 characters` };
  }
  if (firm.length !== 18 || [...firm].some((c) => !USCC_CHARS.includes(c))) {
    return { zh: `企业标识“${visible(firm)}”不是 18 位统一社会信用代码`, en: `unknown firm format '${visible(firm)}': not an 18-character unified social credit code` };
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(firm[i] as string) * (USCC_WEIGHTS[i] as number);
  const check = USCC_CHARS[(31 - (sum % 31)) % 31];
  if (firm[17] !== check) return { zh: `统一社会信用代码“${firm}”校验位不对（应为 ${check}）`, en: `unified social credit code '${firm}' has a wrong check character (should be ${check})` };
  return null;
}

/** Ids and projects: visible text without spaces at either end, at most 128 characters. */
function idProblem(value: string): { zh: string; en: string } | null {
  if (value.length > 128) return { zh: "超过 128 个字符", en: "is longer than 128 characters" };
  if (INVISIBLE.test(value)) return { zh: `含有不可见字符：“${visible(value)}”`, en: `contains invisible characters: '${visible(value)}'` };
  if (value.trim() !== value) return { zh: "首尾不能有空格", en: "must not start or end with spaces" };
  return null;
}

/** Text from the file as it may be printed (the shared visible-safe form), long text cut at 80. */
export function visible(text: string): string {
  return visibleSafe(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

// ---------------------------------------------------------------- records

export interface RecordContext {
  readonly inputs: readonly NamedInputSpec[];
  readonly firmFormat: FirmFormat;
  /** Cells already read, per input (see `quickValue`); created by parseApplications. */
  readonly seen?: Map<string, Map<string, unknown>>;
}

/**
 * A batch repeats the same cells (是, 否, 0, common amounts) thousands of times. The first time a
 * text is seen in a column the runtime reads it (readInput); a valid money or yes/no text is then
 * handed to validateInput as the whole number of yuan or the boolean it means, which validateInput reads
 * without parsing text again and to the same value. Anything else is passed on as written.
 */
function quickValue(value: unknown, spec: NamedInputSpec, seen: Map<string, Map<string, unknown>> | undefined): unknown {
  if (seen === undefined || typeof value !== "string" || (spec.spec.type !== "money" && spec.spec.type !== "bool")) return value;
  let column = seen.get(spec.name);
  if (!column) seen.set(spec.name, (column = new Map()));
  const known = column.get(value);
  if (known !== undefined) return known;
  const parsed = readInput(value, spec.spec);
  let quick: unknown = value;
  if (parsed.ok && typeof parsed.value === "boolean") quick = parsed.value;
  // Whole yuan only: validateInput takes a JSON number of yuan only when it is whole (schema ≡ validator).
  else if (parsed.ok && typeof parsed.value === "number" && parsed.value % 100 === 0 && parsed.value <= MAX_WHOLE_YUAN * 100) quick = parsed.value / 100;
  if (column.size < 10_000) column.set(value, quick);
  return quick;
}

/**
 * One application from a record of column → value (absent columns left out). Every problem is
 * listed, not just the first; an application comes back only when there is none.
 */
export function readApplicationRecord(record: Readonly<Record<string, unknown>>, line: number, ctx: RecordContext): { ok: true; application: Application } | { ok: false; problems: ApplicationProblem[] } {
  const problems: ApplicationProblem[] = [];
  // Plain objects (not Object.create(null)): V8 keeps them fast; "__proto__" is refused below, so
  // no key can reach a prototype.
  const input: Record<string, unknown> = {};
  const standard: Partial<Record<Standard, unknown>> = {};
  const take = (from: Readonly<Record<string, unknown>>): void => {
    for (const key of Object.keys(from)) {
      if (key === "__proto__") problems.push({ line, field: key, zh: "不是本政策的申报项", en: "is not an input of this policy" });
      else input[key] = from[key];
    }
  };
  for (const key of Object.keys(record)) {
    const column = standardColumn(key);
    if (column) standard[column] = record[key];
    else if (key === "__proto__") problems.push({ line, field: key, zh: "不是本政策的申报项", en: "is not an input of this policy" });
    else if (key !== "input") input[key] = record[key];
  }
  const nested = record["input"];
  if (nested !== undefined) {
    if (typeof nested === "object" && nested !== null && !Array.isArray(nested)) take(nested as Record<string, unknown>);
    else problems.push({ line, field: "input", zh: "应为对象", en: "should be an object" });
  }
  const text = (field: Standard, required: boolean): string | undefined => {
    const v = standard[field];
    if (v === undefined) {
      if (required) problems.push({ line, field, zh: "缺少此项", en: "is missing" });
      return undefined;
    }
    if (typeof v !== "string" || v.length === 0) {
      problems.push({ line, field, zh: "应为非空文本", en: "should be non-empty text" });
      return undefined;
    }
    return v;
  };
  const id = text("id", true);
  const at = id !== undefined && idProblem(id) === null ? { id } : {};
  const push = (field: string, why: { zh: string; en: string }): void => void problems.push({ line, field, ...at, zh: why.zh, en: why.en });
  if (id !== undefined) {
    const p = idProblem(id);
    if (p) push("id", p);
  }
  const firm = text("firm", true);
  if (firm !== undefined) {
    const p = firmProblem(firm, ctx.firmFormat);
    if (p) push("firm", p);
  }
  const project = text("project", false);
  if (project !== undefined) {
    const p = idProblem(project);
    if (p) push("project", p);
  }
  const dateText = standard.date;
  let date: string | undefined;
  if (dateText === undefined) push("date", { zh: "缺少此项", en: "is missing" });
  else {
    const parsed = parseDate(dateText);
    if (parsed.ok) date = parsed.value;
    else push("date", parsed);
  }
  let history: readonly Grant[] = [];
  const historyValue = standard.history;
  if (historyValue !== undefined) {
    let value: unknown = historyValue;
    if (typeof historyValue === "string") {
      try {
        value = JSON.parse(historyValue) as unknown;
      } catch {
        push("history", { zh: "应为 JSON 数组（与 kuan eval --history 相同）", en: "should be a JSON array (as kuan eval --history takes)" });
        value = undefined;
      }
    }
    if (value !== undefined) {
      const parsed = grantsFromJson(value);
      if (parsed.ok) history = parsed.grants;
      else for (const e of parsed.errors) push(e.field, e.message);
    }
  }
  let given: Record<string, unknown> = input;
  if (ctx.seen !== undefined) {
    given = { ...input };
    for (const spec of ctx.inputs) if (Object.prototype.hasOwnProperty.call(given, spec.name)) given[spec.name] = quickValue(given[spec.name], spec, ctx.seen);
  }
  const validated = validateInput(ctx.inputs, given);
  const values: Record<string, RuntimeValue> = {};
  if (validated.ok) ctx.inputs.forEach((spec, i) => (values[spec.name] = validated.values[i] ?? null));
  else for (const e of validated.errors) push(e.field, e.message);
  if (problems.length > 0 || id === undefined || firm === undefined || date === undefined) return { ok: false, problems };
  return { ok: true, application: { line, id, firm, ...(project !== undefined ? { project } : {}), date, input, values, history } };
}

// ---------------------------------------------------------------- files

/** Every application of a CSV or JSON Lines text, and every problem, by line and field. */
export function parseApplications(text: string, inputs: readonly NamedInputSpec[], options: ReadOptions): ApplicationFile {
  const ctx: RecordContext = { inputs, firmFormat: options.firmFormat ?? "id", seen: new Map() };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records = options.format === "csv" ? csvRecords(body, inputs) : jsonlRecords(body);
  const applications: Application[] = [];
  const problems: ApplicationProblem[] = [...records.problems];
  const seen = new Map<string, number>();
  for (const { line, record } of records.records) {
    const read = readApplicationRecord(record, line, ctx);
    if (!read.ok) {
      problems.push(...read.problems);
      continue;
    }
    const first = seen.get(read.application.id);
    if (first !== undefined) {
      problems.push({ line, field: "id", id: read.application.id, zh: `申报编号重复（第 ${first} 行已有）`, en: `duplicate application id (already on line ${first})` });
      continue;
    }
    seen.set(read.application.id, line);
    applications.push(read.application);
  }
  problems.sort((a, b) => a.line - b.line);
  return { applications, problems, rows: records.records.length + records.unreadRows };
}

interface Records {
  readonly records: { line: number; record: Record<string, unknown> }[];
  readonly problems: ApplicationProblem[];
  /** Rows that could not be split into fields (counted, reported). */
  readonly unreadRows: number;
}

function csvRecords(text: string, inputs: readonly NamedInputSpec[]): Records {
  const records: { line: number; record: Record<string, unknown> }[] = [];
  const problems: ApplicationProblem[] = [];
  // One line ending throughout, so that line numbers count what an editor shows.
  const normal = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  let header: string[] | null = null;
  let line = 1;
  let cursor = 0;
  let unreadRows = 0;
  const known = new Set(inputs.map((i) => i.name));
  Papa.parse<string[]>(normal, {
    delimiter: ",",
    newline: "\n",
    step: (result) => {
      const start = line;
      const end = result.meta.cursor;
      for (let i = normal.indexOf("\n", cursor); i !== -1 && i < end; i = normal.indexOf("\n", i + 1)) line++;
      cursor = end;
      const row = result.data;
      if (row.length === 1 && row[0] === "") return;
      if (result.errors.length > 0) {
        unreadRows++;
        for (const e of result.errors) problems.push({ line: start, field: "(row)", zh: `CSV 格式有误：${e.message}`, en: `bad CSV: ${e.message}` });
        return;
      }
      if (header === null) {
        header = row.map((h) => h.trim());
        const seen = new Set<string>();
        for (const name of header) {
          if (seen.has(name)) problems.push({ line: start, field: visible(name), zh: "表头中此列重复", en: "this column appears twice in the header" });
          seen.add(name);
          if (!standardColumn(name) && !known.has(name)) problems.push({ line: start, field: visible(name), zh: "不是本政策的申报项，也不是 id、firm、project、date、history 之一", en: "is not an input of the policy, nor one of id, firm, project, date, history" });
        }
        return;
      }
      if (row.length !== header.length) {
        unreadRows++;
        problems.push({ line: start, field: "(row)", zh: `有 ${row.length} 列，表头有 ${header.length} 列`, en: `has ${row.length} fields, the header has ${header.length}` });
        return;
      }
      const record: Record<string, unknown> = {};
      for (let i = 0; i < header.length; i++) {
        const cell = row[i] as string;
        if (cell !== "") record[header[i] as string] = cell;
      }
      records.push({ line: start, record });
    },
  });
  if (header === null) problems.push({ line: 1, field: "(header)", zh: "文件为空：第一行应为表头", en: "the file is empty: the first line should be the header" });
  // A header problem makes every row unreadable: report it, read no row.
  if (problems.some((p) => p.line === 1)) return { records: [], problems, unreadRows: unreadRows + records.length };
  return { records, problems, unreadRows };
}

function jsonlRecords(text: string): Records {
  const records: { line: number; record: Record<string, unknown> }[] = [];
  const problems: ApplicationProblem[] = [];
  let unreadRows = 0;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] as string).trim();
    if (raw === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(raw) as unknown;
    } catch (error) {
      unreadRows++;
      problems.push({ line: i + 1, field: "(row)", zh: `不是有效的 JSON：${(error as Error).message}`, en: `not valid JSON: ${(error as Error).message}` });
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      unreadRows++;
      problems.push({ line: i + 1, field: "(row)", zh: "每行应为一个 JSON 对象", en: "each line should be a JSON object" });
      continue;
    }
    const record = value as Record<string, unknown>;
    // A JSON null is an absent field, as an empty CSV cell is.
    for (const key of Object.keys(record)) if (record[key] === null) delete record[key];
    records.push({ line: i + 1, record });
  }
  return { records, problems, unreadRows };
}

/** Applications in the order they are processed: application date, then id (code-unit order). */
export function processingOrder(applications: readonly Application[]): Application[] {
  return [...applications].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
