/**
 * Kuan as a Monaco language: configuration (brackets, comments, indentation) and a Monarch
 * tokenizer generated from the one keyword table (grammar/keywords.ts), the same for every file.
 * It knows no declared names: where a name holds a keyword (`或有负债`, `是示范企业`) the keyword is
 * coloured until the analysis arrives, and then the name's semantic token (language/names.ts)
 * colours it whole, as the compiler split it.
 */
import { KEYWORDS, MAGNITUDES, UNITS, type KeywordGroup } from "../../grammar/keywords.js";
import { CJK_NUMERALS } from "../../grammar/lexer-matchers.js";
import { monaco } from "../monaco/setup.js";
import { HEADER_LINE } from "./header-line.js";

export const KUAN = "kuan";

const GROUP_TOKENS: Record<KeywordGroup, string> = {
  structure: "keyword.structure",
  statement: "keyword.statement",
  scope: "keyword.scope",
  operator: "keyword.operator",
  function: "support.function",
  type: "type",
  literal: "constant",
  example: "keyword.example",
};

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const longestFirst = (words: Iterable<string>) => [...new Set(words)].sort((a, b) => b.length - a.length || a.localeCompare(b));
const isPlainWord = (spelling: string) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(spelling);
const HAS_CJK = /[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]/;
/** A word that starts with a Chinese character (not full-width punctuation). */
const IDEOGRAPH = /^[\u3400-\u9fff]/;
/** An English spelling with a space matches any run of spaces or tabs there, as in the lexer. */
const englishPattern = (spelling: string) => escapeRegex(spelling).replace(/ /g, "[ \\t]+");

const spellingsOf = (name: string) => {
  const entry = KEYWORDS.find((k) => k.name === name);
  return entry ? [...entry.zh, ...entry.en] : [];
};
const alternation = (spellings: readonly string[]) =>
  longestFirst(spellings)
    .map((s) => (HAS_CJK.test(s) ? escapeRegex(s) : `${englishPattern(s)}(?![A-Za-z0-9_])`))
    .join("|");

const UNIT_SPELLINGS = longestFirst(UNITS.flatMap((u) => [...u.zh, ...u.en]))
  .map((s) => (HAS_CJK.test(s) || !/[A-Za-z]/.test(s) ? escapeRegex(s) : `${englishPattern(s)}(?![A-Za-z0-9_])`))
  .join("|");
const MAGNITUDE_CHARS = Object.keys(MAGNITUDES).join("");
/** The lexer's Chinese numerals (`两年`, `半年`, `第十二条`). */
const CHINESE_NUMERALS = CJK_NUMERALS;

/** The syntax colouring: keywords, numbers with units, strings, headers. Declared names are coloured by language/names.ts. */
export function monarch(): monaco.languages.IMonarchLanguage {
  const zhByGroup: Record<string, string[]> = {};
  const enByGroup: Record<string, string[]> = {};
  const multiWordEnglish: [RegExp, string][] = [];
  for (const entry of KEYWORDS) {
    const group = `kw_${entry.group}`;
    (zhByGroup[group] ??= []).push(...entry.zh);
    for (const spelling of entry.en) {
      if (isPlainWord(spelling)) (enByGroup[`en_${entry.group}`] ??= []).push(spelling.toLowerCase());
      else multiWordEnglish.push([new RegExp(`${englishPattern(spelling)}(?![A-Za-z0-9_])`), GROUP_TOKENS[entry.group]]);
    }
  }
  multiWordEnglish.sort((a, b) => b[0].source.length - a[0].source.length);

  const chineseWords = longestFirst(Object.values(zhByGroup).flat().filter((w) => w.length > 0));
  // Tried where a Chinese character stands, before the English rules, which cannot match there:
  // Monarch tries every rule in order at each token, and most tokens of a policy are Chinese.
  const ideographWords = chineseWords.filter((w) => IDEOGRAPH.test(w));
  const otherWords = chineseWords.filter((w) => !IDEOGRAPH.test(w));
  const chineseCases: Record<string, string> = {};
  const englishCases: Record<string, string> = {};
  for (const [group, token] of Object.entries(GROUP_TOKENS)) {
    chineseCases[`@kw_${group}`] = token;
    englishCases[`@en_${group}`] = token;
  }
  chineseCases["@default"] = "identifier";
  englishCases["@default"] = "identifier";

  const comment: monaco.languages.IMonarchLanguageRule = [/(?:#|＃|\/\/).*$/, "comment"];
  const strings: monaco.languages.IMonarchLanguageRule[] = [
    [/"[^"]*"?/, "string"],
    [/“[^”]*”?/, "string"],
  ];
  const title = (spellings: readonly string[], lineStart = false) => new RegExp(`${lineStart ? "^" : ""}(?:${alternation(spellings)})`);

  return {
    defaultToken: "",
    ignoreCase: true,
    tokenPostfix: ".kuan",
    ...zhByGroup,
    ...enByGroup,
    brackets: [
      { open: "(", close: ")", token: "delimiter.parenthesis" },
      { open: "（", close: "）", token: "delimiter.parenthesis" },
      { open: "[", close: "]", token: "delimiter.square" },
    ],
    tokenizer: {
      root: [
        [/[ \t\u3000]+/, "white"],
        comment,
        [new RegExp(`第[${CHINESE_NUMERALS}0-9０-９]+条`), { token: "keyword.article", next: "@header" }],
        [/article[ \t]+[0-9]+(?![A-Za-z0-9_])/, { token: "keyword.article", next: "@header" }],
        // Headers at the start of a line only (Monarch's `^`): `可以申报` in a formula is a name.
        [title(spellingsOf("Policy"), true), { token: "keyword.structure", next: "@policyTitle" }],
        [title(spellingsOf("Application"), true), { token: "keyword.structure", next: "@header" }],
        ...strings,
        [/「[^」]*」?/, "variable.quoted"],
        [/[0-9]{4}[-－][0-9]{1,2}[-－][0-9]{1,2}/, "number.date"],
        [new RegExp(`[0-9０-９][0-9０-９,，]*(?:[.．][0-9]+)?(?:[ \\t]*[${MAGNITUDE_CHARS}])?(?:[ \\t]*(?:${UNIT_SPELLINGS}))?`), "number"],
        [new RegExp(`百分之(?:[0-9０-９]+(?:[.．][0-9０-９]+)?|[${CHINESE_NUMERALS}]+)`), "number"],
        [new RegExp(ideographWords.map(escapeRegex).join("|") || "(?!)"), { cases: chineseCases }],
        [new RegExp(`[${CHINESE_NUMERALS}]+(?:${UNIT_SPELLINGS})`), "number"],
        [/[\u3400-\u9fff]/, "identifier"],
        ...multiWordEnglish.map(([regex, token]): monaco.languages.IMonarchLanguageRule => [regex, token]),
        [/[A-Za-z_][A-Za-z0-9_]*/, { cases: englishCases }],
        [new RegExp(otherWords.map(escapeRegex).join("|") || "(?!)"), { cases: chineseCases }],
        [/[()（）[\]]/, "@brackets"],
        [/[×*÷/+\-−=＝≤≥<>≠！!%％]+/, "operator"],
        [/[,，:：;；、]/, "delimiter"],
      ],
      // `第四条 质押融资奖励:` and `申报 企业:`: the free-text title up to the colon.
      header: [
        [/[:：]/, { token: "delimiter", next: "@pop" }],
        [/$/, { token: "", next: "@pop" }],
        comment,
        [/[ \t\u3000]+/, "white"],
        [/"[^"]*"?|“[^”]*”?/, "string.title"],
        [/[^:：#＃"“]+/, "string.title"],
      ],
      // `政策 苏州市知识产权金融奖励补贴 版本 2021`: the title up to 版本 / version.
      policyTitle: [
        [/$/, { token: "", next: "@pop" }],
        [title(spellingsOf("Version")), { token: "keyword.structure", next: "@pop" }],
        [/[ \t\u3000]+/, "white"],
        [/"[^"]*"?|“[^”]*”?/, "string.title"],
        [/(?:(?!版本|version)[^"“ \t])+/, "string.title"],
      ],
    },
  };
}

export const languageConfiguration: monaco.languages.LanguageConfiguration = {
  comments: { lineComment: "#" },
  brackets: [
    ["(", ")"],
    ["（", "）"],
    ["[", "]"],
    ["「", "」"],
  ],
  autoClosingPairs: [
    { open: "(", close: ")" },
    { open: "（", close: "）" },
    { open: "[", close: "]" },
    { open: "「", close: "」" },
    { open: '"', close: '"', notIn: ["string"] },
    { open: "“", close: "”", notIn: ["string"] },
  ],
  surroundingPairs: [
    { open: "(", close: ")" },
    { open: "（", close: "）" },
    { open: "「", close: "」" },
    { open: '"', close: '"' },
    { open: "“", close: "”" },
  ],
  // Chinese runs count as words (completion replaces the run typed so far).
  wordPattern: /(-?\d*\.\d\w*)|([^\s`~!@#$%^&*()\-=+[{\]}\\|;:'",.<>/?，。：；（）「」“”、×÷≤≥＝％]+)/,
  indentationRules: {
    increaseIndentPattern: /[:：][ \t]*(?:(?:#|＃|\/\/).*)?$/,
    decreaseIndentPattern: /^(?!)/,
  },
  // Enter after a header (第四条 质押融资奖励：, 例 "…"：, 申报 企业：, with or without the colon) indents the next line.
  onEnterRules: [
    {
      beforeText: HEADER_LINE,
      action: { indentAction: monaco.languages.IndentAction.Indent },
    },
  ],
};

export function registerKuan(): void {
  monaco.languages.register({ id: KUAN, extensions: [".kuan"], aliases: ["Kuan", "款"] });
  monaco.languages.setLanguageConfiguration(KUAN, languageConfiguration);
  monaco.languages.setMonarchTokensProvider(KUAN, monarch());
}

/** A light theme in the colours of an official document: ink, navy, seal red. */
export function defineTheme(): void {
  monaco.editor.defineTheme("kuan-light", {
    base: "vs",
    inherit: true,
    rules: [
      { token: "keyword.article", foreground: "9b1c1c", fontStyle: "bold" },
      { token: "keyword.structure", foreground: "1f3a68", fontStyle: "bold" },
      { token: "keyword.statement", foreground: "1d4ed8", fontStyle: "bold" },
      { token: "keyword.scope", foreground: "7c3aed" },
      { token: "keyword.operator", foreground: "1d4ed8" },
      { token: "keyword.example", foreground: "0f766e", fontStyle: "bold" },
      { token: "support.function", foreground: "9a3412" },
      { token: "type", foreground: "0e7490" },
      { token: "constant", foreground: "b45309" },
      { token: "constant.enum", foreground: "b45309" },
      { token: "number", foreground: "047857" },
      { token: "number.date", foreground: "047857" },
      { token: "string", foreground: "a16207" },
      { token: "string.title", foreground: "111827" },
      { token: "variable.input", foreground: "5b21b6" },
      { token: "variable.rule", foreground: "0f5132", fontStyle: "bold" },
      { token: "variable.quoted", foreground: "5b21b6" },
      { token: "comment", foreground: "6b7280", fontStyle: "italic" },
      { token: "operator", foreground: "374151" },
    ],
    colors: {
      "editor.background": "#ffffff",
      "editorLineNumber.foreground": "#9ca3af",
      "editorLineNumber.activeForeground": "#1f3a68",
      "editor.lineHighlightBackground": "#f5f7fb",
      "editorBracketMatch.border": "#1f3a68",
    },
  });
}
