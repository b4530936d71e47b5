/**
 * Custom matchers for the tokens a regular expression cannot find on its own.
 *
 * How words are found in Chinese text without spaces (documented in docs/language.md):
 * 1. Names declared in the file (application fields, rule names, enumeration values; see
 *    `declaredNames`) and keywords are matched longest-first at each position; a declared name
 *    that is longer than a keyword starting at the same place wins (`或有负债` is a name even
 *    though `或` is a keyword).
 *    A keyword never ends inside a declared name that begins within it: with 满足条件 declared,
 *    `未满足条件` is 未 · 满足条件, not the keyword 未满 and 足条件.
 * 2. Otherwise a name runs until the next place where a keyword or declared name begins:
 *    `如果权属有争议或严重失信` is 如果 · 权属有争议 · 或 · 严重失信.
 * 3. `「…」` around a name always makes it one name.
 */
import type { IToken } from "chevrotain";
import { KEYWORDS, UNITS } from "./keywords.js";

type Match = [string] | null;

function found(image: string): Match {
  return [image];
}

// ---------------------------------------------------------------- character classes

export const CJK_NUMERALS = "零〇一二两三四五六七八九十百千万亿半";
const FULLWIDTH_DIGIT_0 = 0xff10;

export function isAsciiWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

const LETTER = /[\p{L}\p{M}]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{M}\p{N}_]/u;

/** A character that may continue a name (letters, marks, digits, underscore; any script). */
function isNameChar(ch: string): boolean {
  const code = ch.charCodeAt(0);
  if (code < 128) return isAsciiWordChar(code);
  return LETTER_OR_DIGIT.test(ch);
}

function isNameStart(ch: string): boolean {
  const code = ch.charCodeAt(0);
  if (code < 128) return isAsciiLetter(code);
  return LETTER.test(ch);
}

function charAt(text: string, offset: number): string {
  const code = text.charCodeAt(offset);
  if (code >= 0xd800 && code <= 0xdbff && offset + 1 < text.length) return text.slice(offset, offset + 2);
  return text.charAt(offset);
}

// ---------------------------------------------------------------- start-char hints

/**
 * Chevrotain groups characters above 255 into buckets of 255 code units; one code per bucket
 * lets a custom matcher be tried for any non-ASCII character while the lexer stays optimised.
 */
function everyHighBucket(): number[] {
  // The first code of each bucket: 256, then 255 × 2 … 255 × 257 = 65535 (computed: scanning 65,280 codes cost every CLI start ~10 ms).
  return Array.from({ length: 257 }, (_, i) => Math.max(256, 255 * (i + 1)));
}

const ASCII_LETTERS = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"];
/** Latin-1 (128–255) is below chevrotain's buckets: each character is hinted on its own (`éclat`, `§1`). */
const LATIN_1 = Array.from({ length: 128 }, (_, i) => 128 + i);
export const IDENTIFIER_START_HINT: (string | number)[] = [...ASCII_LETTERS, ...LATIN_1, ...everyHighBucket()];
export const NUMBER_START_HINT: (string | number)[] = [..."0123456789", ...everyHighBucket()];
export const TITLE_START_HINT: (string | number)[] = [...ASCII_LETTERS, ..."0123456789「『《（([【〔", ...LATIN_1, ...everyHighBucket()];
/** Every character but a line break or a space: what no other token takes is one Garbage token. */
export const ANY_START_HINT: (string | number)[] = [...Array.from({ length: 256 }, (_, i) => i), ...everyHighBucket()];

/**
 * One character no other token takes (tried last). Chevrotain's own recovery from a character it
 * cannot lex tries every pattern at every following offset, which makes a megabyte of garbage take
 * many seconds; as a token it costs what any other token costs, and lexer.ts reports runs of them.
 */
export function matchGarbage(text: string, offset: number): Match {
  const code = text.charCodeAt(offset);
  if (Number.isNaN(code) || code === 10 || code === 13) return null;
  return found(charAt(text, offset));
}
export const UNIT_START_HINT: (string | number)[] = [...ASCII_LETTERS, "%", ...everyHighBucket()];

export function keywordStartChars(spellings: readonly string[]): (string | number)[] {
  const chars = new Set<string>();
  for (const s of spellings) {
    const first = s.charAt(0);
    chars.add(first);
    if (/[a-z]/i.test(first)) {
      chars.add(first.toLowerCase());
      chars.add(first.toUpperCase());
    }
  }
  return [...chars];
}

// ---------------------------------------------------------------- dictionary of words

/**
 * Words that begin somewhere in a Chinese run: keywords (fixed) and declared names (per file).
 * A character trie, so finding the longest word at a place costs its length, not the number of
 * words (a large policy declares thousands of names).
 */
class WordStarts {
  /**
   * The trie's edges in one map, keyed by `node × 0x110000 + code point` (node 0 is the root), and
   * the nodes that end a word: two flat tables instead of a map and an object per node, so that a
   * policy declaring a hundred thousand names builds little for the collector to trace.
   */
  private readonly edges = new Map<number, number>();
  private readonly words = new Set<number>();
  private nodes = 1;

  add(word: string): void {
    let node = 0;
    for (let i = 0; i < word.length; ) {
      const cp = word.codePointAt(i) as number;
      i += cp > 0xffff ? 2 : 1;
      const key = node * 0x110000 + cp;
      let child = this.edges.get(key);
      if (child === undefined) {
        child = this.nodes++;
        this.edges.set(key, child);
      }
      node = child;
    }
    this.words.add(node);
  }

  /** The longest word starting at `offset`; an ASCII-final word must end at a word boundary. */
  longestAt(text: string, offset: number): string | undefined {
    let node = 0;
    let end = -1;
    let i = offset;
    while (i < text.length) {
      const cp = text.codePointAt(i) as number;
      const child = this.edges.get(node * 0x110000 + cp);
      if (child === undefined) break;
      node = child;
      i += cp > 0xffff ? 2 : 1;
      if (this.words.has(node)) {
        const last = text.charCodeAt(i - 1);
        if (!(last < 128 && isAsciiWordChar(last) && isAsciiWordChar(text.charCodeAt(i)))) end = i;
      }
    }
    return end < 0 ? undefined : text.slice(offset, end);
  }
}

function isCjkSpelling(s: string): boolean {
  return !/^[\x00-\x7f]+$/.test(s);
}

const chineseKeywords = new WordStarts();
for (const entry of KEYWORDS) for (const s of entry.zh) if (isCjkSpelling(s)) chineseKeywords.add(s);

/** Spellings that are keywords; a declared name equal to one of them needs 「」. */
/** One-word English keyword spellings, lower case. */
const ENGLISH_KEYWORD_WORDS: ReadonlySet<string> = new Set(KEYWORDS.flatMap((k) => k.en.filter((e) => /^[a-z]+$/i.test(e)).map((e) => e.toLowerCase())));

export const KEYWORD_SPELLINGS: ReadonlySet<string> = new Set(
  KEYWORDS.flatMap((k) => [...k.zh, ...k.en.map((e) => e.toLowerCase())]),
);

let declared = new WordStarts();

/** Sets the names declared in the file about to be lexed (see lexer.ts). */
export function setDeclaredNames(names: Iterable<string>): void {
  declared = new WordStarts();
  cachedText = "";
  for (const name of names) declared.add(name);
}

// ---------------------------------------------------------------- matchers

export function matchIdentifier(text: string, offset: number): Match {
  const first = charAt(text, offset);
  if (first === "「") {
    const close = text.indexOf("」", offset + 1);
    const eol = text.slice(offset, close < 0 ? undefined : close).search(/[\r\n]/);
    if (close < 0 || eol >= 0) return null;
    return found(text.slice(offset, close + 1));
  }
  if (!isNameStart(first)) return null;
  const name = declared.longestAt(text, offset);
  if (name !== undefined) return found(name);
  const firstIsAscii = first.charCodeAt(0) < 128;
  if (!firstIsAscii && chineseKeywordAt(text, offset)) return null;
  let end = offset + first.length;
  while (end < text.length) {
    const ch = charAt(text, end);
    if (!isNameChar(ch)) break;
    const code = ch.charCodeAt(0);
    if (code >= 128) {
      if (chineseKeywordAt(text, end) || declared.longestAt(text, end) !== undefined) break;
      // An English keyword typed against Chinese or a full-width digit (`application企业:`,
      // `version２０２１`) ends there, as it would before a space.
      if (firstIsAscii && isAsciiRun(text, offset, end) && ENGLISH_KEYWORD_WORDS.has(text.slice(offset, end).toLowerCase())) break;
    }
    // A Chinese name stops before a number with its unit: `市级50%` is the payer 市级 and 50%;
    // and before a rate in words (`…的百分之十`).
    if (!firstIsAscii && ((isDigit(code) && numberWithUnitAt(text, end)) || text.startsWith(PERCENT_IN_WORDS, end))) break;
    end += ch.length;
  }
  return found(text.slice(offset, end));
}

function isDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= FULLWIDTH_DIGIT_0 && code <= FULLWIDTH_DIGIT_0 + 9);
}

function isAsciiRun(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) >= 128) return false;
  return true;
}

/** Whether an Arabic number with a unit or magnitude right after it (`50%`, `３年`, `10万元`) starts at `offset`. */
function numberWithUnitAt(text: string, offset: number): boolean {
  ARABIC_NUMBER.lastIndex = offset;
  const m = ARABIC_NUMBER.exec(text);
  if (!m) return false;
  const after = offset + m[0].length;
  return /[千万亿]$/.test(m[0]) || (EXACT_UNITS_BY_FIRST.get(text.charAt(after))?.some((u) => text.startsWith(u, after)) ?? false);
}

const HEADER_TOKENS = new Set(["Policy", "ArticleNumber", "Example", "Application"]);

/**
 * A header's title is the rest of the line up to a colon (or, after 政策/policy, up to
 * 版本/version). It starts with neither a quote (then it is a string) nor a colon.
 */
const VERSION_AFTER_TITLE = /^(?:[ \t\u3000]+(?:版本|version\b)|(?:版本|version\b)[ \t\u3000]*[:：]?[ \t\u3000]*[0-9０-９"“])/i;

export function matchTitle(text: string, offset: number, matchedTokens?: IToken[]): Match {
  let at = (matchedTokens?.length ?? 0) - 1;
  let previous = matchedTokens?.[at];
  // `政策：苏州市…` as typed with an IME: the title may follow a colon after the header word.
  if (previous?.tokenType.name === "Colon") previous = matchedTokens?.[--at];
  if (!previous || !HEADER_TOKENS.has(previous.tokenType.name)) return null;
  // A header word inside a line (`优先于 第五条、第六条`, `如果 可申报质押类` with 申报 in it) opens no header: no title follows it.
  const before = matchedTokens?.[at - 1];
  if (before !== undefined && before.tokenType.name !== "NL" && before.tokenType.name !== "Semicolon") return null;
  const first = text.charAt(offset);
  if (first === '"' || first === "“" || first === ":" || first === "：") return null;
  const isPolicy = previous.tokenType.name === "Policy";
  let end = offset;
  while (end < text.length) {
    const ch = text.charAt(end);
    if (ch === ":" || ch === "：" || ch === "\n" || ch === "\r" || ch === "#" || ch === "＃") break;
    // `政策XXX版本2024`, `政策 XXX 版本：2024`: the version is not part of the title.
    if (isPolicy && VERSION_AFTER_TITLE.test(text.slice(end, end + 16))) break;
    end++;
  }
  const image = text.slice(offset, end).replace(/[ \t\u3000]+$/, "");
  return image.length > 0 ? found(image) : null;
}

/** `"…"` with backslash escapes, or `“…”`. With `terminated` false, matches a string cut off by the end of the line. */
export function matchString(text: string, offset: number, terminated: boolean): Match {
  const open = text.charAt(offset);
  if (open !== '"' && open !== "“") return null;
  const close = open === '"' ? '"' : "”";
  let i = offset + 1;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === "\\" && open === '"' && i + 1 < text.length && !/[\r\n]/.test(text.charAt(i + 1))) {
      i += 2;
      continue;
    }
    if (ch === close) return terminated ? found(text.slice(offset, i + 1)) : null;
    if (ch === "\n" || ch === "\r") break;
    i++;
  }
  return terminated ? null : found(text.slice(offset, i));
}

const ARTICLE_ZH = new RegExp(`第[${CJK_NUMERALS}0-9０-９]+条`, "y");
const ARTICLE_EN = /article[ \t]+[0-9]+(?![A-Za-z0-9_])/iy;

export function matchArticleNumber(text: string, offset: number): Match {
  const re = text.charAt(offset) === "第" ? ARTICLE_ZH : ARTICLE_EN;
  if (text.charAt(offset) !== "第" && offset > 0 && isAsciiWordChar(text.charCodeAt(offset - 1))) return null;
  re.lastIndex = offset;
  const m = re.exec(text);
  return m ? found(m[0]) : null;
}

const UNIT_SPELLINGS: string[] = UNITS.flatMap((u) => [...u.zh, ...u.en]).sort((a, b) => b.length - a.length);

/**
 * UNIT_SPELLINGS (longest first) by the character a match must start with, in the same order:
 * an ASCII spelling (matched without regard to case) under its first letter, the others (and `%`)
 * under their first UTF-16 unit. A position then tries the few spellings that could match there,
 * not all of them, and allocates nothing until one does.
 */
interface UnitSpelling {
  readonly spelling: string;
  /** Matched without regard to case, and must end at a word boundary. */
  readonly caseless: boolean;
}
const UNITS_BY_FIRST = new Map<string, UnitSpelling[]>();
for (const spelling of UNIT_SPELLINGS) {
  const caseless = !isCjkSpelling(spelling) && spelling !== "%";
  const first = spelling.charAt(0);
  const list = UNITS_BY_FIRST.get(first) ?? [];
  list.push({ spelling, caseless });
  UNITS_BY_FIRST.set(first, list);
}
/** The spellings matched exactly (Chinese, and `%`), for a unit right after a number. */
const EXACT_UNITS_BY_FIRST = new Map<string, string[]>();
for (const spelling of UNIT_SPELLINGS) {
  if (spelling !== "%" && !isCjkSpelling(spelling)) continue;
  const list = EXACT_UNITS_BY_FIRST.get(spelling.charAt(0)) ?? [];
  list.push(spelling);
  EXACT_UNITS_BY_FIRST.set(spelling.charAt(0), list);
}
const NO_UNITS: readonly UnitSpelling[] = [];

/**
 * The spellings that can match at `offset`: those under the character there and, for an upper-case
 * ASCII letter, under its lower case. A non-ASCII character whose lower case is ASCII (the Kelvin
 * sign, İ) gets every spelling, as a plain loop over the list would try.
 */
function unitsAt(text: string, offset: number): readonly UnitSpelling[] {
  const code = text.charCodeAt(offset);
  if (code >= 65 && code <= 90) return UNITS_BY_FIRST.get(String.fromCharCode(code + 32)) ?? NO_UNITS;
  const c = text.charAt(offset);
  if (code >= 128 && c.toLowerCase().charCodeAt(0) < 128) return ALL_UNITS;
  return UNITS_BY_FIRST.get(c) ?? NO_UNITS;
}
const ALL_UNITS: readonly UnitSpelling[] = UNIT_SPELLINGS.map((spelling) => ({ spelling, caseless: !isCjkSpelling(spelling) && spelling !== "%" }));
const ARABIC_NUMBER = /[0-9０-９]+(?:,[0-9]{3}(?![0-9]))*(?:[.．][0-9０-９]+)?[千万亿]?/y;
const CHINESE_NUMBER = new RegExp(`[${CJK_NUMERALS}]+`, "y");
/** What a rate in words begins with: 百分之五十 is 50%. */
export const PERCENT_IN_WORDS = "百分之";
const CJK_UNIT_STARTS = UNITS.flatMap((u) => u.zh).filter(isCjkSpelling);

/**
 * Arabic numbers (with `,` grouping, decimals and a Chinese magnitude: `2.5亿`), or Chinese
 * numerals when a unit follows (`两年`, `十个工作日`), so that words like 一般 stay names.
 */
export function matchNumber(text: string, offset: number): Match {
  const code = text.charCodeAt(offset);
  if (isDigit(code)) {
    // `loan2` is one English name; a full-width digit is never part of an English word (`version２０２１`).
    if (code < 128 && offset > 0 && isAsciiLetter(text.charCodeAt(offset - 1))) return null;
    ARABIC_NUMBER.lastIndex = offset;
    const m = ARABIC_NUMBER.exec(text);
    return m ? found(m[0]) : null;
  }
  // A declared name wins over Chinese numerals: 万人高价值发明专利拥有量 is a name, not 万 + 人.
  if (declared.longestAt(text, offset) !== undefined) return null;
  // `百分之五十`, `百分之12.5`: a rate in words, one token (to-ast reads it as the number with %).
  if (text.startsWith(PERCENT_IN_WORDS, offset)) {
    const at = offset + PERCENT_IN_WORDS.length;
    const number = isDigit(text.charCodeAt(at)) ? ARABIC_NUMBER : CHINESE_NUMBER;
    number.lastIndex = at;
    const m = number.exec(text);
    return m ? found(text.slice(offset, at + m[0].length)) : null;
  }
  CHINESE_NUMBER.lastIndex = offset;
  const m = CHINESE_NUMBER.exec(text);
  if (!m) return null;
  // Shrink until a unit follows: `三年以上` → 三 · 年.
  for (let end = offset + m[0].length; end > offset; end--) {
    if (CJK_UNIT_STARTS.some((u) => text.startsWith(u, end))) return found(text.slice(offset, end));
  }
  return null;
}

/** A unit right after a number (`10万元`, `3 years`) or as a field's type (`专利数: 件`). */
export function matchUnit(text: string, offset: number, matchedTokens?: IToken[]): Match {
  const previous = matchedTokens?.[matchedTokens.length - 1];
  if (!previous) return null;
  const afterNumber = previous.tokenType.name === "NumberLit";
  const afterColon = previous.tokenType.name === "Colon";
  if (!afterNumber && !afterColon) return null;
  for (const { spelling, caseless } of unitsAt(text, offset)) {
    if (caseless) {
      const candidate = text.slice(offset, offset + spelling.length);
      if (candidate.toLowerCase() !== spelling || isAsciiWordChar(text.charCodeAt(offset + spelling.length))) continue;
      if (afterColon && KEYWORD_SPELLINGS.has(spelling)) continue;
      return found(candidate);
    }
    if (!text.startsWith(spelling, offset)) continue;
    // As a type (`专利数: 件`) the unit must be the whole word: `: 年份` is the year type.
    if (afterColon && offset + spelling.length < text.length && isNameChar(charAt(text, offset + spelling.length))) continue;
    return found(spelling);
  }
  return null;
}

// Keyword matching: every keyword token asks which spelling of all keywords is the longest at
// this position, and matches only if that spelling is its own (`否则` is else, not 否 + 则).
function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

const ALL_KEYWORDS: { name: string; spelling: string; re: RegExp | null }[] = KEYWORDS.flatMap((k) =>
  [...k.zh, ...k.en].map((spelling) => ({
    name: k.name,
    spelling,
    re: isCjkSpelling(spelling) ? null : new RegExp(`${escapeRegExp(spelling).replace(/ /g, "[ \\t]+")}(?![A-Za-z0-9_])`, "iy"),
  })),
);
const KEYWORDS_BY_FIRST = new Map<string, typeof ALL_KEYWORDS>();
for (const k of ALL_KEYWORDS) {
  for (const first of new Set([k.spelling.charAt(0).toLowerCase(), k.spelling.charAt(0).toUpperCase()])) {
    const list = KEYWORDS_BY_FIRST.get(first) ?? [];
    list.push(k);
    KEYWORDS_BY_FIRST.set(first, list);
  }
}

let cachedText = "";
let cachedOffset = -1;
let cachedResult: { name: string; image: string } | null = null;

function longestKeywordAt(text: string, offset: number): { name: string; image: string } | null {
  if (text === cachedText && offset === cachedOffset) return cachedResult;
  let best: { name: string; image: string } | null = null;
  const prevIsWord = offset > 0 && isAsciiWordChar(text.charCodeAt(offset - 1));
  for (const k of KEYWORDS_BY_FIRST.get(text.charAt(offset)) ?? []) {
    let image: string | undefined;
    if (k.re) {
      if (prevIsWord) continue;
      k.re.lastIndex = offset;
      image = k.re.exec(text)?.[0];
    } else if (text.startsWith(k.spelling, offset) && !cutsDeclaredName(text, offset, offset + k.spelling.length)) image = k.spelling;
    if (image !== undefined && (!best || image.length > best.image.length)) best = { name: k.name, image };
  }
  cachedText = text;
  cachedOffset = offset;
  cachedResult = best;
  return best;
}

/**
 * Whether a declared name begins inside [from, to) after `from` and runs past `to`: a keyword
 * there would cut it (`未满足条件` with 满足条件 declared is not 未满 · 足条件).
 */
function cutsDeclaredName(text: string, from: number, to: number): boolean {
  for (let at = from + 1; at < to; at++) {
    const name = declared.longestAt(text, at);
    if (name !== undefined && at + name.length > to) return true;
  }
  return false;
}

/** Whether a Chinese keyword begins at `offset` (one that does not cut a declared name). */
function chineseKeywordAt(text: string, offset: number): boolean {
  return chineseKeywords.longestAt(text, offset) !== undefined && longestKeywordAt(text, offset) !== null;
}

export function matchKeyword(name: string, text: string, offset: number): Match {
  const best = longestKeywordAt(text, offset);
  return best && best.name === name ? found(best.image) : null;
}
