/**
 * Source text → AST plus syntax diagnostics. Never throws on user input.
 */
import type { IToken } from "chevrotain";
import { diagnostic, type Diagnostic } from "../compiler/diagnostics/index.js";
import type { KuanFile, TopItem } from "./ast.js";
import { KEYWORDS } from "./keywords.js";
import { tokenize, type DeclaredName } from "./lexer.js";
import { MAX_NESTING, MAX_OPERATORS, parseFileLines, type LinesState } from "./lines.js";
import { AstBuilder } from "./to-ast.js";

export interface ParsedFile {
  readonly ast: KuanFile;
  readonly tokens: readonly IToken[];
  readonly diagnostics: readonly Diagnostic[];
}

/** How a token is named in "expected …" messages. */
const TOKEN_LABELS: Record<string, { zh: string; en: string }> = {
  NL: { zh: "行尾", en: "end of line" },
  Identifier: { zh: "名称", en: "a name" },
  Title: { zh: "标题", en: "a title" },
  StringLit: { zh: "带引号的文字", en: "a quoted string" },
  NumberLit: { zh: "数字", en: "a number" },
  DateLit: { zh: "日期", en: "a date" },
  Unit: { zh: "单位", en: "a unit" },
  ArticleNumber: { zh: "第N条", en: "article N" },
  Equals: { zh: "“=”", en: "'='" },
  Colon: { zh: "“：”", en: "':'" },
  Comma: { zh: "“，”", en: "','" },
  LParen: { zh: "“（”", en: "'('" },
  RParen: { zh: "“）”", en: "')'" },
  Plus: { zh: "“+”", en: "'+'" },
  Minus: { zh: "“-”", en: "'-'" },
  Times: { zh: "“×”", en: "'×'" },
  Divide: { zh: "“÷”", en: "'÷'" },
  EOF: { zh: "文件结尾", en: "end of file" },
};
for (const k of KEYWORDS) TOKEN_LABELS[k.name] = { zh: `“${k.zh[0]}”`, en: `'${k.en[0]}'` };

const EXPRESSION_STARTS = new Set(["NumberLit", "DateLit", "StringLit", "Identifier", "LParen", "Minus", "Min", "Max", "True", "False", "Not", "If"]);

function describeExpected(expected: readonly string[]): { zh: string; en: string } {
  if (expected.filter((e) => EXPRESSION_STARTS.has(e)).length >= 3) return { zh: "一个值或表达式", en: "a value or expression" };
  const labels = expected.slice(0, 4).map((e) => TOKEN_LABELS[e] ?? { zh: e, en: e });
  if (labels.length === 0) return { zh: "其他内容", en: "something else" };
  return { zh: labels.map((l) => l.zh).join("或"), en: labels.map((l) => l.en).join(" or ") };
}

function shown(t: IToken): { found: string; foundEn: string } {
  if (t.tokenType.name === "EOF" || (t.tokenType.name === "NL" && t.image === "")) return { found: "文件结尾", foundEn: "the end of the file" };
  if (t.tokenType.name === "NL") return { found: "行尾", foundEn: "the end of the line" };
  const image = t.image.length > 20 ? `${t.image.slice(0, 20)}…` : t.image;
  return { found: `“${image}”`, foundEn: `'${image}'` };
}

/**
 * A keyword and an undeclared name written against each other where the line stops making sense
 * (`如果是示范企业`: 是 · 示范企业; `如果示范企业是`): the run may have been meant as one name.
 */
function gluedToKeyword(t: IToken, tokens: readonly IToken[], declared: ReadonlySet<string>): { name: string; keyword: string; whole: string; at: IToken } | undefined {
  const i = indexAt(tokens, t.startOffset);
  const glued = (a: IToken | undefined, b: IToken | undefined): a is IToken => a !== undefined && b !== undefined && a.startOffset + a.image.length === b.startOffset && /\p{Script=Han}$/u.test(a.image) && /^\p{Script=Han}/u.test(b.image);
  const previous = tokens[i - 1];
  const next = tokens[i + 1];
  if (tokens[i] !== t) return undefined;
  const isKeyword = (x: IToken) => KEYWORD_NAMES.has(x.tokenType.name);
  const undeclared = (x: IToken) => x.tokenType.name === "Identifier" && !declared.has(x.image);
  // `如果 申报材料属实`: the line breaks at the keyword 申报, and an undeclared name follows it (after
  // more keywords, in `已获奖励企业`); one written against it before is part of the run (`研发补贴充足`).
  if (isKeyword(t)) {
    let j = i;
    while (isKeyword(tokens[j] as IToken) && glued(tokens[j], tokens[j + 1])) j++;
    const last = tokens[j];
    if (j > i && last !== undefined && undeclared(last)) {
      const lead = previous !== undefined && glued(previous, t) && undeclared(previous) ? previous.image : "";
      const whole = lead + tokens.slice(i, j + 1).map((x) => x.image).join("");
      return { name: lead || last.image, keyword: t.image, whole, at: lead && previous ? previous : last };
    }
  }
  if (!glued(previous, t)) return undefined;
  if (undeclared(t) && isKeyword(previous)) {
    // A keyword ending the line is part of the run too: 符合实施细则 is 符合 · 实施细 · 则.
    const tail = next !== undefined && glued(t, next) && isKeyword(next) && tokens[i + 2]?.tokenType.name === "NL" ? next.image : "";
    return { name: t.image, keyword: previous.image, whole: previous.image + t.image + tail, at: t };
  }
  if (isKeyword(t) && undeclared(previous)) return { name: previous.image, keyword: t.image, whole: previous.image + t.image, at: previous };
  // `非独占许可占比` with 占比 declared: 非 · 独占许可 · 占比, and the line breaks at 占比.
  const before = tokens[i - 2];
  if (t.tokenType.name === "Identifier" && undeclared(previous) && glued(before, previous) && isKeyword(before)) {
    return { name: previous.image, keyword: before.image, whole: before.image + previous.image + t.image, at: previous };
  }
  return undefined;
}

/** Index of the token starting at `offset` (or of the first after it). */
function indexAt(tokens: readonly IToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens[mid] as IToken).startOffset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
const KEYWORD_NAMES: ReadonlySet<string> = new Set(KEYWORDS.map((k) => k.name));

/** The `(` left open on the line before `at`: shown with a missing `)`. */
function unclosedParenBefore(tokens: readonly IToken[], at: number): IToken | undefined {
  const lo = indexAt(tokens, at);
  let depth = 0;
  for (let i = lo - 1; i >= 0; i--) {
    const t = tokens[i] as IToken;
    if (t.tokenType.name === "NL") return undefined;
    if (t.tokenType.name === "RParen") depth++;
    if (t.tokenType.name === "LParen" && depth-- === 0) return t;
  }
  return undefined;
}

/** Words a drafter writes for "not" that are not Kuan's keyword for it (非 / not). */
const NEGATIONS: ReadonlySet<string> = new Set(["不", "不是", "没有", "未", "无", "non"]);

/**
 * `如果 不 是高新企业`, `如果 未在本市纳税`, `if no high_tech`: a negation word just before the
 * token the line broke at (an undeclared name, or the literal 否 / no), with that token a name:
 * the negation the drafter meant.
 */
function negationBefore(t: IToken, tokens: readonly IToken[], declared: ReadonlySet<string>): { word: IToken; name: string } | undefined {
  const i = indexAt(tokens, t.startOffset);
  const previous = tokens[i - 1];
  if (tokens[i] !== t || previous === undefined || t.tokenType.name !== "Identifier") return undefined;
  const word = previous.tokenType.name === "False" || (previous.tokenType.name === "Identifier" && !declared.has(previous.image) && NEGATIONS.has(previous.image));
  return word ? { word: previous, name: t.image } : undefined;
}

/**
 * `研发投入的10%`, `(担保费 + 评估费)的50%`, `10% of spending`: 的 / of between an amount and a
 * share of it, where the line broke (the word not declared): the product the drafter meant, its
 * two sides as written.
 */
function ofBetween(t: IToken, tokens: readonly IToken[], declared: ReadonlySet<string>, source: string): { word: IToken; left: string; right: string } | undefined {
  const i = indexAt(tokens, t.startOffset);
  const previous = tokens[i - 1];
  const next = tokens[i + 1];
  const of = t.image === "的" || t.image.toLowerCase() === "of";
  if (tokens[i] !== t || t.tokenType.name !== "Identifier" || !of || declared.has(t.image) || previous === undefined || next === undefined) return undefined;
  const leftKinds = ["Identifier", "NumberLit", "Unit", "RParen"];
  if (!leftKinds.includes(previous.tokenType.name) || !["Identifier", "NumberLit", "LParen"].includes(next.tokenType.name)) return undefined;
  const after = tokens[i + 2];
  const right = next.tokenType.name === "NumberLit" && after?.tokenType.name === "Unit" ? source.slice(next.startOffset, after.startOffset + after.image.length) : next.tokenType.name === "LParen" ? "(…)" : next.image;
  const left = previous.tokenType.name === "RParen" ? "(…)" : previous.tokenType.name === "Unit" ? source.slice((tokens[i - 2] ?? previous).startOffset, previous.startOffset + previous.image.length) : previous.image;
  return { word: t, left, right };
}

/** `奖励 甲 = 5万元 如果 乙 否则 0元`: 否则 where the line broke, after a 如果 with no 则 between. */
function elseAfterCondition(t: IToken, tokens: readonly IToken[]): boolean {
  if (t.tokenType.name !== "Else") return false;
  for (let i = indexAt(tokens, t.startOffset) - 1; i >= 0; i--) {
    const name = (tokens[i] as IToken).tokenType.name;
    if (name === "NL" || name === "Then") return false;
    if (name === "If") return true;
  }
  return false;
}

/** `names` and `prescanned`: see `tokenize`; `state`: see `parseFileLines`. */
export function parse(source: string, names?: Iterable<string>, state?: LinesState, prescanned?: readonly DeclaredName[]): ParsedFile {
  const lexed = tokenize(source, names, prescanned);
  // Each top item becomes AST as soon as its block closes and its CST is dropped: the CST of a
  // whole large policy was most of the compiler's memory (~800 bytes a token, long-lived).
  const builder = new AstBuilder();
  const items: TopItem[] = [];
  const { errors, tooDeep } = parseFileLines(
    lexed.tokens,
    source,
    (node) => {
      const built = builder.topItem(node);
      if (built) items.push(built);
    },
    state,
  );
  const diagnostics: Diagnostic[] = [...lexed.diagnostics];
  const reportedLines = new Set<number>();
  for (const t of tooDeep) {
    reportedLines.add(source.lastIndexOf("\n", t.startOffset - 1));
    diagnostics.push(diagnostic("K1109", { start: t.startOffset, end: t.startOffset + t.image.length }, { max: String(MAX_NESTING), ops: String(MAX_OPERATORS) }));
  }
  for (const error of errors) {
    const t = error.token;
    const real = Number.isFinite(t.startOffset) && t.tokenType.name !== "EOF";
    const at = real ? t.startOffset : source.length;
    // "Found the end of the line": the line's last character, so the squiggle stays on the line.
    const atLineEnd = real && t.tokenType.name === "NL" && at > 0;
    const span = atLineEnd
      ? { start: at - 1, end: at }
      : { start: Math.min(at, source.length), end: Math.min(source.length, real ? at + Math.max(1, t.image.length) : at) };
    // One syntax error per line: the rest of a bad line is noise.
    const lineStart = source.lastIndexOf("\n", at - 1);
    if (reportedLines.has(lineStart)) continue;
    reportedLines.add(lineStart);
    const found = shown(t);
    const glued = real ? gluedToKeyword(t, lexed.tokens, lexed.declared) : undefined;
    const negation = real && !glued ? negationBefore(t, lexed.tokens, lexed.declared) : undefined;
    const of = real && !glued && !negation ? ofBetween(t, lexed.tokens, lexed.declared, source) : undefined;
    const endExpected = error.data.kind === "mismatch" && error.data.expected.length === 1 && error.data.expected[0] === "NL";
    if (error.data.kind === "stray") {
      diagnostics.push(diagnostic("K1102", span, found));
    } else if (error.data.kind === "noViableAlt" && error.data.expected.includes("Cap") && error.data.expected.includes("Split")) {
      diagnostics.push(diagnostic("K1102", span, found));
    } else if (glued) {
      // `如果是示范企业` with 是示范企业 not declared: the keyword 是 took the first character.
      const { at: name, ...args } = glued;
      diagnostics.push(diagnostic("K2004", { start: name.startOffset, end: name.startOffset + name.image.length }, args));
    } else if (negation) {
      diagnostics.push(diagnostic("K1110", { start: negation.word.startOffset, end: negation.word.startOffset + negation.word.image.length }, { word: negation.word.image, name: negation.name }));
    } else if (real && elseAfterCondition(t, lexed.tokens)) {
      diagnostics.push(diagnostic("K1112", span));
    } else if (of) {
      diagnostics.push(diagnostic("K1111", { start: of.word.startOffset, end: of.word.startOffset + of.word.image.length }, { word: of.word.image, left: of.left, right: of.right }));
    } else if (error.data.kind === "notAllInput" || (endExpected && real && t.tokenType.name !== "NL")) {
      // The line was whole before this token: `奖励 甲 = 10万元 20万元`.
      diagnostics.push(diagnostic("K1103", span, found));
    } else {
      const expected = describeExpected(error.data.expected);
      const opener = error.data.expected.includes("RParen") ? unclosedParenBefore(lexed.tokens, at) : undefined;
      const related = opener ? [{ span: { start: opener.startOffset, end: opener.startOffset + opener.image.length }, label: { zh: "括号在此打开", en: "the parenthesis opened here" } }] : undefined;
      diagnostics.push(diagnostic("K1101", span, { expected: expected.zh, expectedEn: expected.en, ...found }, related));
    }
  }
  // A line whose characters the lexer refused, or that declares a keyword as a name, has had its
  // error: the parse errors that follow from it on the same line are noise.
  const lexedLines = new Set(lexed.diagnostics.map((d) => source.lastIndexOf("\n", d.span.start - 1)));
  for (let i = diagnostics.length - 1; i >= lexed.diagnostics.length; i--) {
    const d = diagnostics[i];
    if (d && lexedLines.has(source.lastIndexOf("\n", d.span.start - 1))) diagnostics.splice(i, 1);
  }
  for (const line of lexedLines) reportedLines.add(line);
  const ast: KuanFile = { kind: "File", items, span: { start: 0, end: source.length } };
  for (const d of builder.diagnostics) {
    const isBadLine = d.code === "K1102" || d.code === "K1108" || d.code === "K1104";
    if (isBadLine && reportedLines.has(source.lastIndexOf("\n", d.span.start - 1))) continue;
    diagnostics.push(d);
  }
  return { ast, tokens: lexed.tokens, diagnostics };
}

export type { KuanFile } from "./ast.js";
