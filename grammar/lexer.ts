/**
 * The lexer: a pre-scan finds the names the file declares (so Chinese text without spaces can be
 * split into words, see lexer-matchers.ts), one chevrotain Lexer turns the text into tokens, and a
 * post-pass makes line breaks mean "end of statement" only where a statement can end.
 */
import { createTokenInstance, Lexer, type IToken } from "chevrotain";
import { diagnostic, type Diagnostic } from "../compiler/diagnostics/index.js";
import { visible } from "../compiler/diagnostics/visible.js";
import { KEYWORDS, UNITS } from "./keywords.js";
import { KEYWORD_SPELLINGS, setDeclaredNames } from "./lexer-matchers.js";
import type { TokenType } from "chevrotain";
import {
  allTokens,
  ArticleNumber,
  Garbage,
  Colon,
  Identifier,
  keywordTokens,
  continuationTokens,
  leadingContinuationTokens,
  LParen,
  NL,
  RParen,
  Semicolon,
  StringLit,
  UnterminatedString,
} from "./tokens.js";

/**
 * Chevrotain's offsets-only tokens, born with the end offset the parser's node locations need: set
 * afterwards it would give every token a second allocation (an out-of-object property store) that
 * lives as long as the token. (Chevrotain picks `createOffsetOnlyToken` by name for "onlyOffset".)
 */
class OffsetLexer extends Lexer {
  createOffsetOnlyToken(image: string, startOffset: number, tokenTypeIdx: number, tokenType: TokenType): IToken {
    return { image, startOffset, endOffset: startOffset + image.length - 1, tokenTypeIdx, tokenType };
  }
}

const lexer = new OffsetLexer(allTokens, {
  ensureOptimizations: true,
  positionTracking: "onlyOffset",
  skipValidations: true,
});

/** Validates the token definitions once (used by tests; skipped on the hot path). */
export function validateLexerDefinition(): void {
  new Lexer(allTokens, { ensureOptimizations: true, positionTracking: "onlyOffset" });
}

const HEADER_PREFIX = /^(?:第[零〇一二两三四五六七八九十百千0-9０-９]+条|申报|政策|预期|application(?![A-Za-z0-9_])|policy(?![A-Za-z0-9_])|example(?![A-Za-z0-9_]))/i;
/** Operators and commas typed by mistake before a name (`，立项日期: 日期`, `+是重点企业:`): that line's error, the name is still declared. */
const STRAY = "[,，、;；=＝+\\-×÷*/<>≥≤＋－＊／＜＞]";
const FIELD_DECLARATION = new RegExp(`^([ \\t\\u3000]*)(?:${STRAY}[ \\t\\u3000]*)*(「[^」\\r\\n]+」|[^\\s:：#＃"“「(（,，=＝;；]+?)[ \\t\\u3000]*(?:${STRAY}[ \\t\\u3000]*)*[:：]`, "gmu");
const RULE_KEYWORDS = "奖励|补贴|资助|资格|期限|定义|目标|reward|subsidy|eligibility|deadline|let|target";
const RULE_DECLARATION = new RegExp(
  `^[ \\t\\u3000]*(?:${STRAY}[ \\t\\u3000]*)*(${RULE_KEYWORDS})[ \\t\\u3000]*(?:[,，、][ \\t\\u3000]*)?(「[^」\\r\\n]+」|[^\\s=＝:：#＃"“(（,，、]+?)[ \\t\\u3000]*[+\\-×÷*/<>≥≤＋－＊／＜＞,，、]?[ \\t\\u3000]*[=＝]`,
  "gimu",
);
/** A rule whose `=` was lost (`奖励 质押奖励  最小(…)`): its name is still a word. */
const RULE_WITHOUT_EQUALS = new RegExp(`^[ \\t\\u3000]*(?:${STRAY}[ \\t\\u3000]*)*(?:${RULE_KEYWORDS})[ \\t\\u3000]+([^\\s=＝:：#＃"“(（,，、<>≤≥＜＞+×÷*/]+)[ \\t\\u3000]+(?=[^\\s=＝+\\-×÷*/<>≥≤＋－＊／＜＞,，、])`, "gimu");
/** A rule glued onto the end of the line before (`… = 已放款资格 可申报保险类 = 已付清保费`). */
// (What stands before the keyword is checked by prescanDeclaredNames: a lookbehind here would be tried at every character.)
const RULE_GLUED = new RegExp(`(?:${RULE_KEYWORDS})[ \\t\\u3000]+([^\\s=＝:：#＃"“(（,，、<>≤≥＜＞+×÷*/]+)[ \\t\\u3000]*[=＝]`, "giu");
const ENUM_DECLARATION = /(?:之一|one[ \t]+of)[ \t\u3000]*[(（]([^)）\r\n]*)[)）]/giu;

const ATTRIBUTE_WORDS: ReadonlySet<string> = new Set(
  KEYWORDS.filter((k) => ["Policy", "Application", "Version", "Valid", "Issuer", "Repeals", "Rounding"].includes(k.name)).flatMap((k) => [...k.zh, ...k.en.map((e) => e.toLowerCase())]),
);

/** A field whose colon was lost (`  立项日期 日期 "…"`): the name is still declared, so its uses elsewhere read as one word. */
const TYPE_WORDS = [...KEYWORDS.filter((k) => k.group === "type").flatMap((k) => [...k.zh, ...k.en]), ...UNITS.flatMap((u) => [...u.zh, ...u.en])]
  .sort((a, b) => b.length - a.length)
  .map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
// A name has no operator, and after the type only a description or a comment may follow
// (`上限per year 1 yuan` is a cap and `require分支机构>54 people` a condition, not fields).
const FIELD_WITHOUT_COLON = new RegExp(`^[ \\t\\u3000]+([^\\s:：#＃"“「(（,，=＝;；<>≤≥＜＞+×÷*/]+)[ \\t\\u3000]+(?:${TYPE_WORDS.join("|")})(?=[ \\t\\u3000]*(?:["“(（#＃]|$))`, "gmu");

/** A rule or field glued onto the end of the line before (`理由 "…"补贴 保险补贴 = …`): after a closing quote. */
const RULE_AFTER_QUOTE = new RegExp(`(?<=[^\\s"“])["”][ \\t\\u3000]*(?:${RULE_KEYWORDS})[ \\t\\u3000]*([^\\s=＝:：#＃"“(（]+?)[ \\t\\u3000]*[=＝]`, "giu");
/**
 * A field glued onto the line before: after a closing quote (`"…"经营状况良好: 是否`), a type
 * (`研发投入稳定: 是否经营状况良好: 是否`), an enumeration's `)` or a header's colon (`申报 企业:贷款: 金额`).
 */
const FIELD_GLUED = new RegExp(
  `(?:[:：][ \\t\\u3000]*(?:${TYPE_WORDS.join("|")})?|[)）]|(?<=[^\\s"“])["”])([^\\s:：#＃"“「(（)）,，=＝;；]{2,})(?=[ \\t\\u3000]*[:：][ \\t\\u3000]*(?:${TYPE_WORDS.join("|")}))`,
  "giu",
);

/** Where each line's block begins (only a header at the start of a line opens one). */
const ARTICLE_LINE = /^[ \t\u3000]*(?:第[零〇一二两三四五六七八九十百千0-9０-９]+条|article[ \t]+[0-9]+(?![A-Za-z0-9_]))/i;
const EXAMPLE_LINE = /^[ \t\u3000]*(?:例|example(?![A-Za-z0-9_]))(?![^ \t\u3000:："“])/i;
const OTHER_HEADER_LINE = /^[ \t\u3000]*(?:申报|政策|application(?![A-Za-z0-9_])|policy(?![A-Za-z0-9_]))(?![^ \t\u3000:："“])/i;
/** An example's line that is not an input: `预期 …`, `已获 …`, `截至 …`. */
const EXAMPLE_KEYWORD_LINE = /^[ \t\u3000]*(?:预期|已获|截至|expect(?![A-Za-z0-9_])|granted(?![A-Za-z0-9_])|as[ \t]+of(?![A-Za-z0-9_]))/i;
const EXPECTATION_LINE = /^([ \t\u3000]*(?:预期|expect(?![A-Za-z0-9_]))[ \t\u3000]*)(.*)$/i;
/** `名称 = 值`, one of the comma-separated parts of an example's line. */
const ASSIGNED_NAME = /^[ \t\u3000]*([^\s=＝:：#＃"“「(（)）,，、;；<>≤≥＜＞+×÷*/]+)[ \t\u3000]*[=＝]/u;

export interface DeclaredName {
  readonly text: string;
  readonly offset: number;
  /** Found on a line that is wrong as written: used to split words, never reported as a keyword. */
  readonly lenient?: boolean;
}

type LineBlock = "article" | "example" | "other";

/** Each line's start offset and the block it stands in, as far as a look at line starts can tell. */
function linesWithBlocks(source: string): { start: number; text: string; block: LineBlock }[] {
  const result: { start: number; text: string; block: LineBlock }[] = [];
  let block: LineBlock = "other";
  for (let start = 0; start <= source.length; ) {
    let end = source.indexOf("\n", start);
    if (end < 0) end = source.length;
    const text = source.slice(start, end).replace(/\r$/, "");
    if (ARTICLE_LINE.test(text)) block = "article";
    else if (EXAMPLE_LINE.test(text)) block = "example";
    else if (OTHER_HEADER_LINE.test(text)) block = "other";
    result.push({ start, text, block });
    start = end + 1;
  }
  return result;
}

/**
 * Names used where only a name can stand, for the lines that lost their declaration: the inputs an
 * example gives (`是重点企业 = 是`), the results it expects (`预期 服务费补贴 = …`), and a rule in
 * an article whose keyword was lost (`可申报质押类 = 已放款`). With these the uses of a name whose
 * field line is broken still read as one word, and only the broken line has an error.
 */
function namesInUse(source: string, add: (name: string, offset: number) => void): ReadonlySet<number> {
  const exampleLines = new Set<number>();
  for (const line of linesWithBlocks(source)) {
    if (line.block === "example") exampleLines.add(line.start);
    if (line.block === "example" && !EXAMPLE_LINE.test(line.text)) {
      const expectation = EXPECTATION_LINE.exec(line.text);
      const body = expectation ? (expectation[2] ?? "") : EXAMPLE_KEYWORD_LINE.test(line.text) ? "" : line.text;
      let at = line.start + (expectation ? (expectation[1] ?? "").length : 0);
      for (const part of body.split(/([,，、;；])/)) {
        const m = ASSIGNED_NAME.exec(part);
        if (m && !/^[,，、;；]$/.test(part)) add(m[1] ?? "", at + part.indexOf(m[1] ?? ""));
        at += part.length;
      }
    } else if (line.block === "article" && !ARTICLE_LINE.test(line.text)) {
      const m = ASSIGNED_NAME.exec(line.text);
      if (m && !startsWithKeyword(m[1] ?? "")) add(m[1] ?? "", line.start + line.text.indexOf(m[1] ?? ""));
    }
  }
  return exampleLines;
}

function startsWithKeyword(word: string): boolean {
  // No keyword is longer than 16 characters (`application date`).
  for (let end = 1; end <= Math.min(word.length, 16); end++) if (KEYWORD_SPELLINGS.has(word.slice(0, end)) || KEYWORD_SPELLINGS.has(word.slice(0, end).toLowerCase())) return true;
  return false;
}

/** Names the file declares, found before lexing so that the lexer can match them longest-first. */
export function prescanDeclaredNames(source: string): DeclaredName[] {
  const names: DeclaredName[] = [];
  const clean = (raw: string, offset: number): { text: string; offset: number } | undefined => {
    const stray = /^[,，、+\-×÷*/<>≥≤＋－＊／＜＞]+/.exec(raw)?.[0].length ?? 0;
    const text = raw.slice(stray).replace(/[,，、+\-×÷*/<>≥≤＋－＊／＜＞\s]+$/, "").trim();
    if (text.length === 0 || text.startsWith("「") || /^[0-9０-９]/.test(text)) return undefined;
    return { text, offset: offset + stray };
  };
  const add = (raw: string, offset: number) => {
    const name = clean(raw, offset);
    if (name) names.push(name);
  };
  const addLenient = (raw: string, offset: number) => {
    const name = clean(raw, offset);
    if (name && !KEYWORD_SPELLINGS.has(name.text) && !KEYWORD_SPELLINGS.has(name.text.toLowerCase())) names.push({ ...name, lenient: true });
  };
  const fields = new Set<string>();
  for (const m of source.matchAll(FIELD_DECLARATION)) {
    const name = m[2] ?? "";
    // `申报企业:` at the start of a line is a header written without a space; an indented
    // `申报年度: 年份` is a field whose name begins with a header word.
    if ((m[1] ?? "").length === 0 && HEADER_PREFIX.test(name)) continue;
    // `版本：2024`, `有效期：…` typed with a full-width colon are attributes, not fields named after a keyword.
    if (ATTRIBUTE_WORDS.has(name.trim().toLowerCase())) continue;
    fields.add(name.trim());
    add(name, (m.index ?? 0) + m[0].lastIndexOf(name));
  }
  for (const m of source.matchAll(FIELD_WITHOUT_COLON)) {
    // `限累计3 years` is a number with its unit, not a field 限累计3 of type years.
    if (!/[0-9０-９]$/.test(m[1] ?? "")) addLenient(m[1] ?? "", (m.index ?? 0) + m[0].indexOf(m[1] ?? ""));
  }
  for (const re of [RULE_AFTER_QUOTE, FIELD_GLUED, RULE_WITHOUT_EQUALS]) {
    for (const m of source.matchAll(re)) addLenient(m[1] ?? "", (m.index ?? 0) + m[0].lastIndexOf(m[1] ?? ""));
  }
  for (const m of source.matchAll(RULE_GLUED)) {
    // Glued: right after the end of a value (`已放款资格 …`), not at a line's start, a space or an English word.
    const before = source.charAt((m.index ?? 0) - 1);
    if (before !== "" && !/[\sA-Za-z0-9_"“”]/.test(before)) addLenient(m[1] ?? "", (m.index ?? 0) + m[0].lastIndexOf(m[1] ?? ""));
  }
  const exampleLines = namesInUse(source, addLenient);
  for (const m of source.matchAll(RULE_DECLARATION)) {
    const keyword = m[1] ?? "";
    const name = m[2] ?? "";
    const at = (m.index ?? 0) + m[0].lastIndexOf(name);
    // An example gives inputs, it declares no rule: `资助比例 = 50%` there is the input 资助比例.
    if (exampleLines.has(source.lastIndexOf("\n", at) + 1)) continue;
    // Nor is a field that begins with a rule keyword (`资助比例: 比例`) a rule where it is used.
    if (source.startsWith(keyword, at - keyword.length) && fields.has(keyword + name)) continue;
    add(name, at);
  }
  for (const m of source.matchAll(ENUM_DECLARATION)) {
    const list = m[1] ?? "";
    let at = (m.index ?? 0) + m[0].indexOf(list);
    // Values are separated by commas; one lost (`之一(企业 高校, …)`) leaves two words, not one name with a space.
    for (const part of list.split(/([,，、\s]+)/)) {
      if (!/^[,，、\s]+$/.test(part)) add(part.replace(/^["“]|["”]$/g, ""), at);
      at += part.length;
    }
  }
  return names;
}

export interface LexResult {
  readonly tokens: IToken[];
  readonly diagnostics: Diagnostic[];
  /** The names the pre-scan found declared (what the lexer matched as whole words). */
  readonly declared: ReadonlySet<string>;
}

/** A declared name the lexer can match: not spelled like a keyword (that one needs 「」, K2003). */
export function isUsableName(name: DeclaredName): boolean {
  return !KEYWORD_SPELLINGS.has(name.text) && !KEYWORD_SPELLINGS.has(name.text.toLowerCase());
}

/**
 * `names`: the names to match instead of those the text declares — the whole file's, when the
 * text is one part of it (the playground re-lexes only the article that changed).
 */
export function tokenize(source: string, names?: Iterable<string>, prescanned?: readonly DeclaredName[]): LexResult {
  const diagnostics: Diagnostic[] = [];
  // `prescanned`: prescanDeclaredNames(source), when the caller has it already (the playground).
  const declared = prescanned ?? prescanDeclaredNames(source);
  const usable: string[] = [];
  for (const name of declared) {
    if (!isUsableName(name)) {
      if (name.lenient) continue;
      diagnostics.push(diagnostic("K2003", { start: name.offset, end: name.offset + name.text.length }, { name: name.text }));
    } else {
      usable.push(name.text);
    }
  }
  const matched = names ? [...names] : usable;
  setDeclaredNames(matched);
  const result = lexer.tokenize(source);
  // Garbage tokens (characters nothing else takes) are reported, a run of them at a time, and dropped.
  const kept: IToken[] = [];
  const report = (start: number, end: number) => {
    const span = { start, end };
    diagnostics.push(source.charAt(start) === "「" ? diagnostic("K1003", span) : diagnostic("K1001", span, { text: visible(source.slice(start, end)) }));
  };
  let runStart = -1;
  let runEnd = -1;
  for (const t of result.tokens) {
    if (t.tokenType !== Garbage) {
      kept.push(t);
      continue;
    }
    if (t.startOffset !== runEnd) {
      if (runStart >= 0) report(runStart, runEnd);
      runStart = t.startOffset;
    }
    runEnd = t.startOffset + t.image.length;
  }
  if (runStart >= 0) report(runStart, runEnd);
  return { tokens: layoutLines(kept, source, diagnostics), diagnostics, declared: new Set(matched) };
}


/** Tokens that open a line of their own: a line break before one always ends the statement. */
const LINE_OPENERS: ReadonlySet<TokenType> = new Set([
  ArticleNumber,
  ...(["Policy", "Application", "Example", "Expect", "History", "AsOf", "Reward", "Subsidy", "Eligibility", "Deadline", "Let", "Target", "Cap", "Limit", "Split",
    "Except", "Require", "Review", "Quota", "Clawback", "Version", "Valid", "Issuer", "Repeals", "Rounding"] as const).map((k) => keywordTokens[k]),
]);
const HEADER_STARTS: ReadonlySet<TokenType> = new Set([ArticleNumber, keywordTokens.Policy, keywordTokens.Application, keywordTokens.Example]);

/** Column of a token (characters since the line's start): how far its line is indented. */
function indentOf(source: string, t: IToken): number {
  return t.startOffset - (source.lastIndexOf("\n", t.startOffset - 1) + 1);
}

/**
 * Line breaks end statements, except where the statement plainly goes on: inside parentheses,
 * after an operator waiting for its right side, or before a line starting with one (`且 …`).
 * `；` also ends a statement. So that a slip (a `)` or an operand deleted, an operator typed at
 * the end) cannot swallow the lines after it, a statement never goes on into a line that opens
 * a statement or header of its own (`第五条`, `奖励`, a field `名称:`), a header line never goes
 * on, and a statement carries on only into a line indented more deeply than its first.
 */
function layoutLines(raw: IToken[], source: string, diagnostics: Diagnostic[]): IToken[] {
  const tokens: IToken[] = [];
  let depth = 0;
  let statementStart: IToken | undefined;
  for (let i = 0; i < raw.length; i++) {
    let token = raw[i] as IToken;
    if (token.tokenType === UnterminatedString) {
      const close = token.image.startsWith("“") ? "”" : '"';
      diagnostics.push(diagnostic("K1002", { start: token.startOffset, end: token.startOffset + token.image.length }, { close }));
      token = { ...token, tokenType: StringLit, tokenTypeIdx: StringLit.tokenTypeIdx as number };
    }
    if (token.tokenType === Semicolon) token = { ...token, tokenType: NL, tokenTypeIdx: NL.tokenTypeIdx as number };
    if (token.tokenType === LParen) depth++;
    if (token.tokenType === RParen && depth > 0) depth--;
    if (token.tokenType === NL) {
      const previous = tokens[tokens.length - 1];
      if (!previous || previous.tokenType === NL) continue;
      const at = nextSignificant(raw, i + 1);
      const next = raw[at];
      if (next && (raw[i] as IToken).tokenType !== Semicolon && goesOn(source, statementStart, previous, next, raw[at + 1], depth)) continue;
      depth = 0;
      statementStart = undefined;
    } else if (!statementStart) {
      statementStart = token;
    }
    tokens.push(token);
  }
  const last = tokens[tokens.length - 1];
  if (last && last.tokenType !== NL) {
    const at = Math.min(source.length, last.startOffset + last.image.length);
    tokens.push(createTokenInstance(NL, "", at, at - 1, NaN, NaN, NaN, NaN));
  }
  return tokens;
}

/** Whether the statement begun by `start` goes on past a line break into the line starting with `next`. */
function goesOn(source: string, start: IToken | undefined, previous: IToken, next: IToken, afterNext: IToken | undefined, depth: number): boolean {
  if (!start || HEADER_STARTS.has(start.tokenType) || LINE_OPENERS.has(next.tokenType)) return false;
  if (next.tokenType === Identifier && afterNext?.tokenType === Colon) return false;
  // Only into a line indented more deeply than the statement's first: a line that lost its last
  // operand (`… = 贷款 +`, `… =`, `… (`, or `细则` read as 细 · 则) leaves the next statement alone.
  if (indentOf(source, next) <= indentOf(source, start)) return false;
  return depth > 0 || leadingContinuationTokens.has(next.tokenType) || continuationTokens.has(previous.tokenType);
}

/** Index of the first token from `from` on that is not a line break (raw.length if none). */
function nextSignificant(raw: IToken[], from: number): number {
  for (let i = from; i < raw.length; i++) {
    const t = raw[i] as IToken;
    if (t.tokenType !== NL && t.tokenType !== Semicolon) return i;
  }
  return raw.length;
}
