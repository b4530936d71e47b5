/**
 * A population read for bulk work over millions of applications (`kuan diff --population`): the
 * same file, rows, values and problems as parseApplications, kept as one array per field (amounts
 * and yes/no in one typed array for all rows) instead of an object with records per application:
 * a million rows are then a few dozen objects for the garbage collector, not tens of millions.
 *
 * A CSV row whose cells all have their common forms (an amount "12345.67" or "12345.67元", a
 * yes/no "true"/"false"/"是"/"否", plain ids, a date as the previous row's, a history of grants)
 * is read straight from the text: an amount digit by digit into integer fen, as parseMoney reads
 * it. Any other cell is read by the cached validateInput (ReadCache), as parseApplications reads
 * it; and a row with any problem at all is read again by parseApplications' own row reader, so its
 * problems are word for word the same. test/diff/fast-impact.test.ts checks the two
 * readers agree.
 */
import type { Grant, NamedInputSpec, RuntimeValue } from "@kuan/runtime/internal";
import { formatYuan, grantsFromJson, plainFenAt } from "@kuan/runtime/internal";
import { parseApplications, quotedRow, readCsvRow, ReadCache, standardColumn, type Application, type ApplicationProblem, type ReadOptions, type Standard } from "./index.js";

export interface Population {
  /** The inputs each application's values give, in this order. */
  readonly inputs: readonly NamedInputSpec[];
  readonly count: number;
  /** Per application, in the file's order: the line where its row starts, and its fields. */
  line(i: number): number;
  id(i: number): string;
  firm(i: number): string;
  project(i: number): string | undefined;
  /** Whether application `i` names a project (project(i) !== undefined, without making the text). */
  hasProject(i: number): boolean;
  date(i: number): string;
  history(i: number): readonly Grant[];
  /** Whether application `i` has earlier grants (history(i).length > 0, without making them). */
  hasHistory(i: number): boolean;
  /**
   * Application i's earlier grants as the byte reader keeps them, without making them (null: not
   * kept so, history(i) has them). One cursor, pointed at row i, reused from call to call.
   */
  grantCells?(i: number): GrantCells | null;
  /** Input `k` (of `inputs`) of application `i`, as validateInput reads it. */
  value(i: number, k: number): RuntimeValue;
  /**
   * The inputs `at[j]` (of `inputs`) of application `i` into `out[j]`: `fallbacks[j]` where
   * `at[j]` is -1 or the application has no value (value(i, at[j]) ?? fallbacks[j]).
   */
  fill(i: number, at: readonly number[], fallbacks: readonly RuntimeValue[], out: RuntimeValue[]): void;
  /**
   * Input `k` of applications from, …, from + n - 1 as numbers into out[0, n): an amount's fen,
   * a yes/no as 1 / 0, NaN where the value is not plain (value(i, k) says what it is). "none"
   * (nothing written) when input k is neither an amount nor a yes/no; "plain" when no value of
   * the population is other than plain (no NaN written), else "some".
   */
  numbers(k: number, from: number, n: number, out: Float64Array): "none" | "plain" | "some";
}

/** The earlier grants of one application (Population.grantCells), field by field, as history(i) would give them. */
export interface GrantCells {
  /** How many (history(i).length). */
  readonly count: number;
  /**
   * A number for field k of grant j (k: 0 policy, 1 version, 2 article, 3 rule, 7 date): the same
   * number, the same text, throughout the population.
   */
  id(j: number, k: 0 | 1 | 2 | 3 | 7): number;
  /** The text of field k of grant j, as history(i)[j] has it (the date as read). */
  text(j: number, k: 0 | 1 | 2 | 3 | 7): string;
  /** The year of grant j's date. */
  year(j: number): number;
  /** Grant j's amount in fen. */
  fen(j: number): number;
  /** Whether field k (4 firm, 5 project, 6 application) is the same in grants j and h (both without it: the same). */
  same(j: number, h: number, k: 4 | 5 | 6): boolean;
  /** Whether grant j's firm (4) or project (5) is the application's own (the same text; no project: false). */
  own(j: number, k: 4 | 5): boolean;
}

export interface PopulationFile {
  readonly population: Population;
  readonly problems: readonly ApplicationProblem[];
  /** Data rows seen (valid or not), empty lines not counted. */
  readonly rows: number;
  /** Given bytes: whether they were read as bytes, or decoded and read as text (anything out of the ordinary). */
  readonly read?: "bytes" | "text";
}

/**
 * The input values of every row: amounts (fen) in one Float64Array, yes/no (1/0) in one
 * Uint8Array, input after input (column k of row i at place[k] * capacity + i of its table, so a
 * column of consecutive rows is one slice); other inputs (rates, counts, dates, text) one array
 * per input. A value that is not of its input's kind (none is, after validateInput) is kept aside,
 * exactly (its place in the table NaN, or 2 for a yes/no).
 */
class Values {
  private readonly width: number;
  /** Per input: 0 amount, 1 yes/no, 2 any other (in `others`). */
  private readonly kinds: readonly number[];
  /** Per input: its column in its table (amounts', yes/no's), -1 for any other. */
  readonly place: readonly number[];
  private readonly amounts: number;
  private readonly flagCount: number;
  /** Rows the table has room for. */
  capacity = 1024;
  private numbers: Float64Array;
  private flags: Uint8Array;
  private readonly others: RuntimeValue[][];
  /** Values kept aside, by k * capacity + i (k the input). */
  private readonly aside = new Map<number, RuntimeValue>();
  count = 0;

  constructor(inputs: readonly NamedInputSpec[]) {
    this.width = inputs.length;
    this.kinds = inputs.map((i) => (i.spec.type === "money" ? 0 : i.spec.type === "bool" ? 1 : 2));
    let amounts = 0;
    let flags = 0;
    this.place = this.kinds.map((kind) => (kind === 0 ? amounts++ : kind === 1 ? flags++ : -1));
    this.amounts = amounts;
    this.flagCount = flags;
    this.others = inputs.map(() => []);
    this.numbers = new Float64Array(this.capacity * amounts);
    this.flags = new Uint8Array(this.capacity * flags);
  }

  /** Room for `rows` rows in all (made once when the count is known or estimated). */
  reserve(rows: number): void {
    if (rows <= this.capacity) return;
    const cap = this.capacity;
    const numbers = new Float64Array(rows * this.amounts);
    for (let k = 0; k < this.amounts; k++) numbers.set(this.numbers.subarray(k * cap, k * cap + this.count), k * rows);
    const flags = new Uint8Array(rows * this.flagCount);
    for (let k = 0; k < this.flagCount; k++) flags.set(this.flags.subarray(k * cap, k * cap + this.count), k * rows);
    for (const [at, v] of [...this.aside]) {
      this.aside.delete(at);
      this.aside.set(Math.floor(at / cap) * rows + (at % cap), v);
    }
    this.numbers = numbers;
    this.flags = flags;
    this.capacity = rows;
  }

  push(row: readonly RuntimeValue[]): void {
    this.begin();
    const cap = this.capacity;
    for (let k = 0; k < this.width; k++) {
      const v = row[k] as RuntimeValue;
      const kind = this.kinds[k];
      const at = (this.place[k] as number) * cap + this.count;
      if (kind === 0 && typeof v === "number") this.numbers[at] = v;
      else if (kind === 1 && typeof v === "boolean") this.flags[at] = v ? 1 : 0;
      else if (kind === 2) (this.others[k] as RuntimeValue[])[this.count] = v;
      else {
        if (kind === 0) this.numbers[at] = Number.NaN;
        else this.flags[at] = 2;
        this.aside.set(k * cap + this.count, v);
      }
    }
    this.count++;
  }

  /** Room for one more row: write an amount at table[place[k] * capacity + count], a yes/no at flagTable[…], then `count++`. */
  begin(): void {
    if (this.count >= this.capacity) this.reserve(this.capacity * 2);
  }

  /** The amounts of every row (valid up to `count` rows; `begin` may replace it). */
  get table(): Float64Array {
    return this.numbers;
  }

  /** The yes/no of every row, 1 / 0 (valid up to `count` rows; `begin` may replace it). */
  get flagTable(): Uint8Array {
    return this.flags;
  }

  /** Sets input `k` (of kind 2) of the row being written. */
  setOther(k: number, v: RuntimeValue): void {
    (this.others[k] as RuntimeValue[])[this.count] = v;
  }

  fill(i: number, at: readonly number[], fallbacks: readonly RuntimeValue[], out: RuntimeValue[]): void {
    for (let j = 0; j < at.length; j++) {
      const k = at[j] as number;
      const v: RuntimeValue = k >= 0 ? this.at(i, k) : null;
      out[j] = v ?? (fallbacks[j] as RuntimeValue);
    }
  }

  numbersOf(k: number, from: number, n: number, out: Float64Array): "none" | "plain" | "some" {
    const kind = this.kinds[k];
    if (kind === 2) return "none";
    const at = (this.place[k] as number) * this.capacity + from;
    if (kind === 0) out.set(this.numbers.subarray(at, at + n));
    else {
      out.set(this.flags.subarray(at, at + n));
      if (this.aside.size > 0) for (let j = 0; j < n; j++) if (out[j] === 2) out[j] = Number.NaN;
    }
    return this.aside.size === 0 ? "plain" : "some";
  }

  at(i: number, k: number): RuntimeValue {
    const kind = this.kinds[k];
    if (kind === 2) return (this.others[k] as RuntimeValue[])[i] ?? null;
    const at = (this.place[k] as number) * this.capacity + i;
    if (kind === 0) {
      const x = this.numbers[at] as number;
      return x !== x ? (this.aside.get(k * this.capacity + i) ?? null) : x;
    }
    const f = this.flags[at] as number;
    return f === 2 ? (this.aside.get(k * this.capacity + i) ?? null) : f === 1;
  }

  /** Keeps the rows marked (in order), drops the others. */
  keep(keep: readonly boolean[]): void {
    const rows: RuntimeValue[][] = [];
    for (let i = 0; i < this.count; i++) if (keep[i]) rows.push(Array.from({ length: this.width }, (_, k) => this.at(i, k)));
    this.count = 0;
    this.aside.clear();
    for (const o of this.others) o.length = 0;
    for (const r of rows) this.push(r);
  }
}

class Builder {
  readonly lines: number[] = [];
  readonly ids: string[] = [];
  readonly firms: string[] = [];
  readonly projects: (string | undefined)[] = [];
  readonly dates: string[] = [];
  readonly histories: (readonly Grant[])[] = [];
  readonly values: Values;

  constructor(readonly inputs: readonly NamedInputSpec[]) {
    this.values = new Values(inputs);
  }

  add(a: Application): void {
    this.lines.push(a.line);
    this.ids.push(a.id);
    this.firms.push(a.firm);
    this.projects.push(a.project);
    this.dates.push(a.date);
    this.histories.push(a.history);
    this.values.push(this.inputs.map((spec) => a.values[spec.name] ?? null));
  }

  /**
   * Takes out every application whose id an earlier one has, each a problem as parseApplications
   * words it. Ids are told apart by a hash first (sorting a million numbers costs far less than a
   * map of a million strings); only ids whose hash repeats are compared.
   */
  private unique(problems: ApplicationProblem[]): void {
    const ids = this.ids;
    const n = ids.length;
    const hashes = new Uint32Array(n);
    for (let i = 0; i < n; i++) hashes[i] = hashOf(ids[i] as string);
    const sorted = hashes.slice().sort();
    const repeated = new Set<number>();
    for (let i = 1; i < n; i++) if (sorted[i] === sorted[i - 1]) repeated.add(sorted[i] as number);
    if (repeated.size === 0) return;
    const first = new Map<string, number>();
    const keep: boolean[] = new Array<boolean>(n).fill(true);
    let dropped = 0;
    for (let i = 0; i < n; i++) {
      if (!repeated.has(hashes[i] as number)) continue;
      const id = ids[i] as string;
      const line = this.lines[i] as number;
      const at = first.get(id);
      if (at === undefined) first.set(id, line);
      else {
        problems.push({ line, field: "id", id, zh: `申报编号重复（第 ${at} 行已有）`, en: `duplicate application id (already on line ${at})` });
        keep[i] = false;
        dropped++;
      }
    }
    if (dropped === 0) return;
    for (const list of [this.lines, this.ids, this.firms, this.projects, this.dates, this.histories] as unknown[][]) {
      let w = 0;
      for (let i = 0; i < n; i++) if (keep[i]) list[w++] = list[i];
      list.length = w;
    }
    this.values.keep(keep);
  }

  done(problems: ApplicationProblem[]): Population {
    this.unique(problems);
    const { values, lines, ids, firms, projects, dates, histories } = this;
    return {
      inputs: this.inputs,
      count: ids.length,
      line: (i) => lines[i] as number,
      id: (i) => ids[i] as string,
      firm: (i) => firms[i] as string,
      project: (i) => projects[i],
      hasProject: (i) => projects[i] !== undefined,
      date: (i) => dates[i] as string,
      history: (i) => histories[i] as readonly Grant[],
      hasHistory: (i) => (histories[i] as readonly Grant[]).length > 0,
      value: (i, k) => values.at(i, k),
      fill: (i, at, fallbacks, out) => values.fill(i, at, fallbacks, out),
      numbers: (k, from, n, out) => values.numbersOf(k, from, n, out),
    };
  }
}

/** FNV-1a over the UTF-16 code units. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Applications read already (parseApplications, which refuses a repeated id), as a population. */
export function populationOf(applications: readonly Application[], inputs: readonly NamedInputSpec[]): Population {
  const b = new Builder(inputs);
  for (const a of applications) b.add(a);
  const repeated: ApplicationProblem[] = [];
  const population = b.done(repeated);
  if (repeated.length > 0) throw new Error(`populationOf: application ids repeat (line ${repeated[0]?.line})`);
  return population;
}

const NO_GRANTS: readonly Grant[] = [];

/** A column's role, as the fast path reads it ("other": any other input, read by the cached validateInput). */
type Kind = Standard | "money" | "bool" | "other";

/** Printable ASCII without spaces, 1–128 characters: an id or project that needs no further look (PLAIN_ID). */
function plainId(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 128) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

/** A firm id of the `id` format (LOCAL_ID): a letter or digit, then letters, digits and `. _ -`, at most 64. */
function localFirm(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 64) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!alnum && (i === 0 || (c !== 46 && c !== 95 && c !== 45))) return false;
  }
  return true;
}

/**
 * An amount in its common text form, read from text[a, b): 1–13 ASCII digits, optionally "." and
 * one or two digits, optionally 元 (what MONEY_TEXT_PATTERN accepts and parseMoney reads so).
 * Returns fen, or -1 for any other form.
 */
function fenAt(text: string, a: number, b: number): number {
  return plainFenAt(text, a, b > a && text.charCodeAt(b - 1) === 0x5143 ? b - 1 : b); // 元
}

/** A yes/no in its common forms from text[a, b): 1 yes, 0 no, -1 any other form. */
function boolAt(text: string, a: number, b: number): number {
  const n = b - a;
  if (n === 1) {
    const c = text.charCodeAt(a);
    return c === 0x662f ? 1 : c === 0x5426 ? 0 : -1; // 是 否
  }
  if (n === 4 && text.startsWith("true", a)) return 1;
  if (n === 5 && text.startsWith("false", a)) return 0;
  return -1;
}

/** The fields of a grant that are text (grantsFromJson's), by name. */
const GRANT_TEXT = new Set(["policy", "version", "article", "rule", "firm", "project", "application", "date", "amount"]);

/**
 * A history cell as a CSV quoted field holds it, read in place: text[a, b) is the field's content,
 * its quotes doubled, and it is a JSON array of flat objects whose values are all text without
 * escapes, with no space between the tokens (as JSON.stringify writes grants). Each is checked as
 * grantsFromJson checks it (known fields, text not blank, a real date, an amount) and made as it
 * makes it. Null for anything else: the general reader then reads the cell.
 */
function grantsAt(text: string, a: number, b: number, date: (t: string) => string | null): Grant[] | null {
  let i = a;
  if (text.charCodeAt(i) !== 0x5b) return null; // [
  i++;
  const grants: Grant[] = [];
  if (text.charCodeAt(i) === 0x5d) return i + 1 === b ? grants : null; // ]
  for (;;) {
    if (text.charCodeAt(i) !== 0x7b) return null; // {
    i++;
    const fields: Record<string, string> = {};
    let count = 0;
    for (;;) {
      // ""key"":""value""
      const key = doubledString(text, i, b);
      if (key === null) return null;
      i = key.next;
      if (text.charCodeAt(i) !== 0x3a) return null; // :
      const value = doubledString(text, i + 1, b);
      if (value === null) return null;
      i = value.next;
      const k = key.text;
      if (!GRANT_TEXT.has(k) || Object.prototype.hasOwnProperty.call(fields, k)) return null;
      const v = value.text;
      // Not blank (grantsFromJson trims): text that starts with a visible ASCII character or a
      // CJK ideograph is not; anything else is the general reader's to judge.
      const first = v.charCodeAt(0);
      if (!((first > 0x20 && first < 0x7f) || (first >= 0x4e00 && first <= 0x9fff))) return null;
      fields[k] = v;
      count++;
      const c = text.charCodeAt(i);
      i++;
      if (c === 0x7d) break; // }
      if (c !== 0x2c) return null; // ,
    }
    const { policy, version, article, rule, firm, project, application } = fields;
    if (policy === undefined || version === undefined || article === undefined || rule === undefined || firm === undefined || fields["date"] === undefined || fields["amount"] === undefined) return null;
    if (count !== 7 + (project !== undefined ? 1 : 0) + (application !== undefined ? 1 : 0)) return null;
    const day = date(fields["date"]);
    const amount = fields["amount"];
    const fen = fenAt(amount, 0, amount.length);
    if (day === null || fen < 0) return null;
    const grant = { policy, version, article, rule, firm } as { -readonly [K in keyof Grant]: Grant[K] };
    if (project !== undefined) grant.project = project;
    if (application !== undefined) grant.application = application;
    grant.date = day;
    grant.amount = formatYuan(fen);
    grants.push(grant);
    const c = text.charCodeAt(i);
    i++;
    if (c === 0x5d) return i === b ? grants : null; // ]
    if (c !== 0x2c) return null;
  }
}

/** A JSON string with its quotes doubled (""text"") at text[i], without escapes; null otherwise. */
function doubledString(text: string, i: number, b: number): { text: string; next: number } | null {
  if (text.charCodeAt(i) !== 0x22 || text.charCodeAt(i + 1) !== 0x22) return null;
  const start = i + 2;
  let close = start;
  // Up to the closing quotes; an escape or a control character (which JSON.parse refuses) is the general reader's.
  for (; close < b; close++) {
    const c = text.charCodeAt(close);
    if (c === 0x22) break;
    if (c === 0x5c || c < 0x20) return null;
  }
  if (close + 1 >= b || text.charCodeAt(close + 1) !== 0x22) return null;
  return { text: text.slice(start, close), next: close + 2 };
}

/**
 * Reads the rows of a CSV text (as parseApplications reads them) into a population; JSON Lines, and a
 * CSV file whose header needs a word (quotes, a problem), go through parseApplications whole.
 */
export function readPopulation(given: string | Uint8Array, inputs: readonly NamedInputSpec[], options: ReadOptions): PopulationFile {
  if (typeof given !== "string") return (options.format === "csv" ? readBytes(given, inputs, options) : null) ?? { ...readPopulation(UTF8.decode(given), inputs, options), read: "text" };
  const text = given;
  const whole = (): PopulationFile => {
    const file = parseApplications(text, inputs, options);
    return { population: populationOf(file.applications, inputs), problems: file.problems, rows: file.rows };
  };
  if (options.format !== "csv") return whole();
  const bom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const body = bom.includes("\r") ? bom.replace(/\r\n?/g, "\n") : bom;
  // The header: the first line that is not empty, plain (no quotes), every column known once.
  let pos = 0;
  let line = 1;
  while (pos < body.length && body.charCodeAt(pos) === 0x0a) {
    pos++;
    line++;
  }
  let headerEnd = body.indexOf("\n", pos);
  if (headerEnd === -1) headerEnd = body.length;
  const headerText = body.slice(pos, headerEnd);
  if (headerText.includes('"')) return whole();
  const header = headerText.split(",").map((h) => h.trim());
  const inputIndex = new Map(inputs.map((s, i) => [s.name, i]));
  if (new Set(header).size !== header.length || header.some((h) => !standardColumn(h) && !inputIndex.has(h))) return whole();
  const roles: (Standard | number)[] = header.map((name) => standardColumn(name) ?? (inputIndex.get(name) as number));
  const kinds: Kind[] = roles.map((r) => {
    if (typeof r !== "number") return r;
    const t = (inputs[r] as NamedInputSpec).spec.type;
    return t === "money" || t === "bool" ? t : "other";
  });
  const firmFormat = options.firmFormat ?? "id";
  const cache = new ReadCache(inputs, firmFormat);
  const problems: ApplicationProblem[] = [];
  const b = new Builder(inputs);
  const width = roles.length;
  // Every input must be in the row (an absent one is its default or a problem: the slow path's).
  const present = new Set(roles.filter((r): r is number => typeof r === "number"));
  const complete = inputs.every((_, i) => present.has(i)) && roles.includes("id") && roles.includes("firm") && roles.includes("date");
  // One row's values, filled cell by cell, taken only when the whole row read plainly.
  const values: RuntimeValue[] = new Array<RuntimeValue>(inputs.length).fill(null);
  let id = "";
  let firm = "";
  let project: string | undefined;
  let date = "";
  let history: readonly Grant[] = NO_GRANTS;
  let lastDateText = "";
  let lastDate = "";

  /** Reads cell `c` from s[a, e); false when the row must be read by the slow path. */
  const cell = (c: number, s: string, a: number, e: number): boolean => {
    const kind = kinds[c] as Kind;
    if (a === e) {
      // Empty: absent. Only a project or history may be.
      if (kind === "project") project = undefined;
      else if (kind === "history") history = NO_GRANTS;
      else return false;
      return true;
    }
    switch (kind) {
      case "money": {
        const fen = fenAt(s, a, e);
        if (fen < 0) return other(c, s.slice(a, e));
        values[roles[c] as number] = fen;
        return true;
      }
      case "bool": {
        const v = boolAt(s, a, e);
        if (v < 0) return other(c, s.slice(a, e));
        values[roles[c] as number] = v === 1;
        return true;
      }
      case "other": return other(c, s.slice(a, e));
      case "id":
        id = s.slice(a, e);
        return plainId(id);
      case "firm":
        firm = s.slice(a, e);
        return firmFormat === "id" ? localFirm(firm) : cache.firm(firm) === null;
      case "project":
        project = s.slice(a, e);
        return plainId(project);
      case "date": {
        // Most rows repeat the previous row's date: compared in place, not cut out.
        if (e - a === lastDateText.length && s.startsWith(lastDateText, a)) {
          date = lastDate;
          return true;
        }
        const t = s.slice(a, e);
        if (t !== lastDateText) {
          const d = cache.date(t);
          if (!d.ok) return false;
          lastDateText = t;
          lastDate = d.value;
        }
        date = lastDate;
        return true;
      }
      case "history": {
        let value: unknown;
        try {
          value = JSON.parse(s.slice(a, e)) as unknown;
        } catch {
          return false;
        }
        const parsed = grantsFromJson(value);
        if (!parsed.ok) return false;
        history = parsed.grants;
        return true;
      }
    }
  };
  const other = (c: number, text: string): boolean => {
    const read = cache.field(roles[c] as number, text);
    if (!read.ok) return false;
    values[roles[c] as number] = read.value;
    return true;
  };
  const take = (at: number): void => {
    b.lines.push(at);
    b.ids.push(id);
    b.firms.push(firm);
    b.projects.push(project);
    b.dates.push(date);
    b.histories.push(history);
    b.values.push(values);
  };
  const slow = (cells: readonly string[], at: number): void => {
    const a = readCsvRow(cells, at, roles, cache, problems);
    if (a) b.add(a);
  };
  const bad = (at: number, message: { zh: string; en: string }): void => {
    rows++;
    problems.push({ line: at, field: "(row)", zh: `CSV 格式有误：${message.zh}`, en: `bad CSV: ${message.en}` });
  };

  /** The first `count` cells, straight from body[from, to) (exactly that many, none quoted); false: the slow path. */
  const plainCells = (from: number, to: number, count: number): boolean => {
    if (!complete) return false;
    let a = from;
    for (let c = 0; c < count; c++) {
      const e = c === count - 1 ? to : body.indexOf(",", a);
      if (e === -1 || e > to) return false;
      if (c === count - 1 && body.lastIndexOf(",", to - 1) >= a) return false;
      if (!cell(c, body, a, e)) return false;
      a = e + 1;
    }
    return true;
  };
  const historyLast = roles[width - 1] === "history";
  const grantDate = (t: string): string | null => {
    const d = cache.date(t);
    return d.ok ? d.value : null;
  };

  let rows = 0;
  const n = body.length;
  pos = headerEnd + 1;
  line++;
  let nextQuote = body.indexOf('"', pos);
  while (pos < n) {
    let end = body.indexOf("\n", pos);
    if (end === -1) end = n;
    if (nextQuote !== -1 && nextQuote < pos) nextQuote = body.indexOf('"', pos);
    if (nextQuote === -1 || nextQuote >= end) {
      if (end > pos) {
        rows++;
        project = undefined;
        history = NO_GRANTS;
        if (plainCells(pos, end, width)) take(line);
        else slow(body.slice(pos, end).split(","), line);
      }
      pos = end + 1;
      line++;
      continue;
    }
    // The one quoted cell is the last, a history of grants (as gen-population and ledgers write
    // it): the others straight from the text, the history read in place.
    if (historyLast && body.charCodeAt(end - 1) === 0x22 && end - 1 > nextQuote && body.charCodeAt(nextQuote - 1) === 0x2c) {
      project = undefined;
      history = NO_GRANTS;
      if (plainCells(pos, nextQuote - 1, width - 1)) {
        const grants = grantsAt(body, nextQuote + 1, end - 1, grantDate);
        if (grants !== null) {
          rows++;
          history = grants;
          take(line);
          pos = end + 1;
          line++;
          continue;
        }
      }
    }
    const read = quotedRow(body, pos, line, bad);
    if (read === null) break;
    pos = read.next;
    line = read.nextLine;
    nextQuote = body.indexOf('"', pos);
    if (read.cells === null) continue;
    const cells = read.cells;
    if (cells.length === 1 && cells[0] === "") continue;
    rows++;
    project = undefined;
    history = NO_GRANTS;
    let ok = complete && cells.length === width;
    for (let c = 0; ok && c < width; c++) {
      const s = cells[c] as string;
      ok = cell(c, s, 0, s.length);
    }
    if (ok) take(read.line);
    else slow(cells, read.line);
  }
  const population = b.done(problems);
  problems.sort((x, y) => x.line - y.line);
  return { population, problems, rows };
}


/** Decodes without taking a byte order mark away (the text reader sees what the file has). */
export const UTF8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** The growing columns of the byte reader (one row a slot). */
class Grow {
  arrays: Uint32Array[];
  size = 0;
  constructor(columns: number) {
    this.arrays = Array.from({ length: columns }, () => new Uint32Array(1024));
  }
  /** Room for `rows` rows. */
  reserve(rows: number): void {
    if (rows <= (this.arrays[0] as Uint32Array).length) return;
    this.arrays = this.arrays.map((a) => {
      const g = new Uint32Array(rows);
      g.set(a);
      return g;
    });
  }

  /** Room for row `n`. */
  room(n: number): void {
    if (n < this.size || n < (this.arrays[0] as Uint32Array).length) return;
    this.arrays = this.arrays.map((a) => {
      const g = new Uint32Array(a.length * 2);
      g.set(a);
      return g;
    });
  }
}

/** Printable ASCII without spaces, 1–128 bytes (plainId on bytes). */
function plainIdBytes(t: Uint8Array, a: number, b: number): boolean {
  const n = b - a;
  if (n === 0 || n > 128) return false;
  for (let i = a; i < b; i++) {
    const c = t[i] as number;
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

/** localFirm on bytes. */
function localFirmBytes(t: Uint8Array, a: number, b: number): boolean {
  const n = b - a;
  if (n === 0 || n > 64) return false;
  for (let i = a; i < b; i++) {
    const c = t[i] as number;
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!alnum && (i === a || (c !== 46 && c !== 95 && c !== 45))) return false;
  }
  return true;
}

/** Keys of a grant (GRANT_TEXT, in its order: grantsAtBytes reads them by index), by their UTF-8 bytes. */
const GRANT_KEYS = [...GRANT_TEXT];
const GRANT_KEY_BYTES = GRANT_KEYS.map((k) => new TextEncoder().encode(k));
/** Each key as a history cell writes it before its value, quotes doubled: `""policy"":""`. */
const GRANT_KEY_LITERALS = GRANT_KEYS.map((k) => new TextEncoder().encode(`""${k}"":""`));
const GRANT_KEY_VIEWS = GRANT_KEY_LITERALS.map((k) => new DataView(k.buffer, k.byteOffset, k.byteLength));

/** Whether x[p, p + n) and y[q, q + n) are the same bytes (both in range), four at a time. */
function sameRun(x: DataView, p: number, y: DataView, q: number, n: number): boolean {
  let i = 0;
  for (; i + 4 <= n; i += 4) if (x.getUint32(p + i, true) !== y.getUint32(q + i, true)) return false;
  for (; i < n; i++) if (x.getUint8(p + i) !== y.getUint8(q + i)) return false;
  return true;
}

/** A field with at most this many texts has each tried in place before its bytes are hashed. */
const FEW_TEXTS = 8;

/**
 * Texts seen before, by their bytes: a history repeats its policy, version, articles, rules and
 * dates on row after row, so each is made once and has a number (found by a hash of its bytes).
 */
class Interned {
  readonly texts: string[] = [];
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private readonly byHash = new Map<number, number[]>();
  private readonly view: DataView;
  constructor(private readonly t: Uint8Array) {
    this.view = new DataView(t.buffer, t.byteOffset, t.byteLength);
  }

  /** The last number given (a history repeats its texts row after row: compared first). */
  private last = -1;

  /**
   * Whether the bytes at t[p] are the last text given followed by `""` inside the cell (p + its
   * length + 1 < b), or, while the field has few texts (FEW_TEXTS), any of them (then the last
   * one): where that text ends (its number is `lastId`), else -1. Each text
   * was checked when it was first read (no quote, escape or control character, a first character
   * that is not blank), so the same bytes need no check again.
   */
  matchLast(p: number, b: number): number {
    const last = this.last;
    if (last < 0) return -1;
    const e = this.matchText(last, p, b);
    if (e >= 0 || this.texts.length > FEW_TEXTS) return e;
    // A field with few texts (an article, a rule): each tried, its number then the last one.
    for (let k = 0; k < this.texts.length; k++) {
      if (k === last) continue;
      const x = this.matchText(k, p, b);
      if (x >= 0) {
        this.last = k;
        return x;
      }
    }
    return -1;
  }

  /** Whether text k's bytes followed by `""` stand at t[p] (before b): where the text ends, else -1. */
  private matchText(k: number, p: number, b: number): number {
    const t = this.t;
    const f = this.from[k] as number;
    const n = (this.to[k] as number) - f;
    const e = p + n;
    if (e + 1 >= b || t[e] !== 0x22 || t[e + 1] !== 0x22) return -1;
    return sameRun(this.view, f, this.view, p, n) ? e : -1;
  }

  get lastId(): number {
    return this.last;
  }

  /** The number of the text t[a, b). */
  id(a: number, b: number): number {
    const t = this.t;
    const n = b - a;
    const last = this.last;
    if (last >= 0) {
      const f = this.from[last] as number;
      if ((this.to[last] as number) - f === n) {
        let i = 0;
        while (i < n && t[f + i] === t[a + i]) i++;
        if (i === n) return last;
      }
    }
    const k = this.lookup(a, b);
    this.last = k;
    return k;
  }

  private lookup(a: number, b: number): number {
    const t = this.t;
    let h = 0x811c9dc5;
    for (let i = a; i < b; i++) h = Math.imul(h ^ (t[i] as number), 0x01000193);
    const n = b - a;
    const same = this.byHash.get(h);
    if (same !== undefined) {
      for (const k of same) {
        const f = this.from[k] as number;
        if ((this.to[k] as number) - f !== n) continue;
        let i = 0;
        while (i < n && t[f + i] === t[a + i]) i++;
        if (i === n) return k;
      }
    }
    const k = this.texts.length;
    this.texts.push(UTF8.decode(t.subarray(a, b)));
    this.from.push(a);
    this.to.push(b);
    if (same !== undefined) same.push(k);
    else this.byHash.set(h, [k]);
    return k;
  }

  text(a: number, b: number): string {
    return this.texts[this.id(a, b)] as string;
  }
}

/**
 * The grants of the byte reader's history cells, kept as where their texts stand (no objects):
 * per grant, the start and end of each of its nine fields (GRANT_KEYS' order; end 0: absent) and
 * its amount in fen. A row's grants are made into objects only when asked for (history(i)).
 */
class GrantTable {
  offsets = new Uint32Array(18 * 1024);
  fen = new Float64Array(1024);
  /** Per grant, the numbers (Interned) of its policy, version, article, rule and date texts. */
  ids = new Int32Array(5 * 1024);
  /** Per grant: 1 its firm is its row's, 2 its project is its row's (both: 3). */
  own = new Uint8Array(1024);
  count = 0;

  /** Room for `grants` grants in all (made once from an estimate). */
  reserve(grants: number): void {
    if (grants <= this.fen.length) return;
    const offsets = new Uint32Array(18 * grants);
    offsets.set(this.offsets.subarray(0, 18 * this.count));
    this.offsets = offsets;
    const fen = new Float64Array(grants);
    fen.set(this.fen.subarray(0, this.count));
    this.fen = fen;
    const ids = new Int32Array(5 * grants);
    ids.set(this.ids.subarray(0, 5 * this.count));
    this.ids = ids;
    const own = new Uint8Array(grants);
    own.set(this.own.subarray(0, this.count));
    this.own = own;
  }

  /** Room for one more grant: its index. */
  next(): number {
    const g = this.count;
    if (g >= this.fen.length) this.reserve(this.fen.length * 2);
    return g;
  }
}

/**
 * grantsAt on the bytes of the quoted cell that starts at t[a] (after its opening quote) and ends
 * its line, before t[b] at the latest (the end of the file; grantsEnd is set to where the cell
 * ends: a carriage return or newline is a control character no value has, so the line's end is
 * the cell's): the same grants, appended to `table` without
 * decoding the cell (each value's bytes are checked as grantsAt checks its text: no escape, no
 * control character, a first character that is visible ASCII or a CJK ideograph; the date as the
 * cache reads it, the amount in plainFenAt's form). Returns how many, or -1 (nothing appended)
 * where grantsAt would give null.
 */
function scanGrants(t: Uint8Array, view: DataView, a: number, b: number, table: GrantTable, interned: readonly Interned[], date: (t: string) => string | null, datesRead: boolean[]): number {
  const first = table.count;
  const fail = (): number => {
    table.count = first;
    return -1;
  };
  let i = a;
  if (t[i] !== 0x5b) return -1; // [
  i++;
  if (t[i] === 0x5d) return closed(t, i + 1, b) ? 0 : -1; // ]
  for (;;) {
    if (t[i] !== 0x7b) return fail(); // {
    const g = table.next();
    const offsets = table.offsets;
    const at = g * 18;
    // A grant as JSON.stringify writes one (its fields in the usual order): read in one pass;
    // any other form by the general loop below, from its start again.
    const next = grantInOrder(t, view, i, b, offsets, at, table.ids, g * 5, interned);
    i = next >= 0 ? next : grantAnyOrder(t, i, b, offsets, at, table.ids, g * 5, interned);
    if (i < 0) return fail();
    const ids = table.ids;
    const day = ids[g * 5 + 4] as number;
    // Each numbered date text read once.
    let dayOk = datesRead[day];
    if (dayOk === undefined) {
      dayOk = date((interned[7] as Interned).texts[day] as string) !== null;
      datesRead[day] = dayOk;
    }
    if (!dayOk) return fail();
    const fen = fenFrom(t, offsets[at + 16] as number);
    if (fen < 0 || fenEnd !== offsets[at + 17]) return fail();
    table.fen[g] = fen;
    table.count = g + 1;
    const c = t[i];
    i++;
    if (c === 0x5d) return closed(t, i, b) ? table.count - first : fail(); // ]
    if (c !== 0x2c) return fail();
  }
}

/** Where the last history cell scanGrants read ends (its line's end). */
let grantsEnd = 0;

/** Whether t[i] is the quote that closes the cell and the line ends after it (grantsEnd set). */
function closed(t: Uint8Array, i: number, n: number): boolean {
  if (i >= n || t[i] !== 0x22 || !(i + 1 === n || t[i + 1] === 0x0a)) return false;
  grantsEnd = i + 1;
  return true;
}

/**
 * One grant at t[i] (its `{`) with its fields in any order, each checked as it is read (a key
 * known and not twice, policy, version, article, rule, firm, date and amount there), up to b:
 * as grantInOrder gives it (where it ends, or -1).
 */
function grantAnyOrder(t: Uint8Array, i: number, b: number, offsets: Uint32Array, at: number, ids: Int32Array, to: number, interned: readonly Interned[]): number {
  i++;
  // Cleared by hand: fill() on so short a range costs more than the 18 stores.
  for (let k = at; k < at + 18; k++) offsets[k] = 0;
  let count = 0;
  for (;;) {
    // ""key"":""value""
    if (t[i] !== 0x22 || t[i + 1] !== 0x22) return -1;
    const ka = i + 2;
    let ke = ka;
    while (ke < b && t[ke] !== 0x22) {
      const c = t[ke] as number;
      if (c === 0x5c || c < 0x20) return -1;
      ke++;
    }
    if (ke + 1 >= b || t[ke + 1] !== 0x22) return -1;
    // The keys in JSON.stringify's order of a grant first (the field after the last one found), then any.
    let key = -1;
    const expected = GRANT_KEY_BYTES[count];
    if (expected !== undefined && expected.length === ke - ka) {
      let j = 0;
      while (j < expected.length && expected[j] === t[ka + j]) j++;
      if (j === expected.length) key = count;
    }
    for (let k = 0; k < 9 && key < 0; k++) {
      const kb = GRANT_KEY_BYTES[k] as Uint8Array;
      if (kb.length !== ke - ka) continue;
      let j = 0;
      while (j < kb.length && kb[j] === t[ka + j]) j++;
      if (j === kb.length) key = k;
    }
    if (key < 0 || offsets[at + 2 * key + 1] !== 0) return -1;
    i = ke + 2;
    if (t[i] !== 0x3a) return -1; // :
    i++;
    if (t[i] !== 0x22 || t[i + 1] !== 0x22) return -1;
    const va = i + 2;
    let ve = va;
    while (ve < b && t[ve] !== 0x22) {
      const c = t[ve] as number;
      if (c === 0x5c || c < 0x20) return -1;
      ve++;
    }
    if (ve + 1 >= b || t[ve + 1] !== 0x22) return -1;
    // Not blank: a visible ASCII character first, or a CJK ideograph (U+4E00–U+9FFF: E4 B8 80 – E9 BF BF).
    const f0 = t[va] as number;
    const f1 = t[va + 1] as number;
    if (!(ve > va && ((f0 > 0x20 && f0 < 0x7f) || (f0 >= 0xe4 && f0 <= 0xe9 && f1 >= (f0 === 0xe4 ? 0xb8 : 0x80) && f1 <= 0xbf && ve - va >= 3 && (t[va + 2] as number) >= 0x80 && (t[va + 2] as number) <= 0xbf)))) return -1;
    offsets[at + 2 * key] = va;
    offsets[at + 2 * key + 1] = ve;
    count++;
    i = ve + 2;
    const c = t[i];
    i++;
    if (c === 0x7d) break; // }
    if (c !== 0x2c) return -1; // ,
  }
  // policy, version, article, rule, firm, date and amount; project and application if given.
  for (const k of [0, 1, 2, 3, 4, 7, 8]) if (offsets[at + 2 * k + 1] === 0) return -1;
  if (count !== 7 + (offsets[at + 11] !== 0 ? 1 : 0) + (offsets[at + 13] !== 0 ? 1 : 0)) return -1;
  for (let f = 0; f < 5; f++) {
    const k = INTERNED_KEYS[f] as number;
    ids[to + f] = (interned[k] as Interned).id(offsets[at + 2 * k] as number, offsets[at + 2 * k + 1] as number);
  }
  return i;
}

/**
 * One grant at t[i] (its `{`) in JSON.stringify's order of a grant's fields (policy, version,
 * article, rule, firm, project if any, application if any, date, amount), up to b: its fields'
 * places into offsets[at, at + 18) (0, 0 for one absent), the numbers of its policy, version,
 * article, rule and date into ids[to, to + 5). Each value checked as scanGrants' general loop
 * checks it (no quote inside, no escape, no control character, a first character visible ASCII
 * or a CJK ideograph), a text the same as the field's last one without a look again. Returns
 * where the grant ends (after its `}`), or -1 for any other form (nothing is numbered then,
 * the general loop reads the grant).
 */
function grantInOrder(t: Uint8Array, view: DataView, i: number, b: number, offsets: Uint32Array, at: number, ids: Int32Array, to: number, interned: readonly Interned[]): number {
  let p = i + 1;
  let fresh = 0;
  for (let k = 0; k < 9; k++) {
    const kn = (GRANT_KEY_LITERALS[k] as Uint8Array).length;
    if (!(p + kn < b && sameRun(view, p, GRANT_KEY_VIEWS[k] as DataView, 0, kn))) {
      // Only a project or an application may be left out.
      if (k === 5 || k === 6) {
        offsets[at + 2 * k] = 0;
        offsets[at + 2 * k + 1] = 0;
        continue;
      }
      return -1;
    }
    const va = p + kn;
    let ve = -1;
    const numbered = k <= 3 || k === 7;
    if (numbered) ve = (interned[k] as Interned).matchLast(va, b);
    if (ve < 0) {
      ve = va;
      for (;;) {
        if (ve >= b) return -1;
        const c = t[ve] as number;
        if (c === 0x22) break;
        if (c === 0x5c || c < 0x20) return -1;
        ve++;
      }
      if (ve + 1 >= b || t[ve + 1] !== 0x22) return -1;
      const f0 = t[va] as number;
      const f1 = t[va + 1] as number;
      if (!(ve > va && ((f0 > 0x20 && f0 < 0x7f) || (f0 >= 0xe4 && f0 <= 0xe9 && f1 >= (f0 === 0xe4 ? 0xb8 : 0x80) && f1 <= 0xbf && ve - va >= 3 && (t[va + 2] as number) >= 0x80 && (t[va + 2] as number) <= 0xbf)))) return -1;
      if (numbered) fresh |= 1 << k;
    }
    offsets[at + 2 * k] = va;
    offsets[at + 2 * k + 1] = ve;
    p = ve + 2;
    // After a value: a comma, or after the amount the grant's end.
    if (t[p] !== (k === 8 ? 0x7d : 0x2c)) return -1;
    p++;
  }
  // The grant is in order: its texts numbered (a text not the field's last one looked up).
  for (let f = 0; f < 5; f++) {
    const k = INTERNED_KEYS[f] as number;
    const names = interned[k] as Interned;
    ids[to + f] = (fresh & (1 << k)) !== 0 ? names.id(offsets[at + 2 * k] as number, offsets[at + 2 * k + 1] as number) : names.lastId;
  }
  return p;
}

/** The byte reader's GrantCells: a cursor over a row's grants in the table. */
class Cells implements GrantCells {
  row = 0;
  first = 0;
  count = 0;
  private readonly years: number[] = [];
  private readonly dates: string[] = [];

  constructor(
    private readonly t: Uint8Array,
    private readonly table: GrantTable,
    private readonly interned: readonly Interned[],
    private readonly date: (t: string) => string | null,
  ) {}

  id(j: number, k: 0 | 1 | 2 | 3 | 7): number {
    return this.table.ids[(this.first + j) * 5 + (k === 7 ? 4 : k)] as number;
  }

  text(j: number, k: 0 | 1 | 2 | 3 | 7): string {
    const id = this.id(j, k);
    if (k !== 7) return (this.interned[k] as Interned).texts[id] as string;
    let d = this.dates[id];
    if (d === undefined) {
      // Checked when the cell was read: a date the cache reads.
      d = this.date((this.interned[7] as Interned).texts[id] as string) as string;
      this.dates[id] = d;
      this.years[id] = Number(d.slice(0, 4));
    }
    return d;
  }

  year(j: number): number {
    const id = this.id(j, 7);
    if (this.years[id] === undefined) this.text(j, 7);
    return this.years[id] as number;
  }

  fen(j: number): number {
    return this.table.fen[this.first + j] as number;
  }

  same(j: number, h: number, k: 4 | 5 | 6): boolean {
    const o = this.table.offsets;
    const a = (this.first + j) * 18 + 2 * k;
    const b = (this.first + h) * 18 + 2 * k;
    return sameBytes(this.t, o[a] as number, o[a + 1] as number, o[b] as number, o[b + 1] as number);
  }

  own(j: number, k: 4 | 5): boolean {
    return ((this.table.own[this.first + j] as number) & (k === 4 ? 1 : 2)) !== 0;
  }
}

/**
 * t[a, b) and t[c, d) decode to the same text (two empty ranges do): the same bytes, or, where
 * either is not ASCII (bytes that are not UTF-8 decode to U+FFFD alike), the same decoded text.
 */
function sameBytes(t: Uint8Array, a: number, b: number, c: number, d: number): boolean {
  if (b - a === d - c) {
    let i = 0;
    while (i < b - a && t[a + i] === t[c + i]) i++;
    if (i === b - a) return true;
  }
  for (let i = a; i < b; i++) if ((t[i] as number) >= 0x80) return UTF8.decode(t.subarray(a, b)) === UTF8.decode(t.subarray(c, d));
  for (let i = c; i < d; i++) if ((t[i] as number) >= 0x80) return UTF8.decode(t.subarray(a, b)) === UTF8.decode(t.subarray(c, d));
  return false;
}

/** The grant fields kept as numbered texts (GRANT_KEYS' indices): policy, version, article, rule, date. */
const INTERNED_KEYS = [0, 1, 2, 3, 7];

/** Grants first, …, first + n - 1 of the table as grantsAt makes them (texts that repeat made once). */
function grantsOf(t: Uint8Array, table: GrantTable, first: number, n: number, interned: readonly Interned[], date: (t: string) => string | null): Grant[] {
  const grants: Grant[] = [];
  const o = table.offsets;
  for (let g = first; g < first + n; g++) {
    const at = g * 18;
    // Firms, projects and applications differ from row to row: made each time.
    const text = (k: number): string => (k >= 4 && k <= 6 ? textAt(t, o[at + 2 * k] as number, o[at + 2 * k + 1] as number) : ((interned[k] as Interned).texts[table.ids[g * 5 + INTERNED_KEYS.indexOf(k)] as number] as string));
    const grant = { policy: text(0), version: text(1), article: text(2), rule: text(3), firm: text(4) } as { -readonly [K in keyof Grant]: Grant[K] };
    if (o[at + 11] !== 0) grant.project = text(5);
    if (o[at + 13] !== 0) grant.application = text(6);
    grant.date = date(text(7)) as string;
    grant.amount = formatYuan(table.fen[g] as number);
    grants.push(grant);
  }
  return grants;
}

/** Where the last fenFrom ended (after its 元, if any). */
let fenEnd = 0;

/**
 * plainFenAt's form read forward from t[a]: 1–13 ASCII digits, optionally "." and one or two
 * digits, optionally 元. Returns fen (and sets fenEnd), or -1 for any other form; the caller checks
 * that the cell ends at fenEnd (else it is the text reader's to read).
 */
function fenFrom(t: Uint8Array, a: number): number {
  let i = a;
  let yuan = 0;
  let d = (t[i] as number) - 48;
  while (d >= 0 && d <= 9 && i - a < 14) {
    yuan = yuan * 10 + d;
    d = (t[++i] as number) - 48;
  }
  const digits = i - a;
  if (digits === 0 || digits > 13) return -1;
  let fen = yuan * 100;
  if (t[i] === 0x2e) {
    const jiao = (t[i + 1] as number) - 48;
    if (!(jiao >= 0 && jiao <= 9)) return -1;
    fen += jiao * 10;
    i += 2;
    const f = (t[i] as number) - 48;
    if (f >= 0 && f <= 9) {
      fen += f;
      i++;
    }
  }
  if (t[i] === 0xe5 && t[i + 1] === 0x85 && t[i + 2] === 0x83) i += 3; // 元
  fenEnd = i;
  return fen;
}

/** t[a, b) against t[c, d), byte by byte: negative, 0 or positive as the first sorts before, with, or after the second. */
function compareBytes(t: Uint8Array, a: number, b: number, c: number, d: number): number {
  const n = Math.min(b - a, d - c);
  for (let i = 0; i < n; i++) {
    const x = (t[a + i] as number) - (t[c + i] as number);
    if (x !== 0) return x;
  }
  return b - a - (d - c);
}

/** UTF-8 bytes as text: short ASCII made directly (a decoder call costs more than the text), anything else decoded. */
function textAt(t: Uint8Array, a: number, b: number): string {
  if (b - a > 32) return UTF8.decode(t.subarray(a, b));
  let s = "";
  for (let i = a; i < b; i++) {
    const c = t[i] as number;
    if (c >= 0x80) return UTF8.decode(t.subarray(a, b));
    s += String.fromCharCode(c);
  }
  return s;
}

/** ASCII bytes as text. */
function ascii(t: Uint8Array, a: number, b: number): string {
  if (b - a > 24) return UTF8.decode(t.subarray(a, b));
  let s = "";
  for (let i = a; i < b; i++) s += String.fromCharCode(t[i] as number);
  return s;
}

/**
 * The fast path of readPopulation on the bytes of a CSV file (UTF-8), for the rows as
 * gen-population and ledgers write them: every cell in its common form (as the text reader's
 * fast path takes it), no quotes but a history of grants as the last cell, no carriage returns,
 * no id twice. Ids, firms and projects stay bytes until asked for; a history is decoded only on
 * the rows that have one. Null for anything else (a cell in another form, a row with a problem):
 * the caller then decodes the whole file and reads the text, so problems are word for word the
 * text reader's.
 */
function readBytes(t: Uint8Array, inputs: readonly NamedInputSpec[], options: ReadOptions): PopulationFile | null {
  const n = t.length;
  // Offsets are kept in 32 bits. A carriage return anywhere is the text reader's (it ends lines).
  if (n >= 0xffffffff) return null;
  let pos = t[0] === 0xef && t[1] === 0xbb && t[2] === 0xbf ? 3 : 0;
  let line = 1;
  while (pos < n && t[pos] === 0x0a) {
    pos++;
    line++;
  }
  let headerEnd = t.indexOf(0x0a, pos);
  if (headerEnd === -1) headerEnd = n;
  const headerText = UTF8.decode(t.subarray(pos, headerEnd));
  if (headerText.includes('"') || headerText.includes("\r")) return null;
  const header = headerText.split(",").map((h) => h.trim());
  const inputIndex = new Map(inputs.map((s, i) => [s.name, i]));
  if (new Set(header).size !== header.length || header.some((h) => !standardColumn(h) && !inputIndex.has(h))) return null;
  const roles: (Standard | number)[] = header.map((name) => standardColumn(name) ?? (inputIndex.get(name) as number));
  const present = new Set(roles.filter((r): r is number => typeof r === "number"));
  if (!inputs.every((_, i) => present.has(i)) || !roles.includes("id") || !roles.includes("firm") || !roles.includes("date")) return null;
  const width = roles.length;
  const historyLast = roles[width - 1] === "history";
  // Per cell: 0 id, 1 firm, 2 project, 3 date, 4 history, 5 money, 6 yes/no, 7 other input.
  const code = roles.map((r) => {
    if (typeof r !== "number") return r === "id" ? 0 : r === "firm" ? 1 : r === "project" ? 2 : r === "date" ? 3 : 4;
    const type = (inputs[r] as NamedInputSpec).spec.type;
    return type === "money" ? 5 : type === "bool" ? 6 : 7;
  });
  const slot = roles.map((r) => (typeof r === "number" ? r : -1));
  const firmFormat = options.firmFormat ?? "id";
  const cache = new ReadCache(inputs, firmFormat);
  const values = new Values(inputs);
  // Per row: line, id [from, to), firm [from, to), project [from, to) (to 0: none), date, history (0: none, else 1 + index).
  // Grants (0: none, else 1 + the first in grantTable) and how many: a quoted history, kept as bytes.
  const LINE = 0, ID = 1, ID_END = 2, FIRM = 3, FIRM_END = 4, PROJECT = 5, PROJECT_END = 6, DATE = 7, HISTORY = 8, GRANTS = 9, GRANTS_N = 10;
  const cols = new Grow(11);
  const grantTable = new GrantTable();
  /** Per numbered date text of the grants: whether the cache reads it as a date. */
  const datesRead: boolean[] = [];
  const dates: string[] = [];
  const histories: (readonly Grant[])[] = [];
  const interned = GRANT_KEYS.map(() => new Interned(t));
  const view = new DataView(t.buffer, t.byteOffset, t.byteLength);
  let lastDateFrom = -1;
  let lastDateTo = -1;
  let rising = true;
  /** Per cell, where its input's column starts in the table (for the table's capacity `offsetsFor`). */
  const at = new Int32Array(width);
  let offsetsFor = -1;
  let lastIdFrom = 0;
  let lastIdTo = 0;
  const grantDate = (s: string): string | null => {
    const d = cache.date(s);
    return d.ok ? d.value : null;
  };

  pos = headerEnd + 1;
  line++;
  // Room for the rows made once, from the lines of the first megabyte (so the columns are not
  // copied as they grow): a few per cent more than the estimate.
  {
    const sample = Math.min(n, pos + (1 << 20));
    let lines = 0;
    for (let i = t.indexOf(0x0a, pos); i !== -1 && i < sample; i = t.indexOf(0x0a, i + 1)) lines++;
    const scale = (n - pos) / Math.max(1, sample - pos);
    const estimate = Math.ceil((lines + 1) * scale * 1.03) + 16;
    values.reserve(estimate);
    cols.reserve(estimate);
    // Grants: the objects (a brace each) of the first megabyte's histories.
    let braces = 0;
    for (let i = t.indexOf(0x7b, pos); i !== -1 && i < sample; i = t.indexOf(0x7b, i + 1)) braces++;
    if (braces > 0) grantTable.reserve(Math.ceil(braces * scale * 1.03) + 16);
  }
  let count = 0;
  while (pos < n) {
    if (t[pos] === 0x0a) {
      pos++;
      line++;
      continue;
    }
    cols.room(count);
    const c0 = cols.arrays;
    values.begin();
    const table = values.table;
    const flags = values.flagTable;
    const stride = values.capacity;
    // Where each cell's input starts in its table (small integers: the stores index it as such).
    if (stride !== offsetsFor) {
      offsetsFor = stride;
      for (let c = 0; c < width; c++) at[c] = (slot[c] as number) < 0 ? -1 : (values.place[slot[c] as number] as number) * stride;
    }
    const base = count;
    (c0[LINE] as Uint32Array)[count] = line;
    (c0[PROJECT_END] as Uint32Array)[count] = 0;
    (c0[HISTORY] as Uint32Array)[count] = 0;
    (c0[GRANTS] as Uint32Array)[count] = 0;
    // Each cell read where it stands, up to the comma after it (the row's end after the last):
    // an amount or a yes/no in its common form as it is scanned; any other cell scanned first.
    let a = pos;
    for (let c = 0; c < width; c++) {
      const last = c === width - 1;
      const kind = code[c] as number;
      let e = -1;
      if (kind === 5) {
        const fen = fenFrom(t, a);
        if (fen >= 0 && (last ? fenEnd === n || t[fenEnd] === 0x0a : t[fenEnd] === 0x2c)) {
          e = fenEnd;
          table[(at[c] as number) + base] = fen;
        }
      } else if (kind === 6) {
        // true, false, 是, 否 by their first four bytes at once (little-endian); near the file's end the general path's.
        let v = -1;
        let i = a;
        if (a + 4 <= n) {
          const w = view.getUint32(a, true);
          if (w === 0x65757274) {
            v = 1; // true
            i = a + 4;
          } else if (w === 0x736c6166 && t[a + 4] === 0x65) {
            v = 0; // false
            i = a + 5;
          } else if ((w & 0xffffff) === 0xaf98e6) {
            v = 1; // 是
            i = a + 3;
          } else if ((w & 0xffffff) === 0xa690e5) {
            v = 0; // 否
            i = a + 3;
          }
        }
        if (v >= 0 && (last ? i === n || t[i] === 0x0a : t[i] === 0x2c)) {
          e = i;
          flags[(at[c] as number) + base] = v;
        }
      } else if (kind === 0 || kind === 2) {
        // An id or a project, scanned once: printable ASCII without spaces or quotes, 1–128 bytes
        // (plainIdBytes; a project may be empty: none). Anything else is the text reader's.
        let i = a;
        for (;;) {
          if (i === n) break;
          const b = t[i] as number;
          if (b === 0x2c || b === 0x0a) break;
          if (b < 0x21 || b > 0x7e || b === 0x22) return null;
          i++;
        }
        if ((last ? i !== n && t[i] !== 0x0a : t[i] !== 0x2c) || i - a > 128) return null;
        if (kind === 0) {
          if (i === a) return null;
          // Whether the ids rise row by row so far (compared with the row before's while both are in the cache).
          if (rising && count > 0) rising = compareBytes(t, lastIdFrom, lastIdTo, a, i) < 0;
          lastIdFrom = a;
          lastIdTo = i;
          (c0[ID] as Uint32Array)[count] = a;
          (c0[ID_END] as Uint32Array)[count] = i;
        } else if (i > a) {
          (c0[PROJECT] as Uint32Array)[count] = a;
          (c0[PROJECT_END] as Uint32Array)[count] = i;
        }
        e = i;
      } else if (kind === 1 && firmFormat === "id") {
        // A firm, scanned once: a letter or digit, then letters, digits and `. _ -`, 1–64 bytes (localFirmBytes).
        let i = a;
        for (;;) {
          if (i === n) break;
          const b = t[i] as number;
          if (b === 0x2c || b === 0x0a) break;
          const alnum = (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122);
          if (!alnum && (i === a || (b !== 46 && b !== 95 && b !== 45))) return null;
          i++;
        }
        if ((last ? i !== n && t[i] !== 0x0a : t[i] !== 0x2c) || i === a || i - a > 64) return null;
        (c0[FIRM] as Uint32Array)[count] = a;
        (c0[FIRM_END] as Uint32Array)[count] = i;
        e = i;
      } else if (kind === 3 && lastDateFrom >= 0) {
        // Most rows repeat the previous row's date: its bytes compared in place, then the cell's end.
        const size = lastDateTo - lastDateFrom;
        const at = a + size;
        let same = at <= n;
        for (let i = 0; same && i < size; i++) if (t[a + i] !== t[lastDateFrom + i]) same = false;
        if (same && (last ? at === n || t[at] === 0x0a : t[at] === 0x2c)) {
          (c0[DATE] as Uint32Array)[count] = dates.length - 1;
          e = at;
        }
      } else if (kind === 4 && last && t[a] === 0x22) {
        // A history of grants, quoted, to the end of the line.
        const first = grantTable.count;
        const found = scanGrants(t, view, a + 1, n, grantTable, interned, grantDate, datesRead);
        if (found < 0) return null;
        const end = grantsEnd;
        if (found > 0) {
          // Whether each grant is this row's firm's and project's (its firm and project cells are read already).
          const o = grantTable.offsets;
          const firmA = (c0[FIRM] as Uint32Array)[count] as number;
          const firmB = (c0[FIRM_END] as Uint32Array)[count] as number;
          const projectB = (c0[PROJECT_END] as Uint32Array)[count] as number;
          const projectA = (c0[PROJECT] as Uint32Array)[count] as number;
          for (let g = first; g < first + found; g++) {
            const at = g * 18;
            let own = 0;
            if (sameBytes(t, o[at + 8] as number, o[at + 9] as number, firmA, firmB)) own |= 1;
            if (projectB !== 0 && o[at + 11] !== 0 && sameBytes(t, o[at + 10] as number, o[at + 11] as number, projectA, projectB)) own |= 2;
            grantTable.own[g] = own;
          }
          (c0[GRANTS] as Uint32Array)[count] = first + 1;
          (c0[GRANTS_N] as Uint32Array)[count] = found;
        }
        a = end;
        break;
      }
      if (e < 0) {
        // Scanned to its end: no quote, no carriage return (the text reader's to read).
        e = a;
        for (;;) {
          if (e === n) break;
          const b = t[e] as number;
          if (b === 0x2c || b === 0x0a) break;
          if (b === 0x22 || b === 0x0d) return null;
          e++;
        }
        if (last ? e !== n && t[e] !== 0x0a : t[e] !== 0x2c) return null;
        if (a === e) {
          // Empty: absent. Only a project or history may be.
          if (kind !== 2 && kind !== 4) return null;
        } else if (kind === 5 || kind === 6) {
          const read = cache.field(slot[c] as number, UTF8.decode(t.subarray(a, e)));
          if (!read.ok || typeof read.value !== (kind === 5 ? "number" : "boolean")) return null;
          if (kind === 5) table[(at[c] as number) + base] = read.value as number;
          else flags[(at[c] as number) + base] = read.value === true ? 1 : 0;
        } else if (kind === 7) {
          const read = cache.field(slot[c] as number, UTF8.decode(t.subarray(a, e)));
          if (!read.ok) return null;
          values.setOther(slot[c] as number, read.value);
        } else if (kind === 0) {
          if (!plainIdBytes(t, a, e)) return null;
          if (rising && count > 0) rising = compareBytes(t, lastIdFrom, lastIdTo, a, e) < 0;
          lastIdFrom = a;
          lastIdTo = e;
          (c0[ID] as Uint32Array)[count] = a;
          (c0[ID_END] as Uint32Array)[count] = e;
        } else if (kind === 1) {
          if (firmFormat === "id" ? !localFirmBytes(t, a, e) : cache.firm(UTF8.decode(t.subarray(a, e))) !== null) return null;
          (c0[FIRM] as Uint32Array)[count] = a;
          (c0[FIRM_END] as Uint32Array)[count] = e;
        } else if (kind === 2) {
          if (!plainIdBytes(t, a, e)) return null;
          (c0[PROJECT] as Uint32Array)[count] = a;
          (c0[PROJECT_END] as Uint32Array)[count] = e;
        } else if (kind === 3) {
          // Most rows repeat the previous row's date: compared in place.
          let same = e - a === lastDateTo - lastDateFrom;
          for (let i = 0; same && i < e - a; i++) if (t[a + i] !== t[lastDateFrom + i]) same = false;
          if (!same) {
            const d = cache.date(UTF8.decode(t.subarray(a, e)));
            if (!d.ok) return null;
            dates.push(d.value);
            lastDateFrom = a;
            lastDateTo = e;
          }
          (c0[DATE] as Uint32Array)[count] = dates.length - 1;
        } else {
          // An unquoted history cell: as the text reader reads it.
          let value: unknown;
          try {
            value = JSON.parse(UTF8.decode(t.subarray(a, e))) as unknown;
          } catch {
            return null;
          }
          const parsed = grantsFromJson(value);
          if (!parsed.ok) return null;
          histories.push(parsed.grants);
          (c0[HISTORY] as Uint32Array)[count] = histories.length;
        }
      }
      a = e + 1;
      if (last) a = e;
    }
    values.count++;
    count++;
    pos = a + 1;
    line++;
  }
  const c = cols.arrays;
  const [lines, idFrom, idTo, firmFrom, firmTo, projectFrom, projectTo, dateOf, historyOf, grantsFrom, grantsCount] = c as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  // No id twice (else the text reader words it). Ids that rise row by row (bytes compared with the
  // row before's) are all different; else an open-addressing table of the ids' hashes, the bytes
  // compared only where two hashes are the same.
  const size = rising ? 1 : 2 ** Math.ceil(Math.log2(Math.max(16, count * 2)));
  const slots = new Int32Array(size);
  const hashes = new Uint32Array(rising ? 0 : count);
  for (let i = 0; i < count && !rising; i++) {
    let h = 0x811c9dc5;
    const a = idFrom[i] as number;
    const e = idTo[i] as number;
    for (let k = a; k < e; k++) h = Math.imul(h ^ (t[k] as number), 0x01000193);
    h >>>= 0;
    hashes[i] = h;
    for (let s = h & (size - 1); ; s = (s + 1) & (size - 1)) {
      const other = slots[s] as number;
      if (other === 0) {
        slots[s] = i + 1;
        break;
      }
      if (hashes[other - 1] === h && sameBytes(t, a, e, idFrom[other - 1] as number, idTo[other - 1] as number)) return null;
    }
  }
  let grantsRow = -1;
  let grantsMade: readonly Grant[] = NO_GRANTS;
  const cells = new Cells(t, grantTable, interned, grantDate);
  let firmRow = -1;
  let firmText = "";
  let projectRow = -1;
  let projectText = "";
  const population: Population = {
    inputs,
    count,
    line: (i) => lines[i] as number,
    id: (i) => ascii(t, idFrom[i] as number, idTo[i] as number),
    // The last row's firm and project made once (both versions ask for them in turn).
    firm: (i) => {
      if (i !== firmRow) {
        firmRow = i;
        firmText = ascii(t, firmFrom[i] as number, firmTo[i] as number);
      }
      return firmText;
    },
    project: (i) => {
      if (projectTo[i] === 0) return undefined;
      if (i !== projectRow) {
        projectRow = i;
        projectText = ascii(t, projectFrom[i] as number, projectTo[i] as number);
      }
      return projectText;
    },
    hasProject: (i) => projectTo[i] !== 0,
    date: (i) => dates[dateOf[i] as number] as string,
    history: (i) => {
      if (grantsFrom[i] !== 0) {
        // Made when asked for; the last row's kept (both versions ask in turn).
        if (i !== grantsRow) {
          grantsRow = i;
          grantsMade = grantsOf(t, grantTable, (grantsFrom[i] as number) - 1, grantsCount[i] as number, interned, grantDate);
        }
        return grantsMade;
      }
      return historyOf[i] === 0 ? NO_GRANTS : (histories[(historyOf[i] as number) - 1] as readonly Grant[]);
    },
    hasHistory: (i) => grantsFrom[i] !== 0 || historyOf[i] !== 0,
    grantCells: (i) => {
      if (grantsFrom[i] === 0) return null;
      cells.row = i;
      cells.first = (grantsFrom[i] as number) - 1;
      cells.count = grantsCount[i] as number;
      return cells;
    },
    value: (i, k) => values.at(i, k),
    fill: (i, at, fallbacks, out) => values.fill(i, at, fallbacks, out),
    numbers: (k, from, n, out) => values.numbersOf(k, from, n, out),
  };
  return { population, problems: [], rows: count, read: "bytes" };
}
