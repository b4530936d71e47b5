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

const lexer = new Lexer(allTokens, {
  ensureOptimizations: true,
  positionTracking: "onlyOffset",
  skipValidations: true,
});

/** Validates the token definitions once (used by tests; skipped on the hot path). */
export function validateLexerDefinition(): void {
  new Lexer(allTokens, { ensureOptimizations: true, positionTracking: "onlyOffset" });
}

const HEADER_PREFIX = /^(?:第[零〇一二两三四五六七八九十百千0-9０-９]+条|申报|政策|预期)/;
const FIELD_DECLARATION = /^([ \t\u3000]*)(「[^」\r\n]+」|[^\s:：#＃"“「(（,，=＝;；]+?)[ \t\u3000]*[:：]/gmu;
const RULE_DECLARATION =
  /^[ \t\u3000]*(?:奖励|补贴|资助|资格|期限|定义|目标|reward|subsidy|eligibility|deadline|let|target)[ \t\u3000]*(「[^」\r\n]+」|[^\s=＝:：#＃"“(（]+?)[ \t\u3000]*[+\-×÷*/<>≥≤＋－＊／＜＞]?[ \t\u3000]*[=＝]/gimu;
const ENUM_DECLARATION = /(?:之一|one[ \t]+of)[ \t\u3000]*[(（]([^)）\r\n]*)[)）]/giu;

const ATTRIBUTE_WORDS: ReadonlySet<string> = new Set(
  KEYWORDS.filter((k) => ["Policy", "Application", "Version", "Valid", "Issuer", "Repeals", "Rounding"].includes(k.name)).flatMap((k) => [...k.zh, ...k.en.map((e) => e.toLowerCase())]),
);

/** A field whose colon was lost (`  立项日期 日期 "…"`): the name is still declared, so its uses elsewhere read as one word. */
const TYPE_WORDS = [...KEYWORDS.filter((k) => k.group === "type").flatMap((k) => [...k.zh, ...k.en]), ...UNITS.filter((u) => u.dimension === "count").flatMap((u) => [...u.zh, ...u.en])]
  .sort((a, b) => b.length - a.length)
  .map((w) => w.replace(/[/]/g, "\\/"));
// A name has no operator, and after the type only a description or a comment may follow
// (`上限per year 1 yuan` is a cap and `require分支机构>54 people` a condition, not fields).
const FIELD_WITHOUT_COLON = new RegExp(`^[ \\t\\u3000]+([^\\s:：#＃"“「(（,，=＝;；<>≤≥＜＞+×÷*/]+)[ \\t\\u3000]+(?:${TYPE_WORDS.join("|")})(?=[ \\t\\u3000]*(?:["“(（#＃]|$))`, "gmu");

/** A rule or field glued onto the end of the line before (`理由 "…"补贴 保险补贴 = …`): after a closing quote. */
const RULE_AFTER_QUOTE =
  /(?<=[^\s"“])["”][ \t\u3000]*(?:奖励|补贴|资助|资格|期限|定义|目标|reward|subsidy|eligibility|deadline|let|target)[ \t\u3000]*([^\s=＝:：#＃"“(（]+?)[ \t\u3000]*[=＝]/giu;
const FIELD_AFTER_QUOTE = new RegExp(`(?<=[^\\s"“])["”]([^\\s:：#＃"“「(（,，=＝;；]+)[ \\t\\u3000]*[:：][ \\t\\u3000]*(?:${TYPE_WORDS.join("|")})`, "gu");

export interface DeclaredName {
  readonly text: string;
  readonly offset: number;
  /** Found on a line that is wrong as written: used to split words, never reported as a keyword. */
  readonly lenient?: boolean;
}

/** Names the file declares, found before lexing so that the lexer can match them longest-first. */
export function prescanDeclaredNames(source: string): DeclaredName[] {
  const names: DeclaredName[] = [];
  const add = (raw: string, offset: number) => {
    // A stray operator typed before a name (`+是重点企业:`) is that line's error; the name is still declared.
    const stray = /^[+\-×÷*/<>≥≤＋－＊／＜＞]+/.exec(raw)?.[0].length ?? 0;
    const text = raw.slice(stray).replace(/[+\-×÷*/<>≥≤＋－＊／＜＞\s]+$/, "").trim();
    offset += stray;
    if (text.length === 0 || text.startsWith("「") || /^[0-9０-９]/.test(text)) return;
    names.push({ text, offset });
  };
  for (const m of source.matchAll(FIELD_DECLARATION)) {
    const name = m[2] ?? "";
    // `申报企业:` at the start of a line is a header written without a space; an indented
    // `申报年度: 年份` is a field whose name begins with a header word.
    if ((m[1] ?? "").length === 0 && HEADER_PREFIX.test(name)) continue;
    // `版本：2024`, `有效期：…` typed with a full-width colon are attributes, not fields named after a keyword.
    if (ATTRIBUTE_WORDS.has(name.trim().toLowerCase())) continue;
    add(name, (m.index ?? 0) + m[0].indexOf(name));
  }
  for (const m of source.matchAll(FIELD_WITHOUT_COLON)) {
    const name = m[1] ?? "";
    if (!KEYWORD_SPELLINGS.has(name) && !KEYWORD_SPELLINGS.has(name.toLowerCase())) names.push({ text: name, offset: (m.index ?? 0) + m[0].indexOf(name), lenient: true });
  }
  for (const re of [RULE_AFTER_QUOTE, FIELD_AFTER_QUOTE]) {
    for (const m of source.matchAll(re)) {
      const name = m[1] ?? "";
      if (!KEYWORD_SPELLINGS.has(name) && !KEYWORD_SPELLINGS.has(name.toLowerCase())) names.push({ text: name, offset: (m.index ?? 0) + m[0].lastIndexOf(name), lenient: true });
    }
  }
  for (const m of source.matchAll(RULE_DECLARATION)) {
    const name = m[1] ?? "";
    add(name, (m.index ?? 0) + m[0].lastIndexOf(name));
  }
  for (const m of source.matchAll(ENUM_DECLARATION)) {
    const list = m[1] ?? "";
    let at = (m.index ?? 0) + m[0].indexOf(list);
    for (const part of list.split(/([,，、])/)) {
      if (!/^[,，、]$/.test(part)) add(part.replace(/^["“]|["”]$/g, ""), at + (part.length - part.trimStart().length));
      at += part.length;
    }
  }
  return names;
}

export interface LexResult {
  readonly tokens: IToken[];
  readonly diagnostics: Diagnostic[];
}

/** A declared name the lexer can match: not spelled like a keyword (that one needs 「」, K2003). */
export function isUsableName(name: DeclaredName): boolean {
  return !KEYWORD_SPELLINGS.has(name.text) && !KEYWORD_SPELLINGS.has(name.text.toLowerCase());
}

/**
 * `names`: the names to match instead of those the text declares — the whole file's, when the
 * text is one part of it (the playground re-lexes only the article that changed).
 */
export function tokenize(source: string, names?: Iterable<string>): LexResult {
  const diagnostics: Diagnostic[] = [];
  const declared = prescanDeclaredNames(source);
  const usable: string[] = [];
  for (const name of declared) {
    if (!isUsableName(name)) {
      diagnostics.push(diagnostic("K2003", { start: name.offset, end: name.offset + name.text.length }, { name: name.text }));
    } else {
      usable.push(name.text);
    }
  }
  setDeclaredNames(names ?? usable);
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
  return { tokens: layoutLines(kept, source, diagnostics), diagnostics };
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
 * on, and an open parenthesis or a leading operator carries on only into a line indented more
 * deeply than the statement's first.
 */
function layoutLines(raw: IToken[], source: string, diagnostics: Diagnostic[]): IToken[] {
  const tokens: IToken[] = [];
  let depth = 0;
  let statementStart: IToken | undefined;
  for (let i = 0; i < raw.length; i++) {
    let token = raw[i] as IToken;
    // Offsets-only lexing leaves endOffset unset; the parser's node locations need it.
    token.endOffset = token.startOffset + token.image.length - 1;
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
  const deeper = indentOf(source, next) > indentOf(source, start);
  if (depth > 0 || leadingContinuationTokens.has(next.tokenType)) return deeper;
  return continuationTokens.has(previous.tokenType);
}

/** Index of the first token from `from` on that is not a line break (raw.length if none). */
function nextSignificant(raw: IToken[], from: number): number {
  for (let i = from; i < raw.length; i++) {
    const t = raw[i] as IToken;
    if (t.tokenType !== NL && t.tokenType !== Semicolon) return i;
  }
  return raw.length;
}
