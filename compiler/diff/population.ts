/**
 * Reading a population of applications: CSV with a header row, or JSON Lines (one object a line).
 * Every problem names its line and field; nothing is guessed. Columns `firm`, `project`, `date`
 * and `history` are optional; every other column is an input (by either version's name).
 */

export interface PopulationRow {
  /** 1-based line in the file (the header is line 1 of a CSV). */
  readonly line: number;
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface PopulationError {
  readonly line: number;
  readonly field: string | null;
  readonly zh: string;
  readonly en: string;
}

export interface Population {
  readonly format: "csv" | "jsonl";
  readonly columns: readonly string[];
  readonly rows: readonly PopulationRow[];
  readonly errors: readonly PopulationError[];
}

/** CSV fields of one record (RFC 4180 quotes), starting at `at`; returns the fields and the next offset. */
function csvRecord(text: string, at: number): { fields: string[]; next: number; line: number; unterminated: boolean } {
  const fields: string[] = [];
  let field = "";
  let i = at;
  let lines = 0;
  let quoted = false;
  let started = true;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (ch === "\n") lines++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && started && field === "") {
      quoted = true;
      i++;
      continue;
    }
    if (ch === ",") {
      fields.push(field);
      field = "";
      started = true;
      i++;
      continue;
    }
    if (ch === "\r" && text[i + 1] === "\n") {
      i++;
      continue;
    }
    if (ch === "\n") {
      fields.push(field);
      return { fields, next: i + 1, line: lines + 1, unterminated: false };
    }
    field += ch;
    i++;
  }
  fields.push(field);
  return { fields, next: text.length, line: lines + 1, unterminated: quoted };
}

function readCsv(text: string): Population {
  const errors: PopulationError[] = [];
  const rows: PopulationRow[] = [];
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const header = csvRecord(text, at);
  at = header.next;
  const columns = header.fields.map((c) => c.trim());
  const seen = new Set<string>();
  columns.forEach((c) => {
    if (c === "") errors.push({ line: 1, field: null, zh: "表头有空列名", en: "the header has an empty column name" });
    else if (seen.has(c)) errors.push({ line: 1, field: c, zh: "列名重复", en: "the column appears twice" });
    seen.add(c);
  });
  let line = 1 + header.line;
  while (at < text.length) {
    const start = line;
    const record = csvRecord(text, at);
    at = record.next;
    line += record.line;
    if (record.fields.length === 1 && (record.fields[0] ?? "").trim() === "") continue;
    if (record.unterminated) {
      errors.push({ line: start, field: null, zh: "引号没有闭合", en: "a quote is not closed" });
      break;
    }
    if (record.fields.length !== columns.length) {
      errors.push({ line: start, field: null, zh: `有 ${record.fields.length} 列，表头有 ${columns.length} 列`, en: `has ${record.fields.length} fields, the header has ${columns.length}` });
      continue;
    }
    const fields: Record<string, unknown> = {};
    columns.forEach((c, k) => (fields[c] = record.fields[k] ?? ""));
    rows.push({ line: start, fields });
  }
  return { format: "csv", columns, rows, errors };
}

function readJsonLines(text: string): Population {
  const errors: PopulationError[] = [];
  const rows: PopulationRow[] = [];
  const columns: string[] = [];
  const known = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw) as unknown;
    } catch (error) {
      errors.push({ line, field: null, zh: `不是有效的 JSON：${(error as Error).message}`, en: `not valid JSON: ${(error as Error).message}` });
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      errors.push({ line, field: null, zh: "每行应为一个 JSON 对象", en: "each line must be a JSON object" });
      return;
    }
    for (const k of Object.keys(value)) if (!known.has(k)) (known.add(k), columns.push(k));
    rows.push({ line, fields: value as Record<string, unknown> });
  });
  return { format: "jsonl", columns, rows, errors };
}

/** JSON Lines when the first non-blank character opens an object; CSV otherwise. */
export function readPopulation(text: string): Population {
  const first = text.replace(/^\ufeff/, "").trimStart()[0];
  return first === "{" ? readJsonLines(text) : readCsv(text);
}

/** A CSV line for values (quoted where needed), for writing populations. */
export function csvLine(values: readonly unknown[]): string {
  return values
    .map((v) => {
      const s = typeof v === "string" ? v : JSON.stringify(v);
      return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(",");
}
