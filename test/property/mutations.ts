/**
 * The mutations of the front-end fuzzing, shared by the property tests (./front-end.ts) and the
 * standing fuzz campaign (scripts/fuzz): Kuan's alphabet, and one edit of a source (characters,
 * lines and tokens deleted, inserted, duplicated, swapped).
 */
import { KEYWORDS, UNITS } from "../../grammar/keywords.js";
import { tokenize } from "../../grammar/lexer.js";

/** Kuan's alphabet: every keyword and unit in both languages, literals, names, punctuation of both widths, and oddities. */
export const PIECES: readonly string[] = [
  ...KEYWORDS.flatMap((k) => [...k.zh, ...k.en]),
  ...UNITS.flatMap((u) => [...u.zh, ...u.en]),
  "第四条", "第十二条", "article 4", "10万元", "2.5亿元", "１０万元", "1,000", "1%", "５０％", "两年", "十个工作日", "一百零一", "2021-01-01", "2021-02-30", "2025年", "2021年2月3日", "百分之五十", "百分之", "的", "of",
  "「名称」", "「", "」", '"文字"', '"', "“引号”", "“", "”", "\\", "贷款", "担保费", "质押融资额", "loan", "fee", "甲", "乙", "或有负债", "每年度补贴额", "非专利技术", "是重点企业",
  "：", "，", "、", "（", "）", "；", "％", "×", "÷", "≤", "≥", "≠", "＝", "＋", "－", "＞＝", ":", ",", "(", ")", "=", "==", "+", "-", "*", "/", "<", ">", ">=", "!=", ";",
  " ", "  ", "\t", "\u3000", "\n", "\n  ", "\r\n", "\r", "#", "＃", "//", "\u2028", "\u202e", "\ufeff", "\u0000", "𠀀", "é", "§", "٣", "\ud800",
];
/** One edit; `at` and `to` pick places modulo the text's size at the time. */
export type Edit = { readonly kind: number; readonly at: number; readonly to: number; readonly piece: string };

export function applyEdit(source: string, { kind, at, to, piece: text }: Edit): string {
  const charAt = (n: number) => n % (source.length + 1);
  const lines = source.split("\n");
  const lineAt = (n: number) => n % lines.length;
  switch (kind) {
    case 0: { // delete a few characters
      const i = charAt(at);
      return source.slice(0, i) + source.slice(i + 1 + (to % 6));
    }
    case 1: { // insert a piece of Kuan
      const i = charAt(at);
      return source.slice(0, i) + text + source.slice(i);
    }
    case 2: { // duplicate a few characters
      const i = charAt(at);
      return source.slice(0, i) + source.slice(i, i + 1 + (to % 8)) + source.slice(i);
    }
    case 3: { // swap two characters
      const [i, j] = [charAt(at), charAt(to)].sort((a, b) => a - b) as [number, number];
      if (i === j || j >= source.length) return source;
      return source.slice(0, i) + source.charAt(j) + source.slice(i + 1, j) + source.charAt(i) + source.slice(j + 1);
    }
    case 4: // delete a line
      lines.splice(lineAt(at), 1);
      return lines.join("\n");
    case 5: // duplicate a line elsewhere
      lines.splice(lineAt(to), 0, lines[lineAt(at)] ?? "");
      return lines.join("\n");
    case 6: { // swap two lines
      const [i, j] = [lineAt(at), lineAt(to)];
      [lines[i], lines[j]] = [lines[j] ?? "", lines[i] ?? ""];
      return lines.join("\n");
    }
    default: { // a token: delete, duplicate, swap with another, or replace by a piece
      const tokens = tokenize(source).tokens.filter((t) => t.image.length > 0);
      const a = tokens[at % Math.max(1, tokens.length)];
      const b = tokens[to % Math.max(1, tokens.length)];
      if (!a || !b) return source;
      const [start, end] = [a.startOffset, a.startOffset + a.image.length];
      switch (kind) {
        case 7: return source.slice(0, start) + source.slice(end);
        case 8: return source.slice(0, end) + a.image + source.slice(end);
        case 9: return source.slice(0, start) + text + source.slice(end);
        default: {
          const [first, second] = a.startOffset <= b.startOffset ? [a, b] : [b, a];
          const firstEnd = first.startOffset + first.image.length;
          if (firstEnd > second.startOffset) return source;
          return source.slice(0, first.startOffset) + second.image + source.slice(firstEnd, second.startOffset) + first.image + source.slice(second.startOffset + second.image.length);
        }
      }
    }
  }
}

