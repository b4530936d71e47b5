/**
 * CST → AST, in one place. Also the spot where literal text becomes exact values (numbers as
 * decimal strings, dates as ISO strings) and where syntax errors that need the whole statement to
 * see are reported (a cap outside an article, an unknown rounding unit).
 */
import type { CstElement, CstNode, IToken } from "chevrotain";
import { diagnostic, type Diagnostic, type Span } from "../compiler/diagnostics/index.js";
import type * as A from "./ast.js";
import { closest } from "../compiler/diagnostics/suggest.js";
import { KEYWORDS, UNITS, MAGNITUDES, type UnitId } from "./keywords.js";
import { PERCENT_IN_WORDS } from "./lexer-matchers.js";

const STATEMENT_SPELLINGS: string[] = KEYWORDS.filter((k) => k.group === "statement").flatMap((k) => [...k.zh, ...k.en]);

type Children = Record<string, CstElement[] | undefined>;

function kids(node: CstNode): Children {
  return node.children as Children;
}
function tok(node: CstNode, key: string, index = 0): IToken | undefined {
  const el = kids(node)[key]?.[index];
  return el && "image" in el ? el : undefined;
}
function toks(node: CstNode, key: string): IToken[] {
  return (kids(node)[key] ?? []).filter((e): e is IToken => "image" in e);
}
function sub(node: CstNode, key: string, index = 0): CstNode | undefined {
  const el = kids(node)[key]?.[index];
  return el && "children" in el ? el : undefined;
}
function subs(node: CstNode, key: string): CstNode[] {
  return (kids(node)[key] ?? []).filter((e): e is CstNode => "children" in e);
}

/** Tokens inserted by recovery have NaN offsets: they borrow the position of what came before. */
function isReal(t: IToken): boolean {
  return Number.isFinite(t.startOffset) && !t.isInsertedInRecovery && t.image.length > 0;
}
function tokenSpan(t: IToken): Span {
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

/** The span of a CST node: from its first real token to its last. */
function nodeSpan(node: CstElement): Span | undefined {
  if ("image" in node) return isReal(node) ? tokenSpan(node) : undefined;
  // Chevrotain tracks each node's offsets; only nodes that recovery touched need the walk below.
  const location = node.location;
  if (location && Number.isFinite(location.startOffset) && Number.isFinite(location.endOffset) && !node.recoveredNode) {
    return { start: location.startOffset, end: (location.endOffset as number) + 1 };
  }
  let start = Infinity;
  let end = -Infinity;
  for (const list of Object.values(node.children)) {
    for (const child of list ?? []) {
      const s = nodeSpan(child);
      if (s) {
        start = Math.min(start, s.start);
        end = Math.max(end, s.end);
      }
    }
  }
  return Number.isFinite(start) ? { start, end } : undefined;
}

function join(...spans: (Span | undefined)[]): Span {
  const real = spans.filter((s): s is Span => s !== undefined);
  if (real.length === 0) return { start: 0, end: 0 };
  return { start: Math.min(...real.map((s) => s.start)), end: Math.max(...real.map((s) => s.end)) };
}

// ------------------------------------------------------------------ literal values

const CHINESE_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CHINESE_SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const CHINESE_BIG_UNITS: Record<string, number> = { 万: 1e4, 亿: 1e8 };

/** `两` → 2, `十五` → 15, `一百二十` → 120, `三千万` → 30000000; undefined when malformed. */
export function parseChineseInteger(text: string): number | undefined {
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  // Places must come in decreasing order within a section: 二十一十 is not a number.
  let lastPlace = Infinity;
  for (const ch of text) {
    if (ch === "零" || ch === "〇") {
      // 一百零一: 零 only marks a skipped place.
      if (digit !== undefined && digit !== 0) return undefined;
      digit = undefined;
      continue;
    }
    if (ch in CHINESE_DIGITS) {
      if (digit !== undefined) return undefined;
      digit = CHINESE_DIGITS[ch];
    } else if (ch in CHINESE_SMALL_UNITS) {
      const place = CHINESE_SMALL_UNITS[ch] ?? 0;
      if (place >= lastPlace) return undefined;
      lastPlace = place;
      section += (digit ?? 1) * place;
      digit = undefined;
    } else if (ch in CHINESE_BIG_UNITS) {
      total += (section + (digit ?? 0)) * (CHINESE_BIG_UNITS[ch] ?? 0);
      section = 0;
      digit = undefined;
      lastPlace = Infinity;
    } else {
      return undefined;
    }
  }
  return total + section + (digit ?? 0);
}

function toAsciiDigits(s: string): string {
  return s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48)).replace(/．/g, ".");
}

/** Shift a decimal string by 10^shift, exactly: ("2.5", 8) → "250000000". */
export function shiftDecimal(decimal: string, shift: number): string {
  const [intPart = "0", fracPart = ""] = decimal.split(".");
  let digits = intPart + fracPart;
  let point = intPart.length + shift;
  if (point < 0) {
    digits = "0".repeat(-point) + digits;
    point = 0;
  }
  const padded = point > digits.length ? digits + "0".repeat(point - digits.length) : digits;
  const whole = padded.slice(0, point).replace(/^0+(?=\d)/, "") || "0";
  const frac = padded.slice(point).replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : whole;
}

/** The exact decimal value of a number token, or undefined if it cannot be read. */
export function numberValue(image: string): string | undefined {
  if (image === "半") return "0.5";
  const text = toAsciiDigits(image).replace(/,/g, "");
  const m = /^(\d+(?:\.\d+)?)([千万亿]?)$/.exec(text);
  if (m) return shiftDecimal(m[1] ?? "0", MAGNITUDES[m[2] ?? ""] ?? 0);
  const n = parseChineseInteger(image);
  return n === undefined ? undefined : String(n);
}

function unitOf(t: IToken): A.UnitRef | undefined {
  const lower = t.image.toLowerCase();
  const unit = UNITS.find((u) => (u.zh as readonly string[]).includes(t.image) || (u.en as readonly string[]).includes(lower));
  return unit ? { kind: "Unit", id: unit.id as UnitId, text: t.image, span: tokenSpan(t) } : undefined;
}

function isoDate(image: string): string | undefined {
  const m = /^(\d{4})(?:-|年)(\d{1,2})(?:-|月)(\d{1,2})日?$/.exec(toAsciiDigits(image).replace(/－/g, "-"));
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1) return undefined; // dates are years 1–9999
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function unquote(image: string): string {
  if (image.startsWith("“")) return image.slice(1, image.endsWith("”") && image.length > 1 ? -1 : undefined);
  const inner = image.slice(1, image.length > 1 && image.endsWith('"') ? -1 : undefined);
  return inner.replace(/\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|.)/g, (_, c: string) => {
    if (c.startsWith("u{")) return String.fromCodePoint(Math.min(0x10ffff, Number.parseInt(c.slice(2, -1), 16)));
    if (c.length === 5 && c.startsWith("u")) return String.fromCharCode(Number.parseInt(c.slice(1), 16));
    return c === "n" ? "\n" : c === "t" ? "\t" : c;
  });
}

function nameText(image: string): string {
  return image.startsWith("「") ? image.slice(1, -1) : image;
}

// ------------------------------------------------------------------ the builder

const ROUNDING_UNITS: Record<string, A.RoundingUnit> = { 分: "fen", fen: "fen", 角: "jiao", jiao: "jiao", 元: "yuan", yuan: "yuan", 万元: "wan", wan: "wan" };

export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];

  file(cst: CstNode, sourceLength: number): A.KuanFile {
    const items: A.TopItem[] = [];
    for (const item of subs(cst, "topItem")) {
      const built = this.topItem(item);
      if (built) items.push(built);
    }
    return { kind: "File", items, span: { start: 0, end: sourceLength } };
  }

  /** One top item (file() builds them all; parse() builds each as the parser hands it over). */
  topItem(node: CstNode): A.TopItem | undefined {
    const policy = sub(node, "policyDecl");
    if (policy) return this.policy(policy);
    const application = sub(node, "applicationDecl");
    if (application) return this.application(application);
    const article = sub(node, "articleDecl");
    if (article) return this.article(article);
    const example = sub(node, "exampleDecl");
    if (example) return this.example(example);
    const line = sub(node, "statementLine");
    const statement = line && sub(line, "statement");
    if (!statement) return undefined;
    const built = this.statement(statement);
    // Definitions, eligibility tests, deadlines and targets may stand outside articles; awards cite an article.
    if (built?.kind === "Rule" && built.ruleKind !== "reward" && built.ruleKind !== "subsidy") return built;
    if (built?.kind === "Highest") return built;
    if (built) {
      const first = (statement.children && nodeSpan(statement)) ?? built.span;
      this.diagnostics.push(diagnostic("K1104", { start: first.start, end: Math.min(first.end, first.start + 8) }, { found: firstImage(statement) }));
    }
    return undefined;
  }

  private text(t: IToken | undefined): A.TextItem | null {
    if (!t || !isReal(t)) return null;
    const text = t.tokenType.name === "StringLit" ? unquote(t.image) : t.image.trim();
    return { text, span: tokenSpan(t) };
  }

  private policy(node: CstNode): A.PolicyDecl {
    let version: A.TextItem | null = null;
    let validFrom: A.DateExpr | null = null;
    let validTo: A.DateExpr | null = null;
    let issuer: A.TextItem | null = null;
    const repeals: A.TextItem[] = [];
    let rounding: A.Rounding | null = null;
    const versionOf = (v: CstNode) => this.text(tok(v, "NumberLit") ?? tok(v, "StringLit"));
    const headerVersion = sub(node, "versionAttr");
    if (headerVersion) version = versionOf(headerVersion);
    for (const attr of subs(node, "policyAttr")) {
      const v = sub(attr, "versionAttr");
      if (v) version = versionOf(v);
      const from = sub(attr, "from");
      const to = sub(attr, "to");
      if (from) validFrom = this.dateOrYear(from, "start");
      if (to) validTo = this.dateOrYear(to, "end");
      const issuerToken = tok(attr, "issuer");
      if (issuerToken) issuer = this.text(issuerToken);
      for (const r of toks(attr, "repealed")) {
        const t = this.text(r);
        if (t) repeals.push(t);
      }
      const r = sub(attr, "roundingClause");
      if (r) rounding = this.rounding(r);
    }
    return {
      kind: "Policy",
      title: this.text(tok(node, "Title") ?? tok(node, "StringLit")),
      version,
      validFrom,
      validTo,
      issuer,
      repeals,
      rounding,
      span: nodeSpan(node) ?? { start: 0, end: 0 },
    };
  }

  private rounding(attr: CstNode): A.Rounding {
    const mode: A.RoundingMode = tok(attr, "HalfEven") ? "half-even" : tok(attr, "RoundDown") ? "down" : tok(attr, "RoundUp") ? "up" : "half-up";
    let unit: A.RoundingUnit = "fen";
    const unitToken = tok(attr, "roundingUnit");
    if (unitToken && isReal(unitToken)) {
      const tail = tok(attr, "roundingUnitTail");
      const text = nameText(unitToken.image) + (tail && isReal(tail) ? tail.image : "");
      const found = ROUNDING_UNITS[text.toLowerCase()];
      if (found) unit = found;
      else this.diagnostics.push(diagnostic("K1105", join(tokenSpan(unitToken), tail && isReal(tail) ? tokenSpan(tail) : undefined), { text }));
    }
    return { kind: "Rounding", mode, unit, span: nodeSpan(attr) ?? { start: 0, end: 0 } };
  }

  private dateOrYear(node: CstNode, end: "start" | "end"): A.DateExpr | null {
    const date = tok(node, "DateLit");
    if (date) return this.date(date);
    const n = tok(node, "NumberLit");
    if (!n || !isReal(n)) return null;
    const span = join(tokenSpan(n), nodeSpan(node));
    const digits = toAsciiDigits(n.image);
    const year = /^\d{4}$/.test(digits) ? Number(digits) : undefined;
    if (year === undefined) {
      this.diagnostics.push(diagnostic("K1004", span, { text: n.image }));
      return null;
    }
    return { kind: "Date", value: end === "start" ? `${year}-01-01` : `${year}-12-31`, span };
  }

  private date(t: IToken): A.DateExpr | null {
    if (!isReal(t)) return null;
    const value = isoDate(t.image);
    if (!value) {
      this.diagnostics.push(diagnostic("K1004", tokenSpan(t), { text: t.image }));
      return null;
    }
    return { kind: "Date", value, span: tokenSpan(t) };
  }

  private name(t: IToken): A.Name {
    const text = nameText(t.image);
    if (text.trim().length === 0 && isReal(t)) this.diagnostics.push(diagnostic("K1107", tokenSpan(t)));
    return { kind: "Name", text, span: isReal(t) ? tokenSpan(t) : { start: t.startOffset || 0, end: t.startOffset || 0 } };
  }

  private application(node: CstNode): A.ApplicationDecl {
    const fields: A.FieldDecl[] = [];
    for (const f of subs(node, "fieldDecl")) {
      const nameToken = tok(f, "Identifier");
      const typeNode = sub(f, "typeExpr");
      if (!nameToken || !isReal(nameToken) || !typeNode) continue;
      const type = this.typeExpr(typeNode);
      if (!type) continue;
      const defaultNode = sub(f, "defaultClause");
      const defaultValue = defaultNode && sub(defaultNode, "value");
      fields.push({
        kind: "Field",
        name: this.name(nameToken),
        type,
        default: defaultValue ? this.primary(defaultValue) : defaultNode ? { kind: "ErrorExpr", span: nodeSpan(defaultNode) ?? tokenSpan(nameToken) } : null,
        description: this.text(tok(f, "StringLit")),
        span: nodeSpan(f) ?? tokenSpan(nameToken),
      });
    }
    return { kind: "Application", subject: this.text(tok(node, "Title")), fields, span: nodeSpan(node) ?? { start: 0, end: 0 } };
  }

  private typeExpr(node: CstNode): A.TypeExpr | undefined {
    const span = nodeSpan(node);
    if (!span) return undefined;
    for (const simple of ["MoneyType", "RateType", "BooleanType", "DateType", "YearType", "TextType", "QuantityType"] as const) {
      if (tok(node, simple)) return { kind: simple, span };
    }
    const unitToken = tok(node, "Unit");
    if (unitToken) {
      const unit = unitOf(unitToken);
      return unit ? { kind: "UnitType", unit, span } : undefined;
    }
    const values = [...toks(node, "Identifier"), ...toks(node, "StringLit")]
      .filter(isReal)
      .sort((a, b) => a.startOffset - b.startOffset)
      .map((t): A.Name => (t.tokenType.name === "StringLit" ? { kind: "Name", text: unquote(t.image), span: tokenSpan(t) } : this.name(t)));
    return { kind: "EnumType", values, span };
  }

  private article(node: CstNode): A.ArticleDecl | undefined {
    const found = tok(node, "ArticleNumber");
    // A header that lost its number (reported by the parser) still holds its statements: number 0, cited by none.
    const numberToken = found && isReal(found) ? found : undefined;
    const number = numberToken ? articleNumberOf(numberToken.image) : 0;
    if (numberToken && number === undefined) this.diagnostics.push(diagnostic("K1106", tokenSpan(numberToken), { text: numberToken.image }));
    const statements: A.ArticleStatement[] = [];
    for (const line of subs(node, "statementLine")) {
      const s = sub(line, "statement");
      const built = s && this.statement(s);
      if (built) statements.push(built);
    }
    const title = this.text(tok(node, "Title") ?? tok(node, "StringLit"));
    const headerSpan = join(numberToken && tokenSpan(numberToken), title?.span, nodeSpan(node));
    return {
      kind: "Article",
      number: number ?? 0,
      label: numberToken ? numberToken.image.replace(/[ \t]+/g, " ") : (title?.text ?? "第?条"),
      title,
      statements,
      headerSpan: numberToken || title ? join(numberToken && tokenSpan(numberToken), title?.span) : { start: headerSpan.start, end: headerSpan.start },
      span: nodeSpan(node) ?? headerSpan,
    };
  }

  private statement(node: CstNode): A.ArticleStatement | undefined {
    const rule = sub(node, "ruleDecl");
    if (rule) return this.rule(rule);
    const cap = sub(node, "capClause");
    if (cap) return this.cap(cap);
    const limit = sub(node, "limitClause");
    if (limit) return this.limit(limit);
    const split = sub(node, "splitClause");
    if (split) return this.split(split);
    const except = sub(node, "exceptDecl");
    if (except) {
      const condition = sub(except, "condition");
      return {
        kind: "Except",
        targets: toks(except, "Identifier").filter(isReal).map((t) => this.name(t)),
        condition: this.conditionExpr(condition, except),
        reason: this.reason(except),
        span: nodeSpan(except) ?? { start: 0, end: 0 },
      };
    }
    const require = sub(node, "requireDecl");
    if (require) {
      return { kind: "Require", condition: this.exprOf(sub(require, "expr"), require), reason: this.reason(require), span: nodeSpan(require) ?? { start: 0, end: 0 } };
    }
    const quota = sub(node, "quotaDecl");
    if (quota) {
      const n = tok(quota, "NumberLit");
      const score = tok(quota, "score");
      const target = tok(quota, "target");
      if (!score || !isReal(score)) return undefined;
      return {
        kind: "Quota",
        target: target && isReal(target) ? this.name(target) : null,
        count: n && isReal(n) ? this.number(n, tok(quota, "Unit")) : null,
        perYear: subs(quota, "scope").some((sc) => tok(sc, "PerYear") !== undefined),
        score: this.name(score),
        span: nodeSpan(quota) ?? tokenSpan(score),
      };
    }
    const clawback = sub(node, "clawbackDecl");
    if (clawback) {
      return { kind: "Clawback", condition: this.conditionExpr(sub(clawback, "condition"), clawback), reason: this.reason(clawback), span: nodeSpan(clawback) ?? { start: 0, end: 0 } };
    }
    const highest = sub(node, "highestDecl");
    if (highest) {
      const keywordNode = sub(highest, "ruleKeyword");
      const t = tok(highest, "Identifier") ?? (keywordNode && firstToken(keywordNode));
      if (!t || !isReal(t)) return undefined;
      return { kind: "Highest", target: keywordNode ? { kind: "Name", text: t.image, span: tokenSpan(t) } : this.name(t), span: nodeSpan(highest) ?? tokenSpan(t) };
    }
    const bad = sub(node, "badLine");
    if (bad) {
      this.badLine(bad);
      return undefined;
    }
    const review = sub(node, "reviewDecl");
    if (review) {
      const condition = sub(review, "condition");
      return {
        kind: "Review",
        condition: condition ? this.conditionExpr(condition, review) : null,
        reason: this.reason(review),
        span: nodeSpan(review) ?? { start: 0, end: 0 },
      };
    }
    return undefined;
  }

  private badLine(node: CstNode): void {
    const span = nodeSpan(node);
    const first = firstToken(node);
    if (!span || !first) return;
    const found = first.image;
    const suggestion = first.tokenType.name === "Identifier" ? closest(found, STATEMENT_SPELLINGS) : undefined;
    this.diagnostics.push(
      suggestion
        ? diagnostic("K1108", span, { found, suggestion })
        : diagnostic("K1102", span, { found: `“${found.length > 20 ? `${found.slice(0, 20)}…` : found}”`, foundEn: `'${found.length > 20 ? `${found.slice(0, 20)}…` : found}'` }),
    );
  }

  private reason(node: CstNode): A.TextItem | null {
    const r = sub(node, "reason");
    return r ? this.text(tok(r, "StringLit")) : null;
  }

  private conditionExpr(condition: CstNode | undefined, parent: CstNode): A.Expr {
    return this.exprOf(condition && sub(condition, "expr"), condition ?? parent);
  }

  private rule(node: CstNode): A.RuleDecl {
    const keywordToken = tok(node, "Reward") ?? tok(node, "Subsidy") ?? tok(node, "Eligibility") ?? tok(node, "Deadline") ?? tok(node, "Let") ?? tok(node, "Target");
    const ruleKind: A.RuleKind = tok(node, "Target") ? "target" : tok(node, "Reward")
      ? "reward"
      : tok(node, "Subsidy")
        ? "subsidy"
        : tok(node, "Eligibility")
          ? "eligibility"
          : tok(node, "Deadline")
            ? "deadline"
            : "let";
    const keyword = keywordToken?.image ?? ruleKind;
    const nameToken = tok(node, "Identifier");
    const implicitName = !nameToken || !isReal(nameToken);
    // An award, a test or a deadline may go by its keyword (`预期 奖励 = …`); a definition or a target
    // without a name could never be used or expected.
    if (implicitName && (ruleKind === "let" || ruleKind === "target") && keywordToken && isReal(keywordToken)) {
      this.diagnostics.push(diagnostic("K1107", tokenSpan(keywordToken), { keyword: keywordToken.image }));
    }
    const name: A.Name = implicitName
      ? { kind: "Name", text: keyword, span: keywordToken && isReal(keywordToken) ? tokenSpan(keywordToken) : { start: 0, end: 0 } }
      : this.name(nameToken);
    const conditions = subs(node, "condition");
    return {
      kind: "Rule",
      ruleKind,
      keyword,
      name,
      implicitName,
      value: this.exprOf(sub(node, "value"), node),
      condition: conditions.length > 0 ? this.conditionExpr(conditions[0], node) : null,
      caps: subs(node, "capClause").map((c) => this.cap(c)),
      limits: subs(node, "limitClause").map((c) => this.limit(c)),
      splits: subs(node, "splitClause").map((c) => this.split(c)),
      rounding: sub(node, "roundingClause") ? this.rounding(sub(node, "roundingClause") as CstNode) : null,
      overrides: subs(node, "overridesClause").flatMap((c) => toks(c, "ArticleNumber").filter(isReal).flatMap((t) => this.citation(t))),
      span: nodeSpan(node) ?? { start: 0, end: 0 },
    };
  }

  private citation(t: IToken): A.ArticleCitation[] {
    const number = articleNumberOf(t.image);
    if (number === undefined) {
      this.diagnostics.push(diagnostic("K1106", tokenSpan(t), { text: t.image }));
      return [];
    }
    return [{ number, label: t.image.replace(/[ \t]+/g, " "), span: tokenSpan(t) }];
  }

  private scopes(nodes: CstNode[]): { perFirm: boolean; perProject: boolean; perYear: boolean } {
    const has = (key: string) => nodes.some((n) => tok(n, key) !== undefined);
    return { perFirm: has("PerFirm"), perProject: has("PerProject"), perYear: has("PerYear") };
  }

  private cap(node: CstNode): A.CapClause {
    return { kind: "Cap", ...this.scopes(subs(node, "scope")), amount: this.exprOf(sub(node, "expr"), node), span: nodeSpan(node) ?? { start: 0, end: 0 } };
  }

  private limit(node: CstNode): A.LimitClause {
    const atoms = subs(node, "limitAtom");
    const has = (key: string) => atoms.some((n) => tok(n, key) !== undefined);
    const numberToken = tok(node, "NumberLit");
    const unitToken = tok(node, "Unit");
    let count: A.NumberExpr | null = null;
    if (numberToken && isReal(numberToken)) {
      count = this.number(numberToken, unitToken);
    }
    return {
      kind: "Limit",
      perFirm: has("PerFirm"),
      perProject: has("PerProject"),
      perYear: has("PerYear"),
      inAll: has("InAll"),
      oneOff: has("OneOff"),
      count,
      span: nodeSpan(node) ?? { start: 0, end: 0 },
    };
  }

  private split(node: CstNode): A.SplitClause {
    const shares: A.SplitShare[] = [];
    for (const s of subs(node, "splitShare")) {
      const payer = tok(s, "Identifier");
      if (!payer || !isReal(payer)) continue;
      shares.push({ payer: this.name(payer), share: this.exprOf(sub(s, "expr"), s), span: nodeSpan(s) ?? tokenSpan(payer) });
    }
    return { kind: "Split", shares, span: nodeSpan(node) ?? { start: 0, end: 0 } };
  }

  private example(node: CstNode): A.ExampleDecl {
    const givens: A.Assignment[] = [];
    const expectations: A.Expectation[] = [];
    const history: A.HistoryEntry[] = [];
    let asOf: A.DateExpr | null = null;
    for (const line of subs(node, "exampleLine")) {
      if (tok(line, "History")) {
        const keywordNode = sub(line, "ruleKeyword");
        const t = tok(line, "Identifier") ?? (keywordNode && firstToken(keywordNode));
        const yearNode = sub(line, "year");
        if (t && isReal(t) && yearNode) {
          history.push({
            kind: "History",
            rule: this.name(t),
            year: this.primary(yearNode),
            amount: this.exprOf(sub(line, "amount"), line),
            span: nodeSpan(line) ?? tokenSpan(t),
          });
        }
        continue;
      }
      const dateToken = tok(line, "AsOf") ? tok(line, "DateLit") : undefined;
      if (dateToken) {
        asOf = this.date(dateToken) ?? asOf;
        continue;
      }
      for (const a of subs(line, "assignment")) {
        const t = tok(a, "Identifier");
        if (!t || !isReal(t)) continue;
        givens.push({ kind: "Assignment", name: this.name(t), value: this.exprOf(sub(a, "expr"), a), span: nodeSpan(a) ?? tokenSpan(t) });
      }
      for (const e of subs(line, "expectation")) {
        const outcome = tok(e, "Outcome");
        const keywordNode = sub(e, "ruleKeyword");
        const t = tok(e, "Identifier") ?? outcome ?? (keywordNode && firstToken(keywordNode));
        if (!t || !isReal(t)) continue;
        expectations.push({
          kind: "Expectation",
          name: outcome ? { kind: "Name", text: t.image, span: tokenSpan(t) } : this.name(t),
          isOutcome: outcome !== undefined,
          value: this.exprOf(sub(e, "expr"), e),
          span: nodeSpan(e) ?? tokenSpan(t),
        });
      }
    }
    return {
      kind: "Example",
      title: this.text(tok(node, "Title") ?? tok(node, "StringLit")),
      givens,
      history,
      asOf,
      expectations,
      span: nodeSpan(node) ?? { start: 0, end: 0 },
    };
  }

  // ---------------------------------------------------------------- expressions

  private exprOf(node: CstNode | undefined, parent: CstNode): A.Expr {
    if (!node) {
      const s = nodeSpan(parent) ?? { start: 0, end: 0 };
      return { kind: "ErrorExpr", span: { start: s.end, end: s.end } };
    }
    return this.expr(node);
  }

  private binaryChain(node: CstNode, operandKey: string, operand: (n: CstNode) => A.Expr, opOf: (t: IToken) => A.BinaryOp, opKeys: string[]): A.Expr {
    const operands = subs(node, operandKey);
    // Every expression level of every line comes here: a loop, not flatMap (slow in V8 for short lists).
    const ops: IToken[] = [];
    for (const k of opKeys) for (const t of toks(node, k)) ops.push(t);
    if (opKeys.length > 1) ops.sort((a, b) => a.startOffset - b.startOffset);
    const first = operands[0];
    if (!first) return { kind: "ErrorExpr", span: nodeSpan(node) ?? { start: 0, end: 0 } };
    let result = operand(first);
    for (let i = 1; i < operands.length; i++) {
      const right = operand(operands[i] as CstNode);
      const opToken = ops[i - 1];
      const opSpan = opToken && isReal(opToken) ? tokenSpan(opToken) : { start: result.span.end, end: result.span.end };
      result = { kind: "Binary", op: opToken ? opOf(opToken) : "add", left: result, right, opSpan, span: join(result.span, right.span) };
    }
    return result;
  }

  private expr(node: CstNode): A.Expr {
    return this.binaryChain(node, "andExpr", (n) => this.andExpr(n), () => "or", ["Or"]);
  }

  private andExpr(node: CstNode): A.Expr {
    return this.binaryChain(node, "notExpr", (n) => this.notExpr(n), () => "and", ["And"]);
  }

  private notExpr(node: CstNode): A.Expr {
    const notToken = tok(node, "Not");
    const inner = sub(node, "notExpr");
    if (notToken && inner) {
      const operand = this.notExpr(inner);
      return { kind: "Not", operand, span: join(isReal(notToken) ? tokenSpan(notToken) : undefined, operand.span) };
    }
    const comparison = sub(node, "comparison");
    return comparison ? this.comparison(comparison) : { kind: "ErrorExpr", span: nodeSpan(node) ?? { start: 0, end: 0 } };
  }

  private comparison(node: CstNode): A.Expr {
    const sides = subs(node, "additive");
    const left = sides[0] ? this.additive(sides[0]) : ({ kind: "ErrorExpr", span: nodeSpan(node) ?? { start: 0, end: 0 } } as A.Expr);
    const options = subs(node, "option");
    if (tok(node, "In")) {
      const built = options.map((o) => this.expr(o));
      return { kind: "Membership", value: left, options: built, span: join(left.span, nodeSpan(node)) };
    }
    const rightNode = sides[1];
    const after = tok(node, "OrMore") ?? tok(node, "OrLess");
    const excluded = tok(node, "Excluding");
    const note = excluded ?? tok(node, "Including");
    const close = tok(node, "noteClose");
    if (after && rightNode) {
      // `100万元以上`: at least the number, which is written first; `（不含）` after it excludes the number.
      const right = this.additive(rightNode);
      if (note) this.noteNumber(node, note, right);
      const opSpan = isReal(after) ? tokenSpan(after) : { start: right.span.end, end: right.span.end };
      const op: A.BinaryOp = after.tokenType.name === "OrMore" ? (excluded ? "gt" : "ge") : excluded ? "lt" : "le";
      const end = close && isReal(close) ? tokenSpan(close) : opSpan;
      return { kind: "Binary", op, left, right, opSpan, span: join(left.span, join(right.span, end)) };
    }
    const opNode = sub(node, "compareOp");
    if (!opNode || !rightNode) return left;
    const opToken = firstToken(opNode);
    const right = this.additive(rightNode);
    const op: A.BinaryOp = (() => {
      switch (opToken?.tokenType.name) {
        case "Equals": return "eq";
        case "NotEq": return "ne";
        case "Less": case "LessThan": return "lt";
        case "LessEq": case "AtMost": return "le";
        case "Greater": case "MoreThan": return "gt";
        default: return "ge";
      }
    })();
    const opSpan = opToken && isReal(opToken) ? tokenSpan(opToken) : { start: left.span.end, end: left.span.end };
    if (note && isReal(note) && opToken) {
      // `不少于 100万元（含）` says it twice; `超过 100万元（含）` contradicts itself.
      const inclusive = op === "ge" || op === "le";
      if (op === "eq" || op === "ne" || inclusive === (excluded !== undefined)) {
        const fix = op === "ge" ? ["超过", "more than"] : op === "le" ? ["低于", "less than"] : op === "gt" ? ["不少于", "at least"] : op === "lt" ? ["不超过", "at most"] : ["", ""];
        this.diagnostics.push(
          op === "eq" || op === "ne"
            ? diagnostic("K1113", tokenSpan(note), { note: note.image, op: opToken.image, fix: "≥ 或 ≤", fixEn: "≥ or ≤" })
            : diagnostic("K1113", tokenSpan(note), { note: note.image, op: opToken.image, fix: fix[0] ?? "", fixEn: fix[1] ?? "" }),
        );
      } else this.noteNumber(node, note, right);
    }
    const end = close && isReal(close) ? tokenSpan(close) : right.span;
    return { kind: "Binary", op, left, right, opSpan, span: join(left.span, end) };
  }

  /** `（含100万元）`: the number in the note, when there is one, must be the one compared. */
  private noteNumber(node: CstNode, note: IToken, right: A.Expr): void {
    const n = tok(node, "noteNumber");
    if (!n || !isReal(n)) return;
    const inner = this.number(n, tok(node, "noteUnit"));
    if (!inner) return;
    const same = right.kind === "Number" && inner.value === right.value && (inner.unit === null || inner.unit.id === right.unit?.id);
    if (same) return;
    const noteText = note.tokenType.name === "Excluding" ? "不含" : "含";
    this.diagnostics.push(diagnostic("K1114", inner.span, { inner: inner.text, outer: right.kind === "Number" ? right.text : "…", note: noteText, noteEn: note.tokenType.name === "Excluding" ? "exclusive" : "inclusive" }));
  }

  private additive(node: CstNode): A.Expr {
    return this.binaryChain(node, "multiplicative", (n) => this.multiplicative(n), (t) => (t.tokenType.name === "Plus" ? "add" : "sub"), ["Plus", "Minus"]);
  }

  private multiplicative(node: CstNode): A.Expr {
    return this.binaryChain(node, "unary", (n) => this.unary(n), (t) => (t.tokenType.name === "Times" ? "mul" : "div"), ["Times", "Divide"]);
  }

  private unary(node: CstNode): A.Expr {
    const minus = tok(node, "Minus");
    const inner = sub(node, "unary");
    if (minus && inner) {
      const operand = this.unary(inner);
      return { kind: "Negate", operand, span: join(isReal(minus) ? tokenSpan(minus) : undefined, operand.span) };
    }
    const primary = sub(node, "primary");
    return primary ? this.primary(primary) : { kind: "ErrorExpr", span: nodeSpan(node) ?? { start: 0, end: 0 } };
  }

  private number(t: IToken, unitToken: IToken | undefined): A.NumberExpr | null {
    // `百分之五十`: the number after 百分之, with the unit % (another unit after it cannot be read).
    const inWords = t.image.startsWith(PERCENT_IN_WORDS);
    const written = unitToken && isReal(unitToken) ? (unitOf(unitToken) ?? null) : null;
    const value = inWords && written === null ? numberValue(t.image.slice(PERCENT_IN_WORDS.length)) : inWords ? undefined : numberValue(t.image);
    const unit: A.UnitRef | null = inWords
      ? { kind: "Unit", id: "percent", text: PERCENT_IN_WORDS, span: { start: t.startOffset, end: t.startOffset + PERCENT_IN_WORDS.length } }
      : written;
    const span = join(tokenSpan(t), written?.span);
    const text = t.image + (unitToken && isReal(unitToken) ? unitToken.image : "");
    if (value === undefined) {
      this.diagnostics.push(diagnostic("K1005", span, { text: inWords ? text : t.image }));
      return null;
    }
    return { kind: "Number", value, unit, text, span };
  }

  private primary(node: CstNode): A.Expr {
    const span = nodeSpan(node) ?? { start: 0, end: 0 };
    const errorExpr: A.Expr = { kind: "ErrorExpr", span };
    const numberToken = tok(node, "NumberLit");
    if (numberToken) {
      if (!isReal(numberToken)) return errorExpr;
      const unitToken = tok(node, "Unit");
      // `2025年`: a four-digit whole number of years is a calendar year.
      const digits = toAsciiDigits(numberToken.image);
      if (unitToken && isReal(unitToken) && unitToken.image === "年" && /^\d{4}$/.test(digits)) {
        return { kind: "Year", value: Number(digits), span };
      }
      return this.number(numberToken, unitToken) ?? errorExpr;
    }
    const dateToken = tok(node, "DateLit");
    if (dateToken) return this.date(dateToken) ?? errorExpr;
    const stringToken = tok(node, "StringLit");
    if (stringToken) return isReal(stringToken) ? { kind: "Text", value: unquote(stringToken.image), span } : errorExpr;
    if (tok(node, "True")) return { kind: "Bool", value: true, span };
    if (tok(node, "False")) return { kind: "Bool", value: false, span };
    if (tok(node, "Eligible")) return { kind: "Outcome", value: "eligible", span };
    if (tok(node, "NotEligible")) return { kind: "Outcome", value: "not-eligible", span };
    if (tok(node, "NeedsReview")) return { kind: "Outcome", value: "needs-review", span };
    if (tok(node, "ApplicationDate")) return { kind: "ApplicationDate", span };
    if (tok(node, "NotApplicable")) return { kind: "Outcome", value: "not-applicable", span };
    if (tok(node, "Computed")) return { kind: "Outcome", value: "computed", span };
    const id = tok(node, "Identifier");
    if (id) return isReal(id) ? { kind: "Ref", name: this.name(id), span } : errorExpr;
    const keywordNode = sub(node, "ruleKeyword");
    if (keywordNode) {
      const t = firstToken(keywordNode);
      return t && isReal(t) ? { kind: "Ref", name: { kind: "Name", text: t.image, span: tokenSpan(t) }, span } : errorExpr;
    }
    const fnToken = tok(node, "Min") ?? tok(node, "Max");
    if (fnToken) {
      return { kind: "Call", fn: tok(node, "Min") ? "min" : "max", fnText: fnToken.image, args: subs(node, "arg").map((a) => this.expr(a)), span };
    }
    const inner = sub(node, "inner");
    if (inner) {
      const e = this.expr(inner);
      return e.kind === "ErrorExpr" ? e : { ...e, span };
    }
    const condition = sub(node, "condition");
    if (condition) {
      const then = sub(node, "then");
      const otherwise = sub(node, "otherwise");
      return {
        kind: "Conditional",
        condition: this.expr(condition),
        then: then ? this.expr(then) : errorExpr,
        otherwise: otherwise ? this.expr(otherwise) : errorExpr,
        span,
      };
    }
    return errorExpr;
  }
}

/** 4 for `第四条`, `第4条`, `article 4`; undefined when it cannot be read (or is past any integer a number holds exactly). */
function articleNumberOf(image: string): number | undefined {
  const digits = /\d+/.exec(toAsciiDigits(image))?.[0];
  const chinese = /^第(.+)条$/.exec(image)?.[1];
  const number = digits !== undefined ? Number(digits) : chinese !== undefined ? parseChineseInteger(chinese) : undefined;
  return number !== undefined && Number.isSafeInteger(number) ? number : undefined;
}

function firstToken(node: CstNode): IToken | undefined {
  let best: IToken | undefined;
  for (const list of Object.values(node.children)) {
    for (const el of list ?? []) {
      const t = "image" in el ? el : firstToken(el);
      if (t && (!best || t.startOffset < best.startOffset)) best = t;
    }
  }
  return best;
}

function firstImage(node: CstNode): string {
  return firstToken(node)?.image ?? "";
}
