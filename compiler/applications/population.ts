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
  readonly lines: readonly number[];
  readonly ids: readonly string[];
  readonly firms: readonly string[];
  readonly projects: readonly (string | undefined)[];
  readonly dates: readonly string[];
  readonly histories: readonly (readonly Grant[])[];
  /** Input `k` (of `inputs`) of application `i`, as validateInput reads it. */
  value(i: number, k: number): RuntimeValue;
}

export interface PopulationFile {
  readonly population: Population;
  readonly problems: readonly ApplicationProblem[];
  /** Data rows seen (valid or not), empty lines not counted. */
  readonly rows: number;
}

/**
 * The input values of every row: amounts (fen) and yes/no (1/0) in one Float64Array, row after
 * row; other inputs (rates, counts, dates, text) one array per input. A value that is not of its
 * input's kind (none is, after validateInput) is kept aside, exactly.
 */
class Values {
  private readonly width: number;
  /** Per input: 0 amount, 1 yes/no, 2 any other (in `others`). */
  private readonly kinds: readonly number[];
  private numbers = new Float64Array(1024);
  private readonly others: RuntimeValue[][];
  private readonly aside = new Map<number, RuntimeValue>();
  count = 0;

  constructor(inputs: readonly NamedInputSpec[]) {
    this.width = inputs.length;
    this.kinds = inputs.map((i) => (i.spec.type === "money" ? 0 : i.spec.type === "bool" ? 1 : 2));
    this.others = inputs.map(() => []);
  }

  push(row: readonly RuntimeValue[]): void {
    const w = this.width;
    const at = this.count * w;
    if (at + w > this.numbers.length) {
      const grown = new Float64Array(Math.max(this.numbers.length * 2, at + w));
      grown.set(this.numbers);
      this.numbers = grown;
    }
    for (let k = 0; k < w; k++) {
      const v = row[k] as RuntimeValue;
      const kind = this.kinds[k];
      if (kind === 0 && typeof v === "number") this.numbers[at + k] = v;
      else if (kind === 1 && typeof v === "boolean") this.numbers[at + k] = v ? 1 : 0;
      else if (kind === 2) (this.others[k] as RuntimeValue[])[this.count] = v;
      else {
        this.numbers[at + k] = Number.NaN;
        this.aside.set(at + k, v);
      }
    }
    this.count++;
  }

  at(i: number, k: number): RuntimeValue {
    const kind = this.kinds[k];
    if (kind === 2) return (this.others[k] as RuntimeValue[])[i] ?? null;
    const x = this.numbers[i * this.width + k] as number;
    if (x !== x) return this.aside.get(i * this.width + k) ?? null;
    return kind === 1 ? x === 1 : x;
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
    const values = this.values;
    return { inputs: this.inputs, count: this.ids.length, lines: this.lines, ids: this.ids, firms: this.firms, projects: this.projects, dates: this.dates, histories: this.histories, value: (i, k) => values.at(i, k) };
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
export function readPopulation(text: string, inputs: readonly NamedInputSpec[], options: ReadOptions): PopulationFile {
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
