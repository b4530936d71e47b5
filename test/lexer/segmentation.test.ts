/**
 * How the lexer finds words in Chinese text without spaces, and where English keywords, units,
 * numerals and dates begin and end (the rules are in grammar/lexer-matchers.ts and
 * docs/language.md). Each case lists the tokens of the last line of the source.
 */
import { describe, expect, it } from "vitest";
import { tokenize } from "../../grammar/lexer.js";
import { parse } from "../../grammar/index.js";
import type { Expr } from "../../grammar/ast.js";

/** The tokens of the source's last line, as `Type:image`. */
function lastLine(source: string): string[] {
  const { tokens } = tokenize(source);
  const lineStart = source.lastIndexOf("\n") + 1;
  return tokens.filter((t) => t.startOffset >= lineStart && t.tokenType.name !== "NL").map((t) => `${t.tokenType.name}:${t.image}`);
}

function diagnosticsOf(source: string): string[] {
  return tokenize(source).diagnostics.map((d) => d.code);
}

const application = (...fields: string[]) => ["申报 企业:", ...fields.map((f) => `  ${f}`)].join("\n");

describe("Chinese without spaces", () => {
  it("splits 如果权属有争议或严重失信 at the keywords when the names are declared", () => {
    const source = `${application("权属有争议: 是否", "严重失信: 是否")}\n除外 如果权属有争议或严重失信`;
    expect(lastLine(source)).toEqual(["Except:除外", "If:如果", "Identifier:权属有争议", "Or:或", "Identifier:严重失信"]);
  });

  it("splits it the same way when nothing is declared: a name runs up to the next keyword", () => {
    expect(lastLine("除外 如果权属有争议或严重失信")).toEqual(["Except:除外", "If:如果", "Identifier:权属有争议", "Or:或", "Identifier:严重失信"]);
  });

  it("means the same with and without spaces", () => {
    const names = application("权属有争议: 是否", "严重失信: 是否");
    expect(lastLine(`${names}\n除外 如果权属有争议或严重失信`)).toEqual(lastLine(`${names}\n除外 如果 权属有争议 或 严重失信`));
  });

  it("keeps a declared name that contains a keyword whole: 或有负债", () => {
    expect(lastLine(`${application("或有负债: 金额")}\n定义 甲 = 或有负债`)).toEqual(["Let:定义", "Identifier:甲", "Equals:=", "Identifier:或有负债"]);
  });

  it("reads an undeclared 或有负债 as 或 · 有负债", () => {
    expect(lastLine("定义 甲 = 或有负债")).toEqual(["Let:定义", "Identifier:甲", "Equals:=", "Or:或", "Identifier:有负债"]);
  });

  it("keeps a declared 每年度补贴额 whole, though 每年, 年度 and 补贴 are keywords", () => {
    expect(lastLine(`${application("每年度补贴额: 金额")}\n定义 甲 = 每年度补贴额`)).toEqual(["Let:定义", "Identifier:甲", "Equals:=", "Identifier:每年度补贴额"]);
    expect(lastLine("定义 甲 = 每年度补贴额")).toEqual(["Let:定义", "Identifier:甲", "Equals:=", "PerYear:每年", "Identifier:度", "Subsidy:补贴", "Identifier:额"]);
  });

  it("keeps a declared 非专利技术 whole, and splits 非 off an undeclared one", () => {
    expect(lastLine(`${application("非专利技术: 金额")}\n定义 甲 = 非专利技术`)).toEqual(["Let:定义", "Identifier:甲", "Equals:=", "Identifier:非专利技术"]);
    expect(lastLine("定义 甲 = 非专利技术")).toEqual(["Let:定义", "Identifier:甲", "Equals:=", "Not:非", "Identifier:专利技术"]);
  });

  it("matches declared names longest-first", () => {
    const source = `${application("专利: 件", "专利申请: 件", "专利申请量: 件")}\n资格 甲 = 专利申请量 ≥ 专利申请 且 专利申请 ≥ 专利`;
    expect(lastLine(source)).toEqual([
      "Eligibility:资格", "Identifier:甲", "Equals:=", "Identifier:专利申请量", "GreaterEq:≥", "Identifier:专利申请",
      "And:且", "Identifier:专利申请", "GreaterEq:≥", "Identifier:专利",
    ]);
  });

  it("lets a declared name win over the keyword at the same place, and the keyword win elsewhere", () => {
    const source = `${application("或有负债: 金额", "有负债: 是否")}\n资格 甲 = 有负债或有负债`;
    // 有负债 · 或有负债 (the declared name is longer than the keyword 或 at its place).
    expect(lastLine(source)).toEqual(["Eligibility:资格", "Identifier:甲", "Equals:=", "Identifier:有负债", "Identifier:或有负债"]);
  });

  it("splits the one-liner 每家企业限一次 into scope, limit and once", () => {
    expect(lastLine("  奖励 = 最小(贷款×1%, 100000) 每家企业限一次")).toEqual([
      "Reward:奖励", "Equals:=", "Min:最小", "LParen:(", "Identifier:贷款", "Times:×", "NumberLit:1", "Unit:%", "Comma:,", "NumberLit:100000", "RParen:)",
      "PerFirm:每家企业", "Limit:限", "Once:一次",
    ]);
  });

  it("takes the longest keyword: 否则 is else, 不符合 is not-eligible, 一次性 is one-off", () => {
    expect(lastLine("奖励 甲 = 如果 乙 则 1元 否则 2元")).toContain("Else:否则");
    expect(lastLine("预期 结果 = 不符合")).toEqual(["Expect:预期", "Outcome:结果", "Equals:=", "NotEligible:不符合"]);
    expect(lastLine("限 一次性")).toEqual(["Limit:限", "OneOff:一次性"]);
  });
});

describe("「」 names", () => {
  it("makes anything between 「 and 」 one name, keywords included", () => {
    expect(lastLine("定义 甲 = 「上限」 + 「或有负债」 + 「如果非专利技术占比」")).toEqual([
      "Let:定义", "Identifier:甲", "Equals:=", "Identifier:「上限」", "Plus:+", "Identifier:「或有负债」", "Plus:+", "Identifier:「如果非专利技术占比」",
    ]);
  });

  it("names the same thing with and without 「」", () => {
    const ast = parse(`${application("「或有负债」: 金额")}\n定义 甲 = 或有负债 + 「或有负债」`).ast;
    const application_ = ast.items.find((i) => i.kind === "Application");
    expect(application_?.kind === "Application" && application_.fields[0]?.name.text).toBe("或有负债");
  });

  it("does not let 」 run past the end of the line", () => {
    expect(diagnosticsOf("定义 甲 = 「上限\n」")).toContain("K1003");
  });
});

describe("English keywords", () => {
  it("are keywords only as whole words", () => {
    expect(lastLine("reward ifx = andrew + Reward_total + notice + oreo")).toEqual([
      "Reward:reward", "Identifier:ifx", "Equals:=", "Identifier:andrew", "Plus:+", "Identifier:Reward_total", "Plus:+", "Identifier:notice", "Plus:+", "Identifier:oreo",
    ]);
  });

  it("are matched without regard to case", () => {
    expect(lastLine("REWARD a = b IF c AND d")).toEqual(["Reward:REWARD", "Identifier:a", "Equals:=", "Identifier:b", "If:IF", "Identifier:c", "And:AND", "Identifier:d"]);
  });

  it("may span several words separated by any run of spaces or tabs", () => {
    expect(lastLine("cap per   firm per\tyear 100000 yuan")).toEqual(["Cap:cap", "PerFirm:per   firm", "PerYear:per\tyear", "NumberLit:100000", "Unit:yuan"]);
    expect(lastLine("eligibility a = b at least 5 items and c at most 2 items")).toEqual([
      "Eligibility:eligibility", "Identifier:a", "Equals:=", "Identifier:b", "AtLeast:at least", "NumberLit:5", "Unit:items",
      "And:and", "Identifier:c", "AtMost:at most", "NumberLit:2", "Unit:items",
    ]);
    expect(lastLine("expect outcome = not eligible")).toEqual(["Expect:expect", "Outcome:outcome", "Equals:=", "NotEligible:not eligible"]);
    expect(lastLine("expect outcome = needs review")).toEqual(["Expect:expect", "Outcome:outcome", "Equals:=", "NeedsReview:needs review"]);
    expect(lastLine("  grade: one of (a, b)")).toEqual(["Identifier:grade", "Colon::", "OneOf:one of", "LParen:(", "Identifier:a", "Comma:,", "Identifier:b", "RParen:)"]);
  });

  it("do not match a multi-word keyword across a line break", () => {
    expect(lastLine("limit per\nfirm")).toEqual(["Identifier:firm"]);
  });

  it("are not split out of the middle of a word written against Chinese", () => {
    expect(lastLine("定义 甲 = 乙and丙")).not.toContain("And:and");
  });
});

describe("units and numerals", () => {
  it("reads a unit only right after a number, or as a field's type", () => {
    expect(lastLine("奖励 件 = 5件")).toEqual(["Reward:奖励", "Identifier:件", "Equals:=", "NumberLit:5", "Unit:件"]);
    expect(lastLine("  专利: 件")).toEqual(["Identifier:专利", "Colon::", "Unit:件"]);
    expect(lastLine("定义 a = 元 + 年")).toEqual(["Let:定义", "Identifier:a", "Equals:=", "Identifier:元", "Plus:+", "Identifier:年"]);
    expect(lastLine("deadline d = e + 10 working days")).toEqual(["Deadline:deadline", "Identifier:d", "Equals:=", "Identifier:e", "Plus:+", "NumberLit:10", "Unit:working days"]);
  });

  it("does not read an English unit out of a longer word", () => {
    expect(lastLine("let a = 10 yuanbao")).not.toContain("Unit:yuan");
  });

  it("reads Chinese numerals only before a unit", () => {
    expect(lastLine("限 每家企业 两次")).toEqual(["Limit:限", "PerFirm:每家企业", "NumberLit:两", "Unit:次"]);
    expect(lastLine("期限 d = e + 十个工作日")).toEqual(["Deadline:期限", "Identifier:d", "Equals:=", "Identifier:e", "Plus:+", "NumberLit:十", "Unit:个工作日"]);
    expect(lastLine("资格 一般 = 三年以上")).toEqual(["Eligibility:资格", "Identifier:一般", "Equals:=", "NumberLit:三", "Unit:年", "OrMore:以上"]);
    expect(lastLine("定义 x = 一般企业")).toEqual(["Let:定义", "Identifier:x", "Equals:=", "Identifier:一般企业"]);
  });

  it("lets a declared name win over a Chinese numeral: 万人高价值发明专利拥有量", () => {
    const source = `${application("万人高价值发明专利拥有量: 件")}\n目标 甲 = 万人高价值发明专利拥有量 ≥ 12件`;
    expect(lastLine(source)).toEqual(["Target:目标", "Identifier:甲", "Equals:=", "Identifier:万人高价值发明专利拥有量", "GreaterEq:≥", "NumberLit:12", "Unit:件"]);
  });

  it("reads magnitudes and full-width digits", () => {
    expect(lastLine("奖励 a = １０万元 + ２.５亿元 + 1,000元")).toEqual([
      "Reward:奖励", "Identifier:a", "Equals:=", "NumberLit:１０万", "Unit:元", "Plus:+", "NumberLit:２.５亿", "Unit:元", "Plus:+", "NumberLit:1,000", "Unit:元",
    ]);
  });

  it("reads dates in both spellings", () => {
    expect(lastLine("期限 a = 2021-02-03")).toEqual(["Deadline:期限", "Identifier:a", "Equals:=", "DateLit:2021-02-03"]);
    expect(lastLine("期限 a = 2021年2月3日")).toEqual(["Deadline:期限", "Identifier:a", "Equals:=", "DateLit:2021年2月3日"]);
  });
});

describe("numbers in the AST", () => {
  function valueOf(expression: string, declarations: string[] = ["b: 年份", "c: 年"]): Expr | undefined {
    const { ast } = parse(`${application(...declarations)}\n定义 a = ${expression}`);
    const rule = ast.items.find((i) => i.kind === "Rule");
    return rule?.kind === "Rule" ? rule.value : undefined;
  }

  it("reads 2025年 as a calendar year and 3年 as a duration", () => {
    expect(valueOf("2025年")).toMatchObject({ kind: "Year", value: 2025 });
    expect(valueOf("3年")).toMatchObject({ kind: "Number", value: "3", unit: { id: "year" } });
    expect(valueOf("两年")).toMatchObject({ kind: "Number", value: "2", unit: { id: "year" } });
  });

  it("gives full-width digits and magnitudes their exact value", () => {
    expect(valueOf("１０万元")).toMatchObject({ kind: "Number", value: "100000", unit: { id: "yuan" } });
    expect(valueOf("２.５亿元")).toMatchObject({ kind: "Number", value: "250000000", unit: { id: "yuan" } });
    expect(valueOf("0.05万元")).toMatchObject({ kind: "Number", value: "500", unit: { id: "yuan" } });
    expect(valueOf("一百零一件")).toMatchObject({ kind: "Number", value: "101", unit: { id: "件" } });
  });
});
