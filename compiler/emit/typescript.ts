/**
 * IR → one readable TypeScript module per policy. The module imports only Kuan's runtime, calls
 * the same Evaluation steps as the interpreter in the same order, and is deterministic (same
 * source, same bytes). Text from the policy only ever appears inside escaped string literals or
 * in comments from which anything that could end the comment or reorder the line is removed.
 */
import type { DisplayFormat, IrDefinition, IrExplain, IrExpr, IrPolicy, IrRule, ValueKind } from "../ir/ir.js";
import { awardSpec, choiceSpec, exclusionSpecs, inputSpecs, policyInfo, quotaSpecs, reasonSpecs, traceSpec } from "../ir/specs.js";
import { decidedFresh } from "@kuan/runtime/internal";
import { KUAN_VERSION } from "../version.js";
import { IDENTIFIER_PART_RANGES } from "./ts-identifier-table.js";

/** The runtime step API this emitter writes against (runtime/src/version.ts lists the formats a runtime runs). */
const EVALUATOR_FORMAT = 3;

/** A JS string literal that no text can break out of (quotes, backslashes, line and bidi controls). */
export function stringLiteral(text: string): string {
  return JSON.stringify(text).replace(/[\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Text safe inside a `//` or `/* *\/` comment: one line, no comment end, no bidi or control characters. */
export function commentText(text: string): string {
  return text
    .replace(/[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu, " ")
    .replace(/\*\//g, "*∕")
    .replace(/\s+/g, " ")
    .trim();
}

/** A value printed as a literal: strings escaped, everything else JSON (numbers, booleans, null). */
function literal(value: unknown, indent: string): string {
  if (typeof value === "string") return stringLiteral(value);
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((v) => literal(v, `${indent}  `));
    return fitsOneLine(items, 2) ? `[${items.join(", ")}]` : `[\n${items.map((i) => `${indent}  ${i},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.keys(value as object).map((k): [string, unknown] => [k, (value as Record<string, unknown>)[k]]).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  // A `__proto__` key must be computed, or the literal would set the object's prototype instead.
  const key = (k: string) => (k === "__proto__" ? `[${stringLiteral(k)}]` : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : stringLiteral(k));
  const fields = entries.map(([k, v]) => `${key(k)}: ${literal(v, `${indent}  `)}`);
  return fitsOneLine(fields, 4) ? `{ ${fields.join(", ")} }` : `{\n${fields.map((f) => `${indent}  ${f},`).join("\n")}\n${indent}}`;
}

/**
 * Whether `parts` joined by ", " within brackets taking `brackets` characters make one line under
 * 100 characters. The length is summed first, so a large literal is never joined (nor searched for
 * line breaks) only to be thrown away: every level of nesting would otherwise copy all below it.
 */
function fitsOneLine(parts: readonly string[], brackets: number): boolean {
  let length = brackets + 2 * (parts.length - 1);
  for (const p of parts) {
    length += p.length;
    if (length >= 100) return false;
  }
  return !parts.some((p) => p.includes("\n"));
}

/** Whether TypeScript (the version the project depends on) reads `cp` as part of an identifier. */
function identifierPart(cp: number): boolean {
  // Binary search over [first, last] pairs.
  let lo = 0;
  let hi = IDENTIFIER_PART_RANGES.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < (IDENTIFIER_PART_RANGES[2 * mid] as number)) hi = mid - 1;
    else if (cp > (IDENTIFIER_PART_RANGES[2 * mid + 1] as number)) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * A policy name as the tail of an identifier: characters TypeScript cannot read in an identifier
 * (Unicode 16/17 letters it does not know yet, punctuation, invisible joiners) become `_x<hex>_`,
 * so the result is the same on every Node and two names never meet by accident (Names also
 * deduplicates whatever the mangling makes equal).
 */
export function identifierTail(name: string): string {
  let out = "";
  for (const c of name) {
    const cp = c.codePointAt(0) as number;
    out += identifierPart(cp) ? c : `_x${cp.toString(16)}_`;
  }
  return out;
}

/** The direct path's variables of one award: its amount in fen and its outcome. */
interface AwardVars {
  readonly amount: string;
  readonly outcome: string;
}

class Names {
  private readonly used = new Set<string>();
  /** prefix → name → identifier (two maps, so that a lookup builds no key). */
  private readonly byPrefix = new Map<string, Map<string, string>>();

  /** A readable, unique identifier: the policy's own name where TypeScript can read it. */
  get(prefix: string, name: string): string {
    let byName = this.byPrefix.get(prefix);
    if (!byName) this.byPrefix.set(prefix, (byName = new Map()));
    const known = byName.get(name);
    if (known) return known;
    const candidate = `${prefix}_${identifierTail(name)}`;
    let unique = candidate;
    for (let i = 2; this.used.has(unique); i++) unique = `${candidate}_${i}`;
    this.used.add(unique);
    byName.set(name, unique);
    return unique;
  }
}

class Writer {
  private readonly lines: string[] = [];
  private depth = 0;

  line(text = ""): void {
    this.lines.push(text === "" ? "" : `${"  ".repeat(this.depth)}${text}`);
  }

  indent(f: () => void): void {
    this.depth++;
    f();
    this.depth--;
  }

  toString(): string {
    return `${this.lines.join("\n")}\n`;
  }
}

const TS_TYPE: Record<ValueKind, string> = { money: "number", dec: "K.Dec", date: "string", year: "number", bool: "boolean", text: "string", outcome: "string" };

function inputTsType(spec: IrPolicy["inputs"][number]["spec"]): string {
  switch (spec.type) {
    case "money": return "number | string";
    case "rate": return "number | string";
    case "count": return "number";
    case "quantity": return "number | string";
    case "duration": return "number";
    case "date": return "string";
    case "year": return "number";
    case "bool": return "boolean";
    case "enum": return spec.values.map(stringLiteral).join(" | ");
    case "text": return "string";
  }
}

function inputKind(spec: IrPolicy["inputs"][number]["spec"]): ValueKind {
  switch (spec.type) {
    case "money": return "money";
    case "rate": case "count": case "quantity": case "duration": return "dec";
    case "date": return "date";
    case "year": return "year";
    case "bool": return "bool";
    default: return "text";
  }
}

function articleComment(rule: IrRule): string {
  const a = rule.article;
  return commentText(a ? `${a.label}${a.title ? ` ${a.title}` : ""} · ${rule.name}` : rule.name);
}

/** Every input and rule named in an expression anywhere in the policy (the IR is plain data: walk it all). */
function collectReads(node: unknown, read: { inputs: Set<string>; rules: Set<string> }): void {
  if (Array.isArray(node)) {
    for (const item of node) collectReads(item, read);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const record = node as Record<string, unknown>;
  if (record["op"] === "input" && typeof record["name"] === "string") read.inputs.add(record["name"]);
  if (record["op"] === "rule" && typeof record["name"] === "string") read.rules.add(record["name"]);
  for (const value of Object.values(record)) collectReads(value, read);
}

class Emitter {
  private readonly out = new Writer();
  private readonly names = new Names();
  private readonly decConstants = new Map<string, string>();
  private readonly nullable = new Set<string>();
  /** Inputs and rules some emitted expression reads: only those get a variable (no unused bindings). */
  private readonly read = { inputs: new Set<string>(), rules: new Set<string>() };
  private usesRounding = false;
  /** Cap amounts written as amounts, made once per module. */
  private readonly capConstants: string[] = [];
  /** The names of the fresh limit lines declared (freshLimits), each once. */
  private readonly freshConstants = new Set<string>();
  private usesNone = false;
  /** Whether the quick path compares the application's fields with FIELDS (every input required). */
  private usesFields = false;
  /** Definitions (定义) are deferred: a failure counts only where the value is used. */
  private readonly deferredRules = new Set<string>();

  constructor(
    private readonly ir: IrPolicy,
    private readonly sourceName: string,
  ) {
    for (const rule of ir.rules) {
      const hasDefault = rule.definitions.some((d) => d.condition === null);
      if (!hasDefault && (rule.kind === "let" || rule.kind === "deadline")) this.nullable.add(rule.name);
      if (rule.kind === "let") this.deferredRules.add(rule.name);
    }
    collectReads(ir, this.read);
  }

  private dec(value: string): string {
    let name = this.decConstants.get(value);
    if (!name) {
      name = `DEC_${this.decConstants.size}`;
      this.decConstants.set(value, name);
    }
    return name;
  }

  /** The policy's rounding is ROUNDING; a rule's own gets a constant of its own. */
  private readonly roundings = new Map<string, string>();

  private rounding(r: { mode: string; unit: string }): string {
    if (r.mode === this.ir.rounding.mode && r.unit === this.ir.rounding.unit) {
      this.usesRounding = true;
      return "ROUNDING";
    }
    const key = `${r.mode}/${r.unit}`;
    let name = this.roundings.get(key);
    if (!name) {
      name = `ROUNDING_${r.mode.replace("-", "_").toUpperCase()}_${r.unit.toUpperCase()}`;
      this.roundings.set(key, name);
    }
    return name;
  }

  private inputVar(name: string): string {
    return this.names.get("in", name);
  }

  private ruleVar(name: string): string {
    return this.names.get("rule", name);
  }

  expr(e: IrExpr): string {
    switch (e.op) {
      case "money": return e.fen;
      case "dec": return this.dec(e.value);
      case "date": case "text": return stringLiteral(e.value);
      case "year": return String(e.value);
      case "bool": return String(e.value);
      case "input": return this.inputVar(e.name);
      case "applicationDate": return "s.asOf";
      case "rule": {
        const value = this.deferredRules.has(e.name) ? `K.force(${this.ruleVar(e.name)})` : this.ruleVar(e.name);
        return this.nullable.has(e.name) ? `K.need(${value}, ${stringLiteral(e.name)})` : value;
      }
      case "moneyAdd": return `K.addFen(${this.expr(e.a)}, ${this.expr(e.b)})`;
      case "moneySub": return `K.subFen(${this.expr(e.a)}, ${this.expr(e.b)})`;
      case "decAdd": return `K.decAdd(${this.expr(e.a)}, ${this.expr(e.b)})`;
      case "decSub": return `K.decSub(${this.expr(e.a)}, ${this.expr(e.b)})`;
      case "decMul": return `K.decMul(${this.expr(e.a)}, ${this.expr(e.b)})`;
      case "decDiv": return `K.decDiv(${this.expr(e.a)}, ${this.expr(e.b)})`;
      case "moneyMul": return `K.mulFen(${this.expr(e.money)}, ${this.expr(e.factor)}, ${this.rounding(e.rounding)})`;
      case "moneyDiv": return `K.divFen(${this.expr(e.money)}, ${this.expr(e.divisor)}, ${this.rounding(e.rounding)})`;
      case "moneyRatio": return `K.ratioFen(${this.expr(e.a)}, ${this.expr(e.b)})`;
      case "moneyNeg": return `K.subFen(0, ${this.expr(e.a)})`;
      case "decNeg": return `K.decNeg(${this.expr(e.a)})`;
      case "compare": {
        const op = { eq: "===", ne: "!==", lt: "<", le: "<=", gt: ">", ge: ">=" }[e.cmp];
        if (e.domain === "dec") return `K.decCompare(${this.expr(e.a)}, ${this.expr(e.b)}) ${op} 0`;
        // Widened: after `!(x === "不合格") ||` TypeScript has narrowed x, and would call a second
        // comparison with another value unintentional (TS2367, found by the fuzz campaign).
        if (e.cmp === "eq" || e.cmp === "ne") return `(${this.expr(e.a)} as unknown) ${op} ${this.expr(e.b)}`;
        return `${this.expr(e.a)} ${op} ${this.expr(e.b)}`;
      }
      case "and": return `(${this.expr(e.a)} && ${this.expr(e.b)})`;
      case "or": return `(${this.expr(e.a)} || ${this.expr(e.b)})`;
      case "not": return `!(${this.expr(e.a)})`;
      case "min":
      case "max": {
        const args = e.args.map((a) => this.expr(a)).join(", ");
        if (e.domain === "money" || e.domain === "year") return `Math.${e.op}(${args})`;
        if (e.domain === "dec") return `K.${e.op === "min" ? "decMin" : "decMax"}(${args})`;
        return `K.${e.op === "min" ? "earliest" : "latest"}(${args})`;
      }
      case "if": return `(${this.expr(e.cond)} ? ${this.expr(e.then)} : ${this.expr(e.otherwise)})`;
      case "in": {
        const test = e.domain === "dec" ? (o: string) => `K.decCompare(x, ${o}) === 0` : (o: string) => `x === ${o}`;
        return `((x: ${e.domain === "dec" ? "K.Dec" : "unknown"}) => ${e.options.map((o) => test(this.expr(o))).join(" || ")})(${this.expr(e.value)})`;
      }
      case "dateAdd": {
        const n = `K.asWholeNumber(${this.expr(e.amount)})${e.sign === -1 ? " * -1" : ""}`;
        if (e.unit === "months") return `K.addMonths(${this.expr(e.date)}, ${n})`;
        if (e.unit === "days") return `K.addDays(${this.expr(e.date)}, ${n})`;
        return `K.addWorkingDays(${this.expr(e.date)}, ${n}, s.calendar)`;
      }
      case "yearAdd": return `K.yearPlus(${this.expr(e.year)}, ${this.expr(e.months)}, ${e.sign})`;
      case "dateDiff": return `K.decFromInt(K.daysBetween(${this.expr(e.b)}, ${this.expr(e.a)}))`;
      case "yearDiff": return `K.decFromInt((${this.expr(e.a)} - ${this.expr(e.b)}) * 12)`;
    }
  }

  /** A value shown in the trace: a definition that could not be computed shows as no value, it does not fail here. */
  private hole(e: IrExpr): string {
    return e.op === "rule" && this.deferredRules.has(e.name) ? `K.shown(${this.ruleVar(e.name)})` : this.expr(e);
  }

  /** A definition's formula line: the spec (the formula as written) and the values of its holes, by hole number. */
  private formulaLine(formulas: string, i: number, d: IrDefinition): string {
    const holes = d.formula.holes.map((h) => this.hole(h.expr));
    return `trace.push(K.formulaEntry(${formulas}[${i}]!, [${holes.join(", ")}], raw));`;
  }

  /** `c0 ? 0 : c1 ? 1 : -1`: the first definition whose condition holds. */
  private choice(rule: IrRule): string {
    let code = "-1";
    for (let i = rule.definitions.length - 1; i >= 0; i--) {
      const d = rule.definitions[i];
      if (!d) continue;
      code = d.condition === null ? String(i) : `${this.expr(d.condition)} ? ${i} : ${code}`;
    }
    return code;
  }

  /** `const name = [flags]`, typed: TypeScript would narrow a list of conditions it can see are false (!x && x) and call `name[0] === true` unintentional (TS2367; fuzz finding). */
  private flagsConst(name: string, conditions: readonly (IrExpr | null)[]): string {
    return `const ${name}${conditions.length > 0 ? ": readonly boolean[]" : ""} = ${this.flags(conditions)};`;
  }

  private flags(conditions: readonly (IrExpr | null)[]): string {
    if (conditions.length === 0) this.usesNone = true;
    return conditions.length === 0 ? "NONE" : `[${conditions.map((c) => (c === null ? "true" : this.expr(c))).join(", ")}]`;
  }

  /** Exclusions decided before the first award; those that hold record their values for the reason. */
  private decideExclusions(w: Writer): void {
    const ir = this.ir;
    if (ir.exclusions.length === 0) {
      this.usesNone = true;
      w.line(`s.decideExclusions(NONE);`);
      return;
    }
    w.line(`{`);
    w.indent(() => {
      w.line(this.flagsConst("exclusions", ir.exclusions.map((x) => x.condition)));
      w.line(`s.decideExclusions(exclusions);`);
      this.explainEach(w, "exclusions", "EXCLUSIONS", ir.exclusions.map((x) => x.explain), true);
    });
    w.line(`}`);
  }

  /**
   * For each condition of a list (flags in \`flagsVar\`, specs in \`specs\`) that came out \`when\`, the
   * values its reason shows (computed only then).
   */
  private explainEach(w: Writer, flagsVar: string, specs: string, explains: readonly (IrExplain | null)[], when: boolean): void {
    explains.forEach((e, i) => {
      if (!e) return;
      w.line(`if (${flagsVar}[${i}] === ${when}) ${this.explainCall(`${specs}[${i}]!`, e)};`);
    });
  }

  /** Records a condition's values for its reason: directly when reading them cannot fail, else through a closure the session guards. */
  private explainCall(spec: string, e: IrExplain): string {
    const values = e.holes.map((h) => this.expr(h.expr)).join(", ");
    return e.holes.every((h) => this.cannotFail(h.expr)) ? `s.explainWith(${spec}, [${values}])` : `s.explain(${spec}, () => [${values}])`;
  }

  /** Values read as they are: an input, a constant, a rule's value that is always there. */
  private cannotFail(e: IrExpr): boolean {
    switch (e.op) {
      case "input": case "money": case "dec": case "date": case "text": case "year": case "bool": case "applicationDate": return true;
      case "rule": return !this.deferredRules.has(e.name) && !this.nullable.has(e.name);
      default: return false;
    }
  }

  /**
   * Validates and reads the application. The common forms (money as whole yuan or plain "12.50"
   * text, yes/no as a boolean, a whole count, text, an enum value) are read here, straight-line;
   * anything else, and every error, is K.validateInput's, so the two agree by construction: each
   * quick form is one the input's JSON Schema accepts, read to the value validateInput gives it.
   */
  private readInputs(w: Writer): void {
    const inputs = this.ir.inputs;
    for (const input of inputs) w.line(`let ${this.inputVar(input.name)}!: ${TS_TYPE[inputKind(input.spec)]};`);
    const slow = () => {
      w.line(`const checked = K.validateInput(INPUTS, input);`);
      w.line(`if (!checked.ok) return checked;`);
      inputs.forEach((input, i) => w.line(`${this.inputVar(input.name)} = checked.values[${i}] as ${TS_TYPE[inputKind(input.spec)]};`));
    };
    // A property named __proto__ cannot be read as app["__proto__"] (that is the prototype).
    if (inputs.length === 0 || inputs.some((i) => i.name === "__proto__")) {
      slow();
      return;
    }
    // `break quick`: not a quick form, validateInput reads it; `break read`: read.
    w.line(`read: {`);
    w.indent(() => {
      w.line(`quick: {`);
      w.indent(() => this.quickInputs(w));
      w.line(`}`);
      slow();
    });
    w.line(`}`);
  }

  private quickInputs(w: Writer): void {
    const inputs = this.ir.inputs;
    w.line(`if (typeof input !== "object" || input === null || Array.isArray(input)) break quick;`);
    w.line(`const app = input as Record<string, unknown>;`);
    const required = inputs.filter((i) => i.default === undefined);
    if (required.length < inputs.length) w.line(`let fields = ${required.length};`);
    inputs.forEach((input, i) => {
      const key = stringLiteral(input.name);
      let raw = `app[${key}]`;
      if (input.default !== undefined) {
        // Given (an own, enumerable field) or the default; an own field that is not enumerable is validateInput's.
        raw = `v${i}`;
        w.line(`let ${raw}: unknown = ${literal(input.default, "")};`);
        w.line(`if (K.isField(app, ${key})) {`);
        w.indent(() => {
          w.line(`fields++;`);
          w.line(`if (app[${key}] !== undefined) ${raw} = app[${key}];`);
        });
        w.line(`} else if (Object.prototype.hasOwnProperty.call(app, ${key})) break quick;`);
      }
      const quick = this.quickRead(input.spec, i);
      if (quick.read) w.line(`const q${i} = ${quick.read(raw)};`);
      else if (raw !== `v${i}`) w.line(`const v${i} = ${raw};`);
      w.line(`if (${quick.fails}) break quick;`);
    });
    // Exactly the inputs, each an own field: no unknown field, none missing. With every input
    // given, validateInput asks no more than that each is an own property and the count is right;
    // with some left to their defaults it lists the fields, so each given input must be one.
    if (required.length === inputs.length) {
      this.usesFields = true;
      w.line(`if (!K.hasFields(app, FIELDS)) break quick;`);
    } else {
      const own = required.map((i) => ` || !K.isField(app, ${stringLiteral(i.name)})`).join("");
      w.line(`if (K.fieldCount(app) !== fields${own}) break quick;`);
    }
    inputs.forEach((input, i) => w.line(`${this.inputVar(input.name)} = ${this.quickRead(input.spec, i).value};`));
    w.line(`break read;`);
  }

  /**
   * How one input is read on the quick path: `read` keeps q<i> (else the value is v<i> itself),
   * `fails` says it is not a quick form, `value` is what it reads as.
   */
  private quickRead(spec: IrPolicy["inputs"][number]["spec"], i: number): { read: ((raw: string) => string) | null; fails: string; value: string } {
    const q = `q${i}`;
    const v = `v${i}`;
    switch (spec.type) {
      case "money": return { read: (raw) => `K.quickFen(${raw})`, fails: `${q} < 0`, value: q };
      case "bool": return { read: null, fails: `typeof ${v} !== "boolean"`, value: v };
      case "text": return { read: null, fails: `typeof ${v} !== "string"`, value: v };
      case "year": return { read: null, fails: `typeof ${v} !== "number" || !Number.isInteger(${v}) || ${v} < 1900 || ${v} > 2200`, value: v };
      case "enum": return { read: null, fails: spec.values.map((x) => `${v} !== ${stringLiteral(x)}`).join(" && ") || "true", value: v };
      // A whole number as a JSON number (safe integers only: they read as the same exact decimal); years are kept in months.
      case "count": case "quantity": return { read: (raw) => `K.quickCount(${raw})`, fails: `${q} === null`, value: q };
      case "duration": return { read: (raw) => `K.quickCount(${raw}${spec.unit === "year" ? ", 12" : ""})`, fails: `${q} === null`, value: q };
      default: return { read: (raw) => `K.checkInput(${raw}, INPUTS[${i}]!.spec)`, fails: `!${q}.ok`, value: `${q}.value as ${TS_TYPE[inputKind(spec)]}` };
    }
  }

  /**
   * Whether the module decides directly, without a session, when nothing unusual happens: a policy
   * of awards only (no definitions, tests or targets), none taking the highest of its definitions
   * and none granted under the article of the definition that applied (the session picks that article).
   */
  private hasDirectPath(): boolean {
    const ir = this.ir;
    return ir.rules.length > 0 && ir.rules.every((r) => (r.kind === "reward" || r.kind === "subsidy") && r.combine !== "highest" && awardSpec(ir, r).articles === undefined);
  }

  /**
   * The direct path: each award decided by decideAmount (or as not applicable) and the decision
   * assembled as Evaluation.finish assembles it, the trace (when asked) written entry by entry as
   * the session writes it. Whatever it does not decide itself goes to the
   * session (\`fallback\`): a date outside the validity, an exclusion, review or clawback
   * that holds, a precondition that fails, a failure of any kind (the session reports it where it
   * happens); computing again from the start is safe, as nothing before has an effect.
   */
  private directPath(w: Writer, fallback: string): void {
    const ir = this.ir;
    const anyOf = (conditions: readonly (IrExpr | null)[]) => conditions.map((c) => (c === null ? "true" : conditions.length === 1 ? this.expr(c) : `(${this.expr(c)})`)).join(" || ");
    this.usesNone = true;
    w.line(`const read = K.readOptions(POLICY, options);`);
    w.line(`if (read.done) return read.result as Result;`);
    w.line(`if (!read.inForce) return ${fallback};`);
    w.line(`const s = read;`);
    w.line(`const trace: K.TraceEntry[] | null = s.trace ? [] : null;`);
    w.line(`try {`);
    w.indent(() => {
      if (ir.exclusions.length > 0) this.directExclusions(w, fallback, anyOf);
      // The decision's lists, each award's reasons and grant pushed as it is decided (in the session's order).
      w.line(`const reasons: K.Reason[] = [];`);
      w.line(`const grants: K.Grant[] = [];`);
      for (const rule of ir.rules) {
        const spec = this.specName("award", rule);
        const result: AwardVars = { amount: this.names.get("a", rule.name), outcome: this.names.get("o", rule.name) };
        w.line(`// ${articleComment(rule)}`);
        w.line(`let ${result.amount}: number;`);
        w.line(`let ${result.outcome}: K.Outcome;`);
        w.line(`{`);
        w.indent(() => {
          // A precondition that fails or a clawback that holds (one without a condition always holds).
          const stops: (IrExpr | null)[] = [...rule.requires.flatMap((r): IrExpr[] => (r.condition === null ? [] : [{ op: "not", a: r.condition }])), ...rule.clawbacks.map((c) => c.condition)];
          if (stops.length > 0) w.line(`if (${anyOf(stops)}) return ${fallback};`);
          const defs = rule.definitions;
          const always = defs.length === 1 && defs[0]?.condition === null;
          if (!always) w.line(`const d = ${this.choice(rule)};`);
          if (choiceSpec(rule)) {
            const held = rule.definitions.map((d) => (d.condition === null ? "false" : `K.holdsSafely(() => ${this.expr(d.condition)})`));
            w.line(`if (trace !== null) K.traceChoice(trace, ${this.specName("choice", rule)}, d, [${held.join(", ")}], null);`);
          }
          let value = "";
          for (let i = defs.length - 1; i >= 0; i--) {
            const d = defs[i];
            if (d) value = value === "" ? this.expr(d.value) : `d === ${i} ? ${this.expr(d.value)} : ${value}`;
          }
          const decide = () => {
            w.line(`const raw = ${value};`);
            const formulas = this.specName("formulas", rule);
            const entry = (i: number) => this.formulaLine(formulas, i, defs[i] as IrDefinition);
            if (defs.length === 1) w.line(`if (trace !== null) ${entry(0)}`);
            else {
              w.line(`if (trace !== null) {`);
              w.indent(() => {
                w.line(`switch (d) {`);
                w.indent(() => defs.forEach((_, i) => w.line(`case ${i}: ${entry(i)} break;`)));
                w.line(`}`);
              });
              w.line(`}`);
            }
            if (rule.reviews.length > 0) w.line(`if (${anyOf(rule.reviews.map((r) => r.condition))}) return ${fallback};`);
            this.decideAmount(w, rule, spec, result);
          };
          if (always) decide();
          else {
            w.line(`if (d >= 0) {`);
            w.indent(decide);
            w.line(`} else {`);
            // The values each definition's condition is explained with, as the session's explain records them.
            const explains = defs.map((d) => d.explain).filter((e): e is IrExplain => e !== null);
            const flags = this.flagHoles(rule, explains);
            const call = flags
              ? `K.notApplicableFlagged(${spec}, ${flags.length === 0 ? "0" : flags.map((h, i) => `(${this.expr(h)} ? ${1 << i} : 0)`).join(" | ")}, trace)`
              : `K.notApplicableAward(${spec}, [${explains.map((e) => `[${e.holes.map((h) => this.expr(h.expr)).join(", ")}]`).join(", ")}], trace)`;
            w.indent(() => this.takeResult(w, result, call));
            w.line(`}`);
          }
        });
        w.line(`}`);
        if (this.read.rules.has(rule.name)) w.line(`const ${this.ruleVar(rule.name)} = ${result.amount};`);
      }
      if (ir.reviews.length > 0) w.line(`if (${anyOf(ir.reviews.map((r) => r.condition))}) return ${fallback};`);
      const amounts = ir.rules.map((r) => this.names.get("a", r.name));
      const outcomes = ir.rules.map((r) => this.names.get("o", r.name));
      const key = (name: string) => (name === "__proto__" ? `[${stringLiteral(name)}]` : stringLiteral(name));
      const any = (outcome: string) => outcomes.map((o) => `${o} === "${outcome}"`).join(" || ");
      const all = (outcome: string) => outcomes.map((o) => `${o} === "${outcome}"`).join(" && ");
      // The outcome as Evaluation.finish gives it for awards alone: review if any award needs it, granted if any is, not applicable if none applied.
      w.line(`const outcome: K.Outcome = ${any("needs-review")} ? "needs-review" : ${any("eligible")} ? "eligible" : ${all("not-applicable")} ? "not-applicable" : "not-eligible";`);
      w.line(`const decision: Decision = {`);
      w.indent(() => {
        w.line(`policy: POLICY.id,`);
        w.line(`title: POLICY.title,`);
        w.line(`version: POLICY.version,`);
        w.line(`asOf: s.asOf,`);
        w.line(`year: s.year,`);
        w.line(`inForce: true,`);
        w.line(`outcome,`);
        w.line(`outputs: { ${ir.rules.map((r, i) => `${key(r.name)}: ${amounts[i]}`).join(", ")} },`);
        w.line(`ruleOutcomes: { ${ir.rules.map((r, i) => `${key(r.name)}: ${outcomes[i]}`).join(", ")} },`);
        w.line(`grants,`);
        w.line(`clawbacks: NONE,`);
        w.line(`reasons,`);
        w.line(`warnings: s.warnings,`);
        w.line(`trace: trace ?? NONE,`);
      });
      w.line(`};`);
      w.line(`return { ok: true, decision };`);
    });
    w.line(`} catch {`);
    w.indent(() => w.line(`return ${fallback};`));
    w.line(`}`);
  }

  /**
   * Exclusions that hold: when they stop every award, no award has a precondition and their values
   * cannot fail to read, the decision is the runtime's excludedDecision (what the session gives,
   * with its trace when asked); otherwise the session decides.
   */
  private directExclusions(w: Writer, fallback: string, anyOf: (conditions: readonly (IrExpr | null)[]) => string): void {
    const ir = this.ir;
    const simple =
      ir.reviews.length === 0 &&
      ir.rules.every((r) => r.requires.length === 0) &&
      ir.exclusions.every((x) => x.targets === null && (x.explain === null || x.explain.holes.every((h) => this.cannotFail(h.expr))));
    if (!simple) {
      w.line(`if (${anyOf(ir.exclusions.map((x) => x.condition))}) return ${fallback};`);
      return;
    }
    w.line(`if (${anyOf(ir.exclusions.map((x) => x.condition))}) {`);
    w.indent(() => {
      // Each one decided, as the session decides them all.
      w.line(this.flagsConst("exclusions", ir.exclusions.map((x) => x.condition)));
      const values = ir.exclusions.map((x, i) => (x.explain === null ? "null" : `exclusions[${i}] === true ? [${x.explain.holes.map((h) => this.expr(h.expr)).join(", ")}] : null`));
      w.line(`return K.excludedDecision(POLICY, EXCLUSIONS, exclusions, [${values.join(", ")}], s) as Result;`);
    });
    w.line(`}`);
  }

  /**
   * `result = K.decideAmount(…)`; for an award whose caps and limits are per firm (or per
   * application), with no quota, the common case first, written out: no earlier grant, so each
   * cap's room is its amount and no limit is reached (decideAmount's freshAmount, step by step,
   * its trace lines written out: each cap's line (capLine) as the cap is applied, then the limits'
   * lines, the same every time (freshLimitLines, taken once when the module loads), as freshLines
   * writes them), then the award as zero or granted.
   */
  private decideAmount(w: Writer, rule: IrRule, spec: string, result: AwardVars): void {
    const caps = this.capsOf(rule);
    const general = () => this.takeResult(w, result, `K.decideAmount(${spec}, raw, ${caps}, NONE, s, trace)`);
    const award = awardSpec(this.ir, rule);
    if (!decidedFresh(award)) {
      general();
      return;
    }
    // Zero (one shared reason) or granted (grantInto pushes the reason and the grant), as zeroAward and grantedAward decide.
    const zero = () => w.line(`reasons.push(K.zeroReason(${spec})); ${result.amount} = 0; ${result.outcome} = "not-eligible";`);
    const granted = (amount: string, atCap: string) => w.line(`K.grantInto(${spec}, raw, ${amount}, ${atCap}, s, trace, reasons, grants); ${result.amount} = ${amount}; ${result.outcome} = "eligible";`);
    // No earlier grant, or none of this award to the firm (freshFor): decided as freshAmount decides it.
    w.line(`if (s.history.length === 0 || K.freshFor(${spec}, s)) {`);
    w.indent(() => {
      const named = /^[\p{L}\p{N}_$]+$/u.test(caps);
      if (award.caps.length > 0 && !named) w.line(`const caps: readonly number[] = ${caps};`);
      const capsRef = named ? caps : "caps";
      const limitLines = award.limits.length > 0 ? this.freshLimits(rule, spec) : null;
      const pushLimits = () => {
        if (limitLines) w.line(`if (trace !== null) trace.push(${award.limits.map((_, i) => `${limitLines}[${i}]!`).join(", ")});`);
      };
      if (award.caps.length === 0) {
        pushLimits();
        w.line(`if (raw > 0) {`);
        w.indent(() => granted("raw", "-1"));
        w.line(`} else {`);
        w.indent(zero);
        w.line(`}`);
        return;
      }
      w.line(`let amount = raw > 0 ? raw : 0;`);
      w.line(`let atCap = -1;`);
      award.caps.forEach((_, i) => {
        w.line(`const room${i} = Math.max(0, ${capsRef}[${i}]!);`);
        // Nothing was granted before: the cap's line with 0 used, the amount before it and after it.
        w.line(`if (trace !== null) trace.push(K.capLine(${spec}, ${i}, ${capsRef}[${i}]!, 0, s.year, amount, amount > room${i} ? room${i} : amount));`);
        w.line(`if (amount > room${i}) amount = room${i};`);
        w.line(`if (amount === room${i}) atCap = ${i};`);
      });
      pushLimits();
      w.line(`if (amount === 0) {`);
      w.indent(zero);
      w.line(`} else {`);
      w.indent(() => granted("amount", "atCap"));
      w.line(`}`);
    });
    w.line(`} else {`);
    w.indent(general);
    w.line(`}`);
  }

  /**
   * The holes of the rule's one explained condition when they are all yes/no inputs (at most 8):
   * notApplicableFlagged takes them as bits, as notApplicableAward would read their values; else null.
   */
  private flagHoles(rule: IrRule, explains: readonly IrExplain[]): IrExpr[] | null {
    const only = explains[0];
    if (explains.length !== 1 || !only || rule.definitions.filter((d) => d.condition !== null).length !== 1 || only.holes.length > 8) return null;
    const holes = only.holes.map((h) => h.expr);
    const bool = (e: IrExpr) => e.op === "input" && this.ir.inputs.some((i) => i.name === e.name && i.spec.type === "bool");
    return holes.every(bool) ? holes : null;
  }

  /** An award decided by the runtime (`call`, an AwardResult): its reasons and grant pushed onto the decision's, its amount and outcome kept. */
  private takeResult(w: Writer, result: AwardVars, call: string): void {
    w.line(`const got = ${call};`);
    w.line(`K.awardInto(got, reasons, grants);`);
    w.line(`${result.amount} = got.amount;`);
    w.line(`${result.outcome} = got.outcome;`);
  }

  /** An award's cap amounts: a constant when they are written as amounts (the common case), else computed. */
  private capsOf(rule: IrRule): string {
    if (!rule.caps.every((c) => c.amount.op === "money")) return this.flagsOrValues(rule.caps.map((c) => c.amount));
    this.usesNone = true;
    if (rule.caps.length === 0) return "NONE";
    const name = this.names.get("caps", rule.name);
    this.capConstants.push(`const ${name}: readonly number[] = [${rule.caps.map((c) => this.expr(c.amount)).join(", ")}];`);
    return name;
  }

  /** The award's limit lines when nothing was granted before: one constant, taken from the runtime when the module loads. */
  private freshLimits(rule: IrRule, spec: string): string {
    const name = this.names.get("fresh", rule.name);
    if (!this.freshConstants.has(name)) {
      this.freshConstants.add(name);
      this.capConstants.push(`const ${name}: readonly K.TraceEntry[] = K.freshLimitLines(${spec});`);
    }
    return name;
  }

  private specName(kind: string, rule: IrRule): string {
    return this.names.get(kind, rule.name);
  }

  emit(): string {
    const ir = this.ir;
    const body = new Writer();
    const w = body;
    const direct = this.hasDirectPath();
    const inputs = ir.inputs.map((i) => this.inputVar(i.name));
    w.line(`export function evaluate(input: unknown, options: K.EvaluationOptions = {}): Result {`);
    w.indent(() => {
      this.readInputs(w);
      if (direct) this.directPath(w, `decide(${[...inputs, "options", "read"].join(", ")})`);
    });
    if (direct) {
      w.line(`}`);
      w.line();
      w.line(`/** The evaluation step by step, in a session (the interpreter's steps, in its order): every case, the trace, and failures named by rule. */`);
      w.line(`function decide(${ir.inputs.map((i) => `${this.inputVar(i.name)}: ${TS_TYPE[inputKind(i.spec)]}`).join(", ")}${ir.inputs.length > 0 ? ", " : ""}options: K.EvaluationOptions, read: K.OptionsRead): Result {`);
    }
    w.indent(() => {
      w.line(`const start = K.startEvaluation(POLICY, EXCLUSIONS, options${direct ? ", read" : ""});`);
      w.line(`if (start.done) return start.result as Result;`);
      w.line(`const s = start.evaluation;`);
      w.line(`try {`);
      w.indent(() => {
        let exclusionsDecided = false;
        ir.rules.forEach((rule, i) => {
          w.line(`// ${articleComment(rule)}`);
          w.line(`s.at(${i});`);
          if ((rule.kind === "reward" || rule.kind === "subsidy") && !exclusionsDecided) {
            this.decideExclusions(w);
            exclusionsDecided = true;
          }
          this.rule(w, rule);
        });
        w.line(`s.at(-1);`);
        if (!exclusionsDecided) this.decideExclusions(w);
        if (ir.reviews.length > 0) {
          w.line(`{`);
          w.indent(() => {
            w.line(this.flagsConst("reviews", ir.reviews.map((r) => r.condition)));
            this.explainEach(w, "reviews", "REVIEWS", ir.reviews.map((r) => r.explain), true);
            w.line(`s.reviews(null, REVIEWS, reviews);`);
          });
          w.line(`}`);
        }
        w.line(`return s.finish() as Result;`);
      });
      w.line(`} catch (error) {`);
      w.indent(() => w.line(`return K.evaluationError(error, s, INPUTS, [${inputs.join(", ")}]) as Result;`));
      w.line(`}`);
    });
    w.line(`}`);

    const o = this.out;
    o.line(`// @generated by kuan ${KUAN_VERSION} from ${commentText(this.sourceName)}. Do not edit: change the policy and compile again.`);
    o.line(`/* eslint-disable */`);
    o.line(`// ${commentText(`${ir.id}${ir.version ? ` · ${ir.version}` : ""}`)}`);
    o.line(`import * as K from "@kuan/runtime/internal";`);
    o.line();
    o.line(`// The runtime's steps change only with its evaluator format: a runtime without format ${EVALUATOR_FORMAT} stops here, not at a wrong figure.`);
    o.line(`if (!K.EVALUATOR_FORMATS?.includes(${EVALUATOR_FORMAT})) {`);
    o.indent(() => {
      o.line(`throw new Error(${stringLiteral(`${ir.id}: this evaluator was generated by kuan ${KUAN_VERSION} for @kuan/runtime evaluator format ${EVALUATOR_FORMAT}, which the installed @kuan/runtime `)} + String(K.RUNTIME_VERSION ?? "(older than 0.1)") + ${stringLiteral(` does not run: install @kuan/runtime@${KUAN_VERSION}, or compile the policy again with the kuan that matches the installed runtime.`)});`);
    });
    o.line(`}`);
    o.line();
    o.line(`/** The application, as the JSON Schema beside this module describes it (evaluate checks it anyway). Money: a whole number of yuan, or text such as "12.50" or "500万元". */`);
    o.line(`export interface Input {`);
    o.indent(() => {
      for (const input of ir.inputs) {
        const doc = commentText(`${input.name}: ${input.spec.type}${input.spec.type === "count" ? ` (${input.spec.unit})` : input.spec.type === "duration" ? ` (${input.spec.unit})` : ""}${input.description ? ` — ${input.description}` : ""}`);
        o.line(`/** ${doc} */`);
        o.line(`readonly ${stringLiteral(input.name)}${input.default === undefined ? "" : "?"}: ${inputTsType(input.spec)};`);
      }
    });
    o.line(`}`);
    o.line();
    o.line(`/** Every result of the policy: money in fen, rates, counts and durations as exact decimals. */`);
    // A type literal, not an interface: it is then assignable to the runtime's record of outputs.
    o.line(`export type Outputs = {`);
    o.indent(() => {
      for (const rule of ir.rules) {
        o.line(`/** ${articleComment(rule)} */`);
        o.line(`readonly ${stringLiteral(rule.name)}: ${TS_TYPE[rule.valueKind]}${this.nullable.has(rule.name) ? " | null" : ""};`);
      }
    });
    o.line(`};`);
    o.line();
    o.line(`/** JSON.stringify writes money as integer fen and exact decimals as text ("0.05"); toJson writes money as yuan text ("50000.00"). */`);
    o.line(`export type Decision = Omit<K.Decision, "outputs"> & { readonly outputs: Outputs };`);
    o.line(`export type Result = { readonly ok: true; readonly decision: Decision } | { readonly ok: false; readonly errors: readonly K.InputError[] };`);
    o.line();
    o.line(`export const POLICY: K.PolicyInfo = ${literal(policyInfo(ir), "")};`);
    if (this.usesRounding) o.line(`const ROUNDING: K.Rounding = ${literal(ir.rounding, "")};`);
    if (this.usesNone) o.line(`const NONE: readonly never[] = [];`);
    o.line(`const INPUTS: readonly K.NamedInputSpec[] = ${literal(inputSpecs(ir), "")};`);
    if (this.usesFields) o.line(`const FIELDS: readonly string[] = INPUTS.map((i) => i.name);`);
    o.line(`const EXCLUSIONS: readonly K.ExclusionSpec[] = ${literal(exclusionSpecs(ir), "")};`);
    if (ir.reviews.length > 0) o.line(`const REVIEWS: readonly K.ReasonSpec[] = ${literal(reasonSpecs(ir.reviews), "")};`);
    /** Formats of outputs, for `toJson` and display. */
    const formats: Record<string, DisplayFormat> = Object.create(null) as Record<string, DisplayFormat>;
    for (const rule of ir.rules) formats[rule.name] = rule.format;
    o.line(`export const FORMATS: Readonly<Record<string, string>> = ${literal(formats, "")};`);
    for (const rule of ir.rules) {
      o.line();
      o.line(`// ${articleComment(rule)}`);
      if (rule.kind === "reward" || rule.kind === "subsidy") o.line(`const ${this.specName("award", rule)}: K.FullAwardSpec = ${literal(awardSpec(ir, rule), "")};`);
      if (rule.kind === "eligibility") o.line(`const ${this.specName("requires", rule)}: readonly K.ReasonSpec[] = ${literal(reasonSpecs(rule.requires), "")};`);
      if (rule.kind === "eligibility" || rule.kind === "target") o.line(`const ${this.specName("reviews", rule)}: readonly K.ReasonSpec[] = ${literal(reasonSpecs(rule.reviews), "")};`);
      // A target's trace is its own entry (s.target), not a formula line.
      if (rule.kind !== "target") o.line(`const ${this.specName("formulas", rule)}: readonly K.RuleTraceSpec[] = ${literal(rule.definitions.map((d) => traceSpec(rule, d)), "")};`);
      const choice = choiceSpec(rule);
      if (choice) o.line(`const ${this.specName("choice", rule)}: K.ChoiceSpec = ${literal(choice, "")};`);
    }
    o.line();
    for (const [value, name] of this.decConstants) o.line(`const ${name} = K.decOf(${stringLiteral(value)});`);
    for (const [key, name] of this.roundings) {
      const [mode, unit] = key.split("/");
      o.line(`const ${name}: K.Rounding = ${literal({ mode, unit }, "")};`);
    }
    for (const line of this.capConstants) o.line(line);
    if (this.decConstants.size > 0 || this.roundings.size > 0 || this.capConstants.length > 0) o.line();
    o.line(`/** Evaluates an application (validated first: a bad field is an error naming it, never a number). */`);
    const tail = new Writer();
    tail.line();
    tail.line(`/** The decision as JSON: money as decimal strings in yuan, the trace in words. */`);
    tail.line(`export function toJson(decision: Decision): K.DecisionJson {`);
    tail.indent(() => tail.line(`return K.decisionToJson(decision, FORMATS);`));
    tail.line(`}`);
    tail.line();
    tail.line(`/** The quotas (名额) of the policy: the best scores among the applications a quota alone held back are funded. */`);
    tail.line(`export const QUOTAS: readonly K.QuotaSpec[] = ${literal(quotaSpecs(ir), "")};`);
    tail.line();
    tail.line(`/**`);
    tail.line(` * Evaluates many applications in one call, each once and in order, as evaluate would with its firm`);
    tail.line(` * (\`firm\`, else its id), project and application id; the history (all their firms' grants) is read`);
    tail.line(` * once, and there is no trace unless \`options.trace\` is true.`);
    tail.line(` */`);
    tail.line(`export function evaluateMany(applications: readonly K.BatchApplication[], options: K.BatchOptions = {}): K.BatchDecision<Result>[] {`);
    tail.indent(() => tail.line(`return K.evaluateManyWith(evaluate, applications, options);`));
    tail.line(`}`);
    tail.line();
    tail.line(`/** Evaluates a cohort (as evaluateMany does) and ranks it for the quotas; a tie across the last place stays needs-review. */`);
    tail.line(`export function evaluateCohort(applications: readonly K.CohortApplication[], options: K.BatchOptions = {}): K.CohortResult<Result> {`);
    tail.indent(() => tail.line(`return K.evaluateCohortWith(evaluate, QUOTAS, applications, options);`));
    tail.line(`}`);
    return `${o.toString()}${body.toString()}${tail.toString()}`;
  }

  private rule(w: Writer, rule: IrRule): void {
    const v = this.ruleVar(rule.name);
    const formulas = this.specName("formulas", rule);
    const trace = (indexVar: string, valueVar: string) => {
      const withHoles = rule.definitions.map((d, i) => ({ i, holes: d.formula.holes }));
      if (withHoles.length === 0) return;
      w.line(`if (s.trace && ${indexVar} >= 0) {`);
      w.indent(() => {
        if (withHoles.length === 1) {
          w.line(`s.formula(${formulas}[0]!, [${(withHoles[0]?.holes ?? []).map((h) => this.hole(h.expr)).join(", ")}], ${valueVar});`);
        } else {
          w.line(`switch (${indexVar}) {`);
          w.indent(() => {
            for (const { i, holes } of withHoles) w.line(`case ${i}: s.formula(${formulas}[${i}]!, [${holes.map((h) => this.hole(h.expr)).join(", ")}], ${valueVar}); break;`);
          });
          w.line(`}`);
        }
      });
      w.line(`}`);
    };
    const highest = rule.combine === "highest";
    const valuesVar = this.names.get("values", rule.name);
    const valueType = TS_TYPE[rule.valueKind];
    /** Declares `indexVar`: which definition gives the value (-1: none applies). */
    const choice = choiceSpec(rule);
    const traceChoice = (indexVar: string) => {
      if (!choice) return;
      const held = highest ? `${valuesVar}.map((v) => v !== null)` : `[${rule.definitions.map((d) => (d.condition === null ? "false" : `K.holdsSafely(() => ${this.expr(d.condition)})`)).join(", ")}]`;
      w.line(`if (s.trace) K.traceChoice(s.trace, ${this.specName("choice", rule)}, ${indexVar}, ${held}, ${highest ? valuesVar : "null"});`);
    };
    const choose = (indexVar: string) => {
      if (!highest) {
        w.line(`const ${indexVar} = ${this.choice(rule)};`);
        traceChoice(indexVar);
        return;
      }
      // 按最高标准: every definition that holds is computed, and the highest counts.
      const values = rule.definitions.map((d) => (d.condition === null ? this.expr(d.value) : `${this.expr(d.condition)} ? ${this.expr(d.value)} : null`));
      w.line(`const ${valuesVar}: readonly (${valueType} | null)[] = [${values.join(", ")}];`);
      const domain = rule.valueKind === "money" || rule.valueKind === "date" || rule.valueKind === "year" ? rule.valueKind : "dec";
      w.line(`const ${indexVar} = K.highestIndex(${valuesVar}, ${stringLiteral(domain)});`);
      traceChoice(indexVar);
    };
    const valueOf = (indexVar: string, fallback: string) => {
      if (highest) return `(${indexVar} >= 0 ? (${valuesVar}[${indexVar}] as ${valueType}) : ${fallback})`;
      const defs = rule.definitions;
      if (defs.length === 1 && defs[0]?.condition === null) return this.expr(defs[0].value);
      let code = fallback;
      for (let i = defs.length - 1; i >= 0; i--) {
        const d = defs[i];
        if (d) code = `${indexVar} === ${i} ? ${this.expr(d.value)} : ${code}`;
      }
      return code;
    };
    if (rule.kind === "reward" || rule.kind === "subsidy") {
      const spec = this.specName("award", rule);
      const kept = this.read.rules.has(rule.name);
      if (kept) w.line(`let ${v}: number;`);
      w.line(`{`);
      w.indent(() => {
        w.line(this.flagsConst("requires", rule.requires.map((r) => r.condition)));
        w.line(this.flagsConst("clawbacks", rule.clawbacks.map((c) => c.condition)));
        this.explainEach(w, "requires", `${spec}.requires`, rule.requires.map((r) => r.explain), false);
        this.explainEach(w, "clawbacks", `${spec}.clawbacks`, rule.clawbacks.map((r) => r.explain), true);
        w.line(`let raw: number | null = null;`);
        this.usesNone = true;
        w.line(`let caps: readonly number[] = NONE;`);
        w.line(`let reviews: readonly boolean[] = NONE;`);
        // An award defined in several articles is granted under the article whose definition applied.
        const inArticles = awardSpec(this.ir, rule).articles !== undefined;
        if (inArticles) w.line(`let chosen = -1;`);
        w.line(`if (s.open(${spec}, requires, clawbacks)) {`);
        w.indent(() => {
          choose("d");
          if (inArticles) w.line(`chosen = d;`);
          w.line(`if (d >= 0) {`);
          w.indent(() => {
            w.line(`raw = ${valueOf("d", "null")};`);
            trace("d", "raw");
            w.line(`caps = ${this.flagsOrValues(rule.caps.map((c) => c.amount))};`);
            w.line(`reviews = ${this.flags(rule.reviews.map((r) => r.condition))};`);
            this.explainEach(w, "reviews", `${spec}.reviews`, rule.reviews.map((r) => r.explain), true);
          });
          const conditions = rule.definitions.map((d) => d.explain).filter((e): e is IrExplain => e !== null);
          if (conditions.length > 0) {
            w.line(`} else {`);
            w.indent(() => conditions.forEach((e, i) => w.line(`${this.explainCall(`${spec}.conditions[${i}]!`, e)};`)));
          }
          w.line(`}`);
        });
        w.line(`}`);
        w.line(`${kept ? `${v} = ` : ""}s.award(${spec}, requires, clawbacks, raw, caps, reviews${inArticles ? ", chosen" : ""});`);
      });
      w.line(`}`);
      return;
    }
    const type = `${TS_TYPE[rule.valueKind]}${this.nullable.has(rule.name) ? " | null" : ""}`;
    const index = this.names.get("d", rule.name);
    if (rule.kind === "let") {
      w.line(`const ${v} = K.deferred((): ${type} => {`);
      w.indent(() => {
        choose(index);
        w.line(`const value: ${type} = s.value(${stringLiteral(rule.name)}, ${valueOf(index, "null")}) as ${type};`);
        trace(index, "value");
        w.line(`return value;`);
      });
      w.line(`});`);
      w.line(`if (!${v}.ok) s.value(${stringLiteral(rule.name)}, null);`);
      return;
    }
    // A target with one unconditional definition reads no index; one no rule reads needs no variable.
    const single = !highest && rule.definitions.length === 1 && rule.definitions[0]?.condition === null && choiceSpec(rule) === null;
    if (!(rule.kind === "target" && single)) choose(index);
    if (rule.kind === "eligibility" || rule.kind === "target") {
      const requiresSpec = this.specName("requires", rule);
      const reviewsSpec = this.specName("reviews", rule);
      const kept = !(rule.kind === "target" && rule.target) || this.read.rules.has(rule.name);
      if (kept) w.line(`let ${v}: boolean;`);
      w.line(`{`);
      w.indent(() => {
        // Widened: a condition TypeScript can narrow (!x && x) would make value === true TS2367 (fuzz finding).
        w.line(`const value = (${valueOf(index, rule.kind === "eligibility" ? "false" : "null")}) as boolean | null;`);
        w.line(this.flagsConst("reviews", rule.reviews.map((r) => r.condition)));
        this.explainEach(w, "reviews", reviewsSpec, rule.reviews.map((r) => r.explain), true);
        if (rule.kind === "eligibility") {
          w.line(this.flagsConst("requires", rule.requires.map((r) => r.condition)));
          this.explainEach(w, "requires", requiresSpec, rule.requires.map((r) => r.explain), false);
          w.line(`${v} = s.eligibility(${stringLiteral(rule.name)}, value === true, ${requiresSpec}, requires, ${reviewsSpec}, reviews, ${rule.decisive});`);
        } else if (rule.target) {
          const t = rule.target;
          const format = rule.definitions[0]?.formula.holes[0]?.format ?? "number";
          w.line(
            `${kept ? `${v} = ` : ""}s.target(${stringLiteral(rule.name)}, ${literal(rule.article, "  ")}, ${literal(rule.span, "")}, value === true, ${stringLiteral(t.domain)}, ${this.expr(t.actual)}, ${this.expr(t.goal)}, ${stringLiteral(t.cmp)}, ${stringLiteral(format)}, ${reviewsSpec}, reviews, ${rule.decisive});`,
          );
        } else {
          w.line(`${v} = s.value(${stringLiteral(rule.name)}, value) as boolean;`);
        }
      });
      w.line(`}`);
      if (rule.kind === "eligibility") trace(index, v);
      return;
    }
    w.line(`const ${v}: ${type} = s.value(${stringLiteral(rule.name)}, ${valueOf(index, "null")}) as ${type};`);
    trace(index, v);
  }

  private flagsOrValues(values: readonly IrExpr[]): string {
    if (values.length === 0) this.usesNone = true;
    return values.length === 0 ? "NONE" : `[${values.map((x) => this.expr(x)).join(", ")}]`;
  }
}

export function emitTypeScript(ir: IrPolicy, sourceName: string): string {
  return new Emitter(ir, sourceName).emit();
}
