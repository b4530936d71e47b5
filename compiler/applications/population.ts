/**
 * A population read for bulk work over millions of applications (`kuan diff --population`): the
 * same file, rows, values and problems as parseApplications, kept as one array per field (and one
 * list of input values per application) instead of an object with records per application.
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
import { grantsFromJson } from "@kuan/runtime/internal";
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
  /**
   * Per application, its inputs' values (in `inputs` order) as validateInput reads them: one list
   * per row, which an evaluation whose inputs are in the same order takes as it is.
   */
  readonly values: readonly (readonly RuntimeValue[])[];
}

export interface PopulationFile {
  readonly population: Population;
  readonly problems: readonly ApplicationProblem[];
  /** Data rows seen (valid or not), empty lines not counted. */
  readonly rows: number;
}

class Builder {
  readonly lines: number[] = [];
  readonly ids: string[] = [];
  readonly firms: string[] = [];
  readonly projects: (string | undefined)[] = [];
  readonly dates: string[] = [];
  readonly histories: (readonly Grant[])[] = [];
  readonly values: (readonly RuntimeValue[])[] = [];
  /** The first line of each application id. */
  private readonly seen = new Map<string, number>();

  constructor(readonly inputs: readonly NamedInputSpec[]) {}

  /** Whether the id is new (else the duplicate is a problem, as parseApplications says it). */
  fresh(id: string, line: number, problems: ApplicationProblem[]): boolean {
    const first = this.seen.get(id);
    if (first !== undefined) {
      problems.push({ line, field: "id", id, zh: `申报编号重复（第 ${first} 行已有）`, en: `duplicate application id (already on line ${first})` });
      return false;
    }
    this.seen.set(id, line);
    return true;
  }

  add(a: Application, problems: ApplicationProblem[]): void {
    if (!this.fresh(a.id, a.line, problems)) return;
    this.lines.push(a.line);
    this.ids.push(a.id);
    this.firms.push(a.firm);
    this.projects.push(a.project);
    this.dates.push(a.date);
    this.histories.push(a.history);
    this.values.push(this.inputs.map((spec) => a.values[spec.name] ?? null));
  }

  done(): Population {
    return { inputs: this.inputs, count: this.ids.length, lines: this.lines, ids: this.ids, firms: this.firms, projects: this.projects, dates: this.dates, histories: this.histories, values: this.values };
  }
}

/** Applications read already (parseApplications), as a population. */
export function populationOf(applications: readonly Application[], inputs: readonly NamedInputSpec[]): Population {
  const b = new Builder(inputs);
  const problems: ApplicationProblem[] = [];
  for (const a of applications) b.add(a, problems);
  return b.done();
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
  if (b > a && text.charCodeAt(b - 1) === 0x5143) b--; // 元
  let yuan = 0;
  let i = a;
  for (; i < b; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    yuan = yuan * 10 + c;
  }
  const digits = i - a;
  if (digits === 0 || digits > 13) return -1;
  if (i === b) return yuan * 100;
  const rest = b - i;
  if (rest < 2 || rest > 3 || text.charCodeAt(i) !== 46) return -1;
  const jiao = text.charCodeAt(i + 1) - 48;
  const fen = rest === 3 ? text.charCodeAt(i + 2) - 48 : 0;
  if (jiao < 0 || jiao > 9 || fen < 0 || fen > 9) return -1;
  return yuan * 100 + jiao * 10 + fen;
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
    if (!b.fresh(id, at, problems)) return;
    b.lines.push(at);
    b.ids.push(id);
    b.firms.push(firm);
    b.projects.push(project);
    b.dates.push(date);
    b.histories.push(history);
    b.values.push(values.slice());
  };
  const slow = (cells: readonly string[], at: number): void => {
    const a = readCsvRow(cells, at, roles, cache, problems);
    if (a) b.add(a, problems);
  };
  const bad = (at: number, message: { zh: string; en: string }): void => {
    rows++;
    problems.push({ line: at, field: "(row)", zh: `CSV 格式有误：${message.zh}`, en: `bad CSV: ${message.en}` });
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
        // The cells straight from the text, when the row has the header's width.
        project = undefined;
        history = NO_GRANTS;
        let ok = complete;
        let a = pos;
        for (let c = 0; ok && c < width; c++) {
          let e = c === width - 1 ? end : body.indexOf(",", a);
          if (e === -1 || e > end) {
            ok = false;
            break;
          }
          if (c === width - 1 && body.lastIndexOf(",", end - 1) >= a) ok = false;
          else ok = cell(c, body, a, e);
          a = e + 1;
        }
        if (ok) take(line);
        else slow(body.slice(pos, end).split(","), line);
      }
      pos = end + 1;
      line++;
      continue;
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
  problems.sort((x, y) => x.line - y.line);
  return { population: b.done(), problems, rows };
}
