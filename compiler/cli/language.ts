/**
 * Which language the CLI speaks. Diagnostics for a file follow the keywords it is written in;
 * the CLI's own messages (usage, unreadable files) follow `--lang` or the locale.
 */
import type { Lang } from "../diagnostics/index.js";
import { KEYWORDS, UNITS } from "../../grammar/keywords.js";

export type { Lang } from "../diagnostics/index.js";

export function isLang(value: string): value is Lang {
  return value === "zh" || value === "en";
}

/** The language of the CLI's own messages: zh when the locale says so (LC_ALL, LC_MESSAGES, LANG). */
export function localeLanguage(env: Readonly<Record<string, string | undefined>>): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return /^zh/i.test(locale) ? "zh" : "en";
}

interface Spellings {
  /** Longest first. */
  readonly zh: readonly string[];
  readonly en: ReadonlySet<string>;
}

function spellings(entries: readonly { readonly zh: readonly string[]; readonly en: readonly string[] }[]): Spellings {
  return {
    zh: entries.flatMap((e) => e.zh).filter((s) => /[^\x00-\x7f]/.test(s)).sort((a, b) => b.length - a.length),
    en: new Set(entries.flatMap((e) => e.en).map((s) => s.toLowerCase())),
  };
}

/** Keywords a line starts with (a literal such as 是 would also start names such as 是重点企业). */
const LINE_STARTS = spellings(KEYWORDS.filter((k) => ["structure", "statement", "scope", "example"].includes(k.group)));
/** What follows the colon of an input's declaration. */
const TYPES = spellings([...KEYWORDS.filter((k) => k.group === "type"), ...UNITS]);

const CHINESE_ARTICLE = /^第[零〇一二两三四五六七八九十百千0-9０-９]+条/;
const ENGLISH_ARTICLE = /^article[ \t]+[0-9]/i;
/** One or two English words, as keyword spellings are (`per firm`, `yes/no`, `one-off`). */
const ENGLISH_WORDS = /^([A-Za-z][A-Za-z/-]*)(?![\w])(?:[ \t]+([A-Za-z][A-Za-z/-]*)(?![\w]))?/;

/** Which language a keyword at the start of `text` is spelt in, if one is there. */
function keywordLanguage(text: string, known: Spellings): Lang | undefined {
  if (CHINESE_ARTICLE.test(text)) return "zh";
  if (ENGLISH_ARTICLE.test(text)) return "en";
  if (known.zh.some((s) => text.startsWith(s))) return "zh";
  const words = ENGLISH_WORDS.exec(text);
  if (!words) return undefined;
  const one = (words[1] ?? "").toLowerCase();
  const two = words[2] ? `${one} ${words[2].toLowerCase()}` : undefined;
  return known.en.has(one) || (two !== undefined && known.en.has(two)) ? "en" : undefined;
}

/**
 * The language a policy is written in: every statement line starts with a keyword (政策, 第四条,
 * 奖励 … or policy, article 4, reward …) and every input's type is one (金额, 件 … or money,
 * items …), so those are counted. A tie goes to Chinese when the text has any Han character.
 */
export function detectLanguage(source: string): Lang {
  let zh = 0;
  let en = 0;
  const count = (lang: Lang | undefined) => {
    if (lang === "zh") zh++;
    else if (lang === "en") en++;
  };
  let hasHan = false;
  for (const rawLine of source.split(/\r\n?|\n/)) {
    const line = rawLine
      .replace(/"(?:[^"\\]|\\.)*"?|“[^”]*”?|「[^」]*」?/g, " ")
      .replace(/(?:#|＃|\/\/).*$/, "")
      .trim();
    if (line.length === 0) continue;
    if (/\p{Script=Han}/u.test(line)) hasHan = true;
    count(keywordLanguage(line, LINE_STARTS));
    const colon = /[:：][ \t\u3000]*(\S.*)$/.exec(line);
    if (colon?.[1]) count(keywordLanguage(colon[1], TYPES));
  }
  if (zh !== en) return zh > en ? "zh" : "en";
  return hasHan ? "zh" : "en";
}
