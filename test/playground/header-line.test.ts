/** Enter indents after a header, and only after a header: not after a field whose name begins with 申报 or 例. */
import { describe, expect, it } from "vitest";
import { HEADER_LINE } from "../../playground/language/header-line.js";

describe("the header lines Enter indents after", () => {
  it.each(["第四条 质押融资奖励：", "第九十九条 示范企业奖励：", "第4条:", "article 4 pledge:", "申报 企业：", "申报:", "申报", '例 "典型"：', '例"典型"：', 'example "x":', "application firm:", "  第五条 服务费补贴"])("indents after %s", (line) => {
    expect(HEADER_LINE.test(line)).toBe(true);
  });
  it.each(["  申报金额: 金额", "  申报年度: 年份", "  例外情形: 是否", "  application_date: date", "  examples_seen: 数量", "  贷款 = 500万元", "  例 = 3", "  奖励 甲 = 1元"])("does not indent after %s", (line) => {
    expect(HEADER_LINE.test(line)).toBe(false);
  });
});
