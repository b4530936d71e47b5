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
import { visible as visibleSafe } from "../diagnostics/visible.js";
import { grantsFromJson, parseDate, validateInput, type Grant, type InputError, type NamedInputSpec, type RuntimeValue } from "@kuan/runtime/internal";

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

export type Standard = "id" | "firm" | "project" | "date" | "history";

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

/** Printable ASCII without spaces: what almost every id is, and needs no further look. */
const PLAIN_ID = /^[\x21-\x7e]{1,128}$/;

/** Ids and projects: visible text without spaces at either end, at most 128 characters. */
function idProblem(value: string): { zh: string; en: string } | null {
  if (PLAIN_ID.test(value)) return null;
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

/** What validateInput makes of one field: its value, or its error. */
type Field = { readonly ok: true; readonly value: RuntimeValue } | { readonly ok: false; readonly error: InputError };

/** Distinct texts remembered per column: enough for every yes/no and common amount, bounded for ids. */
const CACHE_LIMIT = 10_000;

/**
 * What a file's rows repeat, read once: a batch has the same cells (是, 否, 0, common amounts),
 * dates and firms thousands of times. Each input's text is read by the runtime's own validateInput
 * (on that field alone, which is what validateInput does per field), so a cell means exactly what
 * it means in `kuan eval`; values are never changed once made (fen, booleans, strings, decimals), so rows can share them.
 */
export class ReadCache {
  private readonly fields: Map<string, Field>[];
  private readonly absent: (Field | undefined)[];
  private readonly dates = new Map<string, ReturnType<typeof parseDate>>();
  private readonly firms = new Map<string, { zh: string; en: string } | null>();

  constructor(readonly inputs: readonly NamedInputSpec[], readonly firmFormat: FirmFormat) {
    this.fields = inputs.map(() => new Map());
    this.absent = inputs.map(() => undefined);
  }

  /** Input `i` as given (undefined: absent, so its default or "is missing"). */
  field(i: number, given: unknown): Field {
    if (given === undefined) return (this.absent[i] ??= readField(this.inputs[i] as NamedInputSpec, undefined));
    if (typeof given !== "string") return readField(this.inputs[i] as NamedInputSpec, given);
    const column = this.fields[i] as Map<string, Field>;
    let read = column.get(given);
    if (read === undefined) {
      read = readField(this.inputs[i] as NamedInputSpec, given);
      if (column.size < CACHE_LIMIT) column.set(given, read);
    }
    return read;
  }

  date(text: unknown): ReturnType<typeof parseDate> {
    if (typeof text !== "string") return parseDate(text);
    let read = this.dates.get(text);
    if (read === undefined) {
      read = parseDate(text);
      if (this.dates.size < CACHE_LIMIT) this.dates.set(text, read);
    }
    return read;
  }

  firm(firm: string): { zh: string; en: string } | null {
    let read = this.firms.get(firm);
    if (read === undefined) {
      read = firmProblem(firm, this.firmFormat);
      if (this.firms.size < CACHE_LIMIT * 10) this.firms.set(firm, read);
    }
    return read;
  }
}

function readField(spec: NamedInputSpec, given: unknown): Field {
  const one: Record<string, unknown> = {};
  if (given !== undefined) Object.defineProperty(one, spec.name, { value: given, enumerable: true, writable: true, configurable: true });
  const read = validateInput([spec], one);
  if (read.ok) return { ok: true, value: read.values[0] ?? null };
  return { ok: false, error: read.errors[0] as InputError };
}

export interface RecordContext {
  readonly inputs: readonly NamedInputSpec[];
  readonly firmFormat: FirmFormat;
  /** Cells already read (created by parseApplications); without it every cell is read anew. */
  readonly cache?: ReadCache;
}

/** The standard columns of a row, as given. */
export type StandardFields = Partial<Record<Standard, unknown>>;

const NOT_AN_INPUT = { zh: "不是本政策的申报项", en: "is not an input of this policy" };

/**
 * One application from a record of column → value (absent columns left out). Every problem is
 * listed, not just the first; an application comes back only when there is none.
 */
export function readApplicationRecord(record: Readonly<Record<string, unknown>>, line: number, ctx: RecordContext): { ok: true; application: Application } | { ok: false; problems: ApplicationProblem[] } {
  const problems: ApplicationProblem[] = [];
  // Plain objects (not Object.create(null)): V8 keeps them fast; "__proto__" is refused below, so
  // no key can reach a prototype.
  const input: Record<string, unknown> = {};
  const standard: StandardFields = {};
  const take = (from: Readonly<Record<string, unknown>>): void => {
    for (const key of Object.keys(from)) {
      if (key === "__proto__") problems.push({ line, field: key, ...NOT_AN_INPUT });
      else input[key] = from[key];
    }
  };
  for (const key of Object.keys(record)) {
    const column = standardColumn(key);
    if (column) standard[column] = record[key];
    else if (key === "__proto__") problems.push({ line, field: key, ...NOT_AN_INPUT });
    else if (key !== "input") input[key] = record[key];
  }
  const nested = record["input"];
  if (nested !== undefined) {
    if (typeof nested === "object" && nested !== null && !Array.isArray(nested)) take(nested as Record<string, unknown>);
    else problems.push({ line, field: "input", zh: "应为对象", en: "should be an object" });
  }
  const cache = ctx.cache ?? new ReadCache(ctx.inputs, ctx.firmFormat);
  const given = ctx.inputs.map((spec) => (Object.prototype.hasOwnProperty.call(input, spec.name) ? input[spec.name] : undefined));
  // A key that is no input, as validateInput names it (after the inputs' own problems).
  const known = new Set(ctx.inputs.map((s) => s.name));
  const unknown = Object.keys(input).filter((k) => !known.has(k));
  const application = readApplication(standard, input, given, line, cache, problems, unknown);
  return application ? { ok: true, application } : { ok: false, problems };
}

/**
 * The shared part of reading a row: the standard fields checked, every input read (`given`, in
 * the order of the inputs), problems pushed in the order validateInput and the checks find them.
 */
function readApplication(standard: StandardFields, input: Readonly<Record<string, unknown>>, given: readonly unknown[], line: number, cache: ReadCache, problems: ApplicationProblem[], unknown: readonly string[]): Application | null {
  const before = problems.length;
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
  const idWrong = id === undefined ? null : idProblem(id);
  const at = id !== undefined && idWrong === null ? id : undefined;
  const push = (field: string, why: { readonly zh: string; readonly en: string }): void => {
    problems.push(at !== undefined ? { line, field, id: at, zh: why.zh, en: why.en } : { line, field, zh: why.zh, en: why.en });
  };
  if (idWrong) push("id", idWrong);
  const firm = text("firm", true);
  if (firm !== undefined) {
    const p = cache.firm(firm);
    if (p) push("firm", p);
  }
  const project = text("project", false);
  if (project !== undefined) {
    const p = idProblem(project);
    if (p) push("project", p);
  }
  let date: string | undefined;
  if (standard.date === undefined) push("date", { zh: "缺少此项", en: "is missing" });
  else {
    const parsed = cache.date(standard.date);
    if (parsed.ok) date = parsed.value;
    else push("date", parsed);
  }
  let history: readonly Grant[] = NO_GRANTS;
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
  const inputs = cache.inputs;
  const values: Record<string, RuntimeValue> = {};
  for (let i = 0; i < inputs.length; i++) {
    const read = cache.field(i, given[i]);
    if (read.ok) values[(inputs[i] as NamedInputSpec).name] = read.value;
    else push(read.error.field, read.error.message);
  }
  for (const key of unknown) push(key, NOT_AN_INPUT);
  if (problems.length > before || id === undefined || firm === undefined || date === undefined) return null;
  return project !== undefined ? { line, id, firm, project, date, input, values, history } : { line, id, firm, date, input, values, history };
}

const NO_GRANTS: readonly Grant[] = [];

// ---------------------------------------------------------------- files

/** Every application of a CSV or JSON Lines text, and every problem, by line and field. */
export function parseApplications(text: string, inputs: readonly NamedInputSpec[], options: ReadOptions): ApplicationFile {
  const cache = new ReadCache(inputs, options.firmFormat ?? "id");
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const applications: Application[] = [];
  const problems: ApplicationProblem[] = [];
  const seen = new Map<string, number>();
  const add = (application: Application | null, line: number): void => {
    if (application === null) return;
    const first = seen.get(application.id);
    if (first !== undefined) {
      problems.push({ line, field: "id", id: application.id, zh: `申报编号重复（第 ${first} 行已有）`, en: `duplicate application id (already on line ${first})` });
      return;
    }
    seen.set(application.id, line);
    applications.push(application);
  };
  let rows: number;
  if (options.format === "csv") rows = csvApplications(body, cache, problems, add);
  else {
    const records = jsonlRecords(body);
    problems.push(...records.problems);
    const ctx: RecordContext = { inputs, firmFormat: cache.firmFormat, cache };
    for (const { line, record } of records.records) {
      const read = readApplicationRecord(record, line, ctx);
      if (read.ok) add(read.application, line);
      else problems.push(...read.problems);
    }
    rows = records.records.length + records.unreadRows;
  }
  problems.sort((a, b) => a.line - b.line);
  return { applications, problems, rows };
}

/**
 * Splits CSV text (RFC 4180, line endings already \n) into rows: `row(cells, line)` with the line
 * where the row starts, `bad(line, message)` for a row whose quotes are wrong (the rest of that
 * row is skipped; an unclosed quote ends the file). Lines without a quote, nearly all, are split
 * at their commas at once.
 */
export function splitCsv(text: string, row: (cells: string[], line: number) => void, bad: (line: number, message: { zh: string; en: string }) => void): void {
  const n = text.length;
  let pos = 0;
  let line = 1;
  let nextQuote = text.indexOf('"');
  while (pos < n) {
    let end = text.indexOf("\n", pos);
    if (end === -1) end = n;
    if (nextQuote !== -1 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
    if (nextQuote === -1 || nextQuote >= end) {
      row(text.slice(pos, end).split(","), line);
      pos = end + 1;
      line++;
      continue;
    }
    const read = quotedRow(text, pos, line, bad);
    if (read === null) return;
    pos = read.next;
    line = read.nextLine;
    nextQuote = text.indexOf('"', pos);
    if (read.cells !== null) row(read.cells, read.line);
  }
}

const DOUBLED_QUOTE = /""/g;

/**
 * A row with quotes (starting at `pos`, on `line`), field by field; a quoted field may hold
 * commas, quotes ("") and line breaks. `cells` is null for a row whose quotes are wrong (reported
 * by `bad`, the rest of it skipped); null altogether when a quote is not closed (the file ends).
 */
export function quotedRow(text: string, pos: number, line: number, bad: (line: number, message: { zh: string; en: string }) => void): { cells: string[] | null; line: number; next: number; nextLine: number } | null {
  const n = text.length;
  const start = line;
  const cells: string[] = [];
  let i = pos;
  let broken = false;
  for (;;) {
    if (text.charCodeAt(i) === 0x22) {
      // The closing quote: the first not doubled. The field is what lies between, "" read as ".
      let close = text.indexOf('"', i + 1);
      let doubled = false;
      while (close !== -1 && text.charCodeAt(close + 1) === 0x22) {
        doubled = true;
        close = text.indexOf('"', close + 2);
      }
      if (close === -1) {
        bad(start, { zh: "引号没有闭合", en: "a quoted field is not closed" });
        return null;
      }
      const raw = text.slice(i + 1, close);
      const value = doubled ? raw.replace(DOUBLED_QUOTE, '"') : raw;
      i = close + 1;
      for (let k = text.indexOf("\n", pos); k !== -1 && k < i; k = text.indexOf("\n", k + 1)) line++;
      pos = i;
      cells.push(value);
      const after = text.charCodeAt(i);
      if (i < n && after !== 0x2c && after !== 0x0a) {
        bad(start, { zh: "引号之后应为逗号或换行", en: "a closing quote must be followed by a comma or the end of the line" });
        broken = true;
      }
    } else {
      let stop = i;
      while (stop < n) {
        const c = text.charCodeAt(stop);
        if (c === 0x2c || c === 0x0a) break;
        stop++;
      }
      cells.push(text.slice(i, stop));
      i = stop;
    }
    if (broken || i >= n || text.charCodeAt(i) === 0x0a) break;
    i++; // the comma
  }
  if (broken) {
    const skip = text.indexOf("\n", i);
    i = skip === -1 ? n : skip;
  }
  return { cells: broken ? null : cells, line: start, next: i + 1, nextLine: line + 1 };
}

/** The applications of a CSV text, each row read column by column; returns the rows seen. */
function csvApplications(text: string, cache: ReadCache, problems: ApplicationProblem[], add: (a: Application | null, line: number) => void): number {
  // One line ending throughout, so that line numbers count what an editor shows.
  const normal = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  const inputs = cache.inputs;
  const inputIndex = new Map(inputs.map((s, i) => [s.name, i]));
  let header: string[] | null = null;
  let headerBad = false;
  /** Per column: the standard field it is, or the input's index. */
  let roles: (Standard | number)[] = [];
  let rows = 0;
  splitCsv(
    normal,
    (cells, line) => {
      if (cells.length === 1 && cells[0] === "") return;
      if (header === null) {
        const before = problems.length;
        header = cells.map((h) => h.trim());
        const seen = new Set<string>();
        for (const name of header) {
          if (seen.has(name)) problems.push({ line, field: visible(name), zh: "表头中此列重复", en: "this column appears twice in the header" });
          seen.add(name);
          if (!standardColumn(name) && !inputIndex.has(name)) problems.push({ line, field: visible(name), zh: "不是本政策的申报项，也不是 id、firm、project、date、history 之一", en: "is not an input of the policy, nor one of id, firm, project, date, history" });
        }
        headerBad = problems.length > before;
        roles = header.map((name) => standardColumn(name) ?? (inputIndex.get(name) as number));
        return;
      }
      rows++;
      // A header problem makes every row unreadable: report it, read no row.
      if (headerBad) return;
      add(readCsvRow(cells, line, roles, cache, problems), line);
    },
    (line, message) => {
      if (header !== null) rows++;
      problems.push({ line, field: "(row)", zh: `CSV 格式有误：${message.zh}`, en: `bad CSV: ${message.en}` });
    },
  );
  if (header === null) problems.push({ line: 1, field: "(header)", zh: "文件为空：第一行应为表头", en: "the file is empty: the first line should be the header" });
  return rows;
}

const NO_KEYS: readonly string[] = [];

/**
 * One CSV data row read as an application (null: its problems are pushed), its columns' roles
 * given by the header: a standard field, or the index of an input. An empty cell is absent.
 */
export function readCsvRow(cells: readonly string[], line: number, roles: readonly (Standard | number)[], cache: ReadCache, problems: ApplicationProblem[]): Application | null {
  if (cells.length !== roles.length) {
    problems.push({ line, field: "(row)", zh: `有 ${cells.length} 列，表头有 ${roles.length} 列`, en: `has ${cells.length} fields, the header has ${roles.length}` });
    return null;
  }
  const inputs = cache.inputs;
  const standard: StandardFields = {};
  const input: Record<string, unknown> = {};
  const given: (string | undefined)[] = new Array<string | undefined>(inputs.length).fill(undefined);
  for (let c = 0; c < cells.length; c++) {
    const cell = cells[c] as string;
    if (cell === "") continue;
    const role = roles[c] as Standard | number;
    if (typeof role === "number") {
      given[role] = cell;
      input[(inputs[role] as NamedInputSpec).name] = cell;
    } else standard[role] = cell;
  }
  return readApplication(standard, input, given, line, cache, problems, NO_KEYS);
}

interface Records {
  readonly records: { line: number; record: Record<string, unknown> }[];
  readonly problems: ApplicationProblem[];
  /** Rows that could not be split into fields (counted, reported). */
  readonly unreadRows: number;
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
  return processingIndexes(applications).map((i) => applications[i] as Application);
}

/** processingOrder as the applications' places in the list. */
export function processingIndexes(applications: readonly Application[]): number[] {
  // By date first (a round has a few hundred dates), then each day's applications by id: far fewer
  // comparisons of long strings than one sort on both.
  const byDate = new Map<string, number[]>();
  for (let i = 0; i < applications.length; i++) {
    const date = (applications[i] as Application).date;
    const day = byDate.get(date);
    if (day) day.push(i);
    else byDate.set(date, [i]);
  }
  const byId = (i: number, j: number): number => {
    const a = (applications[i] as Application).id;
    const b = (applications[j] as Application).id;
    return a < b ? -1 : a > b ? 1 : 0;
  };
  const ordered: number[] = [];
  for (const date of [...byDate.keys()].sort()) {
    const day = byDate.get(date) as number[];
    if (day.length > 1) day.sort(byId);
    for (const i of day) ordered.push(i);
  }
  return ordered;
}
