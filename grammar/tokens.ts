/**
 * Token types. Keywords come from the bilingual table in keywords.ts; literals, names and titles
 * use custom matchers (see lexer-matchers.ts) because Chinese has no spaces between words.
 */
import { createToken, Lexer, type TokenType } from "chevrotain";
import { KEYWORDS, type KeywordName } from "./keywords.js";
import {
  matchArticleNumber,
  matchIdentifier,
  matchKeyword,
  matchNumber,
  matchString,
  matchTitle,
  matchUnit,
  IDENTIFIER_START_HINT,
  NUMBER_START_HINT,
  TITLE_START_HINT,
  ANY_START_HINT,
  matchGarbage,
  UNIT_START_HINT,
  keywordStartChars,
} from "./lexer-matchers.js";

/** Any token but a line break: what a line the parser does not understand is made of. */
export const LineContent = createToken({ name: "LineContent", pattern: Lexer.NA });
/** Tokens that cannot begin a statement or block: a line starting with one is reported whole. */
export const StrayStart = createToken({ name: "StrayStart", pattern: Lexer.NA });
const content = [LineContent];
const stray = [LineContent, StrayStart];

export const NL = createToken({ name: "NL", pattern: /\r\n?|\n/, line_breaks: true, label: "newline" });
/** `；` ends a statement, and so does `。`, which an IME types at the end of a sentence. */
export const Semicolon = createToken({ name: "Semicolon", pattern: /[;；。]/, label: "；" });
export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\u3000\u00a0\ufeff\f\v\u2028\u2029]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: "Comment", pattern: /(?:#|＃|\/\/)[^\r\n]*/, group: Lexer.SKIPPED });

export const Identifier = createToken({ categories: stray,
  name: "Identifier",
  pattern: { exec: matchIdentifier },
  line_breaks: false,
  start_chars_hint: IDENTIFIER_START_HINT,
  label: "name",
});

/** A header's free-text title: `第四条 质押融资奖励:` — only right after a header keyword. */
export const Title = createToken({ categories: stray,
  name: "Title",
  pattern: { exec: matchTitle },
  line_breaks: false,
  start_chars_hint: TITLE_START_HINT,
  label: "title",
});

export const StringLit = createToken({ categories: stray,
  name: "StringLit",
  pattern: { exec: (text: string, offset: number) => matchString(text, offset, true) },
  line_breaks: false,
  start_chars_hint: ['"', "“"],
  label: "string",
});
/** Recovered by the lexer's post-pass into a StringLit plus a diagnostic. */
export const UnterminatedString = createToken({ categories: stray,
  name: "UnterminatedString",
  pattern: { exec: (text: string, offset: number) => matchString(text, offset, false) },
  line_breaks: false,
  start_chars_hint: ['"', "“"],
});

export const ArticleNumber = createToken({ categories: content,
  name: "ArticleNumber",
  pattern: { exec: matchArticleNumber },
  line_breaks: false,
  start_chars_hint: ["第", "a", "A"],
  label: "第N条",
});

export const DateLit = createToken({ categories: stray,
  name: "DateLit",
  // Full-width digits and hyphens as an IME types them: ２０２１－０１－０１.
  pattern: /[0-9０-９]{4}[-－][0-9０-９]{1,2}[-－][0-9０-９]{1,2}(?![0-9０-９])|[0-9０-９]{4}年[0-9０-９]{1,2}月[0-9０-９]{1,2}日/,
  label: "date",
});

export const NumberLit = createToken({ categories: stray,
  name: "NumberLit",
  pattern: { exec: matchNumber },
  line_breaks: false,
  start_chars_hint: NUMBER_START_HINT,
  label: "number",
});

export const Unit = createToken({ categories: stray,
  name: "Unit",
  pattern: { exec: matchUnit },
  line_breaks: false,
  start_chars_hint: UNIT_START_HINT,
  label: "unit",
});

const STATEMENT_OR_BLOCK_STARTS = new Set<string>([
  "Policy", "Application", "Example", "Let", "Target", "Quota", "Clawback", "Reward", "Subsidy", "Eligibility", "Deadline", "Require", "Except", "Review", "Highest",
  "Cap", "Limit", "Split", "PerFirm", "PerProject", "PerYear", "InAll", "Once", "OneOff",
  "Version", "Valid", "Issuer", "Repeals", "Rounding", "Expect", "History", "AsOf",
]);

/** One token per keyword concept. */
export const keywordTokens: Readonly<Record<KeywordName, TokenType>> = (() => {
  const result = {} as Record<KeywordName, TokenType>;
  for (const entry of KEYWORDS) {
    const spellings = [...entry.zh, ...entry.en];
    result[entry.name] = createToken({
      name: entry.name,
      pattern: { exec: (text: string, offset: number) => matchKeyword(entry.name, text, offset) },
      line_breaks: false,
      start_chars_hint: keywordStartChars(spellings),
      longer_alt: Identifier,
      label: entry.zh[0] ?? entry.name,
      categories: STATEMENT_OR_BLOCK_STARTS.has(entry.name) ? content : stray,
    });
  }
  return result;
})();

/** Order among keywords does not matter: each matches only the longest keyword spelling at its place. */
const orderedKeywordTokens: TokenType[] = Object.values(keywordTokens);

export const GreaterEq = createToken({ categories: stray, name: "GreaterEq", pattern: /≥|>=|＞＝|⩾/, label: "≥" });
export const LessEq = createToken({ categories: stray, name: "LessEq", pattern: /≤|<=|＜＝|⩽/, label: "≤" });
export const NotEq = createToken({ categories: stray, name: "NotEq", pattern: /≠|!=|！＝/, label: "≠" });
export const Equals = createToken({ categories: stray, name: "Equals", pattern: /==|=|＝/, label: "=" });
export const Greater = createToken({ categories: stray, name: "Greater", pattern: />|＞/, label: ">" });
export const Less = createToken({ categories: stray, name: "Less", pattern: /<|＜/, label: "<" });
export const Plus = createToken({ categories: stray, name: "Plus", pattern: /\+|＋/, label: "+" });
export const Minus = createToken({ categories: stray, name: "Minus", pattern: /-|－|−/, label: "-" });
export const Times = createToken({ categories: stray, name: "Times", pattern: /×|\*|＊|✕/, label: "×" });
export const Divide = createToken({ categories: stray, name: "Divide", pattern: /÷|\/|／/, label: "÷" });
export const LParen = createToken({ categories: stray, name: "LParen", pattern: /\(|（/, label: "(" });
export const RParen = createToken({ categories: stray, name: "RParen", pattern: /\)|）/, label: ")" });
export const Colon = createToken({ categories: stray, name: "Colon", pattern: /:|：/, label: ":" });
export const Comma = createToken({ categories: stray, name: "Comma", pattern: /,|，|、/, label: "," });

/** A character nothing else takes; reported by the lexer (K1001) and never reaches the parser. */
export const Garbage = createToken({ name: "Garbage", pattern: { exec: matchGarbage }, line_breaks: false, start_chars_hint: ANY_START_HINT });

export const allTokens: TokenType[] = [
  LineContent,
  StrayStart,
  NL,
  WhiteSpace,
  Comment,
  Title,
  StringLit,
  UnterminatedString,
  ArticleNumber,
  DateLit,
  Unit,
  ...orderedKeywordTokens,
  NumberLit,
  GreaterEq,
  LessEq,
  NotEq,
  Equals,
  Greater,
  Less,
  Plus,
  Minus,
  Times,
  Divide,
  LParen,
  RParen,
  Colon,
  Comma,
  Semicolon,
  Identifier,
  Garbage,
];

/** Tokens after which a line break continues the statement (an operator waiting for its right side). */
export const continuationTokens: ReadonlySet<TokenType> = new Set([
  Plus, Minus, Times, Divide, Comma, GreaterEq, LessEq, NotEq, Equals, Greater, Less,
  keywordTokens.And, keywordTokens.Or, keywordTokens.Not, keywordTokens.If, keywordTokens.Then, keywordTokens.Else,
]);

/** Tokens that, starting a line, continue the previous one. */
export const leadingContinuationTokens: ReadonlySet<TokenType> = new Set([
  Plus, Times, Divide, keywordTokens.And, keywordTokens.Or, keywordTokens.Then, keywordTokens.Else,
]);
