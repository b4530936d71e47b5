/** Which lines open an indented block, for Enter (language/enter.ts and the onEnterRules); no DOM, so a unit test can read it. */

/** A header whose body is indented below it: 第四条 质押融资奖励：, 例 "…"：, 申报 企业：, with or without the colon (not a field such as 申报金额：). */
export const HEADER_LINE = /^[ \t\u3000]*(?:第[零〇一二两三四五六七八九十百千0-9０-９]+条|article[ \t]+\d+|(?:例|example|申报|application)(?=[ \t\u3000:："“]|$))(?![^:：]*[=＝]).*$/i;
