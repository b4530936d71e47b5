/**
 * The one diagnostics catalogue. Codes are stable and never reused; bands:
 * 1xxx syntax (10xx lexing, 11xx parsing), 2xxx names, 3xxx types and dimensions,
 * 4xxx semantics, 5xxx emitting and runtime. `{placeholders}` are filled from a diagnostic's args.
 */
export type Severity = "error" | "warning";

export interface CatalogueEntry {
  readonly severity: Severity;
  readonly zh: string;
  readonly en: string;
  readonly hint?: { readonly zh: string; readonly en: string };
}

export const CATALOGUE = {
  // 10xx lexing
  K1001: { severity: "error", zh: "无法识别的字符“{text}”", en: "unexpected character '{text}'", hint: { zh: "删除该字符，或把它放进引号里的文字", en: "remove it, or put it inside a quoted string" } },
  K1002: { severity: "error", zh: "字符串缺少结尾的引号", en: "string is missing its closing quote", hint: { zh: "在行尾前补上 {close}", en: "add {close} before the end of the line" } },
  K1003: { severity: "error", zh: "「 没有对应的 」", en: "「 has no matching 」", hint: { zh: "在同一行补上 」", en: "add 」 on the same line" } },
  K1004: { severity: "error", zh: "日期“{text}”不存在", en: "'{text}' is not a valid date", hint: { zh: "日期写作 YYYY-MM-DD，例如 2021-01-01", en: "write dates as YYYY-MM-DD, e.g. 2021-01-01" } },
  K1005: { severity: "error", zh: "无法理解的数字“{text}”", en: "'{text}' is not a number Kuan understands", hint: { zh: "例如 10万元、2.5亿元、两年、十个工作日", en: "e.g. 100000 yuan, 2.5亿元, 3 years, 10 working days" } },
  // 11xx parsing
  K1101: { severity: "error", zh: "此处应为{expected}，却是{found}", en: "expected {expectedEn} here, found {foundEn}" },
  K1102: { severity: "error", zh: "无法理解这一行：{found}不能出现在这里", en: "cannot understand this line: {foundEn} cannot appear here", hint: { zh: "每行以关键字开头，例如 奖励、补贴、上限、限、分担、除外、条件", en: "each line starts with a keyword such as reward, subsidy, cap, limit, split, except, require" } },
  K1103: { severity: "error", zh: "这一行多出了{found}", en: "unexpected {foundEn} at the end of this line", hint: { zh: "删去多余内容，或换行另写一条", en: "remove it, or put it on a line of its own" } },
  K1104: { severity: "error", zh: "“{found}”只能写在某一条（第N条）之内", en: "'{found}' can only appear inside an article (第N条 / article N)" },
  K1105: { severity: "error", zh: "不认识的舍入单位“{text}”", en: "unknown rounding unit '{text}'", hint: { zh: "可用：分、角、元、万元", en: "use one of: fen, jiao, yuan, wan" } },
  K1106: { severity: "error", zh: "第N条的编号“{text}”无法理解", en: "cannot read the article number '{text}'" },
  K1108: { severity: "error", zh: "无法理解这一行：“{found}”不是语句关键字", en: "cannot understand this line: '{found}' is not a statement keyword", hint: { zh: "是否指“{suggestion}”？", en: "did you mean '{suggestion}'?" } },
  K1107: { severity: "error", zh: "名称不能为空", en: "a name cannot be empty", hint: { zh: "在“{keyword}”后写上名称，例如 {keyword} 服务费合计 = …", en: "write a name after '{keyword}', e.g. {keyword} total_fees = …" } },
  K1109: { severity: "error", zh: "这一行过于复杂（嵌套超过 {max} 层，或运算符超过 {ops} 个），未予解析", en: "this line is too complex and was not read (more than {max} levels of nesting or {ops} operators)", hint: { zh: "拆成几条“定义”，每条写一部分", en: "split it into several 'let' definitions" } },
  K1110: { severity: "error", zh: "“{word}”不表示否定：否定要写“非”", en: "'{word}' does not negate: negation is written 'not' (非)", hint: { zh: "写作「非 {name}」", en: "write 'not {name}'" } },
  K1111: { severity: "error", zh: "“{word}”不表示乘：比例要用“×”乘上", en: "'{word}' does not multiply: a share of an amount is written with '×'", hint: { zh: "写作「{left} × {right}」", en: "write '{left} × {right}'" } },
  K1112: { severity: "error", zh: "“否则”只能接在“如果 … 则 …”之后", en: "'else' can only follow 'if … then …'", hint: { zh: "写作「如果 条件 则 金额 否则 另一金额」；或删去“否则”及其后：条件不满足时本项即不适用", en: "write 'if condition then amount else other_amount'; or remove the 'else' part: when the condition fails the award does not apply" } },
  K1113: { severity: "error", zh: "括号中的“{note}”与“{op}”矛盾", en: "'{note}' in parentheses contradicts '{op}'", hint: { zh: "删去括号，或把“{op}”改为“{fix}”", en: "remove the parentheses, or write '{fixEn}' for '{op}'" } },
  K1114: { severity: "error", zh: "括号中的数“{inner}”与比较的数“{outer}”不同", en: "the number in parentheses, '{inner}', is not the one compared, '{outer}'", hint: { zh: "写作「（{note}）」或「（{note}{outer}）」", en: "write '({noteEn})'" } },
  // 2xxx names
  K2001: { severity: "error", zh: "未定义的名称“{name}”", en: "unknown name '{name}'", hint: { zh: "是否指“{suggestion}”？", en: "did you mean '{suggestion}'?" } },
  K2002: { severity: "error", zh: "“{name}”重复定义（首次定义在第{line}行）", en: "'{name}' is defined twice (first on line {line})", hint: { zh: "换一个名称，或删去其中一处", en: "rename one of them, or remove one" } },
  K2003: { severity: "error", zh: "“{name}”是关键字，不能直接用作名称", en: "'{name}' is a keyword and cannot be used as a name", hint: { zh: "用「{name}」括起来", en: "write it as 「{name}」" } },
  K2004: { severity: "error", zh: "未定义的名称“{name}”；关键字“{keyword}”把“{whole}”拆开了", en: "unknown name '{name}': the keyword '{keyword}' split '{whole}' in two", hint: { zh: "若指一个名称，请先声明它，或写作「{whole}」", en: "if you meant one name, declare it or write 「{whole}」" } },
  K2005: { severity: "error", zh: "{article}重复（首次出现在第{line}行）", en: "{article} appears twice (first on line {line})" },
  K2006: { severity: "error", zh: "“{value}”不是“{name}”的取值之一（{values}）", en: "'{value}' is not one of the values of '{name}' ({values})" },
  K2007: { severity: "error", zh: "例子中的“{name}”不是申报输入项", en: "'{name}' in an example is not an application input", hint: { zh: "是否指“{suggestion}”？", en: "did you mean '{suggestion}'?" } },
  K2008: { severity: "error", zh: "“{name}”的定义引用了它自身（{cycle}）", en: "'{name}' is defined in terms of itself ({cycle})" },
  K2009: { severity: "error", zh: "预期中的“{name}”不是本政策的结果项", en: "'{name}' in an expectation is not a result of this policy", hint: { zh: "是否指“{suggestion}”？", en: "did you mean '{suggestion}'?" } },
  K2010: { severity: "error", zh: "除外只能针对奖励或补贴，“{name}”不是", en: "an exclusion can only name rewards or subsidies; '{name}' is not one" },
  K2011: { severity: "error", zh: "例子缺少输入项“{name}”", en: "the example does not give the input '{nameEn}'", hint: { zh: "补上 {first} = …（日期、年份、文本与选项没有默认的取值），或在申报中为它写 默认 …", en: "add {first} = … (a date, a year, a text or a choice has no stand-in value), or give it a default in the application" } },
  K2012: { severity: "error", zh: "“{name}”在例子中赋值两次", en: "'{name}' is given twice in this example" },
  K2013: { severity: "error", zh: "已获记录只能针对奖励或补贴，“{name}”不是", en: "a 'granted' entry must name a reward or subsidy; '{name}' is not one" },
  K2014: { severity: "error", zh: "名额针对的“{name}”不是本条的奖励或补贴", en: "the quota's '{name}' is not a reward or subsidy of this article" },
  K2015: { severity: "error", zh: "“优先于 {article}”：{article}没有“{name}”的其他定义", en: "'overrides {articleEn}': {articleEn} has no other definition of '{name}'", hint: { zh: "优先于 后写定义了“{name}”的条款", en: "name an article that defines '{name}'" } },
  K2016: { severity: "error", zh: "这条“{keyword}”没有写名称，而例子预期的{uses}并未定义：名称是否漏写了？", en: "this '{keyword}' has no name, and {usesEn}, which the examples expect, is not defined: was its name left out?", hint: { zh: "在“{keyword}”后写上名称，例如 {keyword} {first} = …", en: "write its name after '{keyword}', e.g. {keyword} {first} = …" } },
  // 3xxx types and dimensions
  K3001: { severity: "error", zh: "不能把{left}与{right}相{op}", en: "cannot {opEn} {leftEn} and {rightEn}", hint: { zh: "两边的量纲须相同，例如都是金额", en: "both sides need the same dimension, e.g. both money" } },
  K3002: { severity: "error", zh: "不能比较{left}与{right}", en: "cannot compare {leftEn} with {rightEn}", hint: { zh: "比较的两边须是同一种量，单位相同", en: "compare quantities of one kind, in the same unit" } },
  K3003: { severity: "error", zh: "{fn}的各参数量纲须相同：{left}与{right}", en: "all arguments of {fnEn} need one dimension: {leftEn} and {rightEn}" },
  K3004: { severity: "error", zh: "条件须为是/否，这里是{type}", en: "a condition must be yes/no, this is {typeEn}" },
  K3005: { severity: "error", zh: "上限须与“{name}”同类型（{expected}），这里是{type}", en: "the cap must have the type of '{name}' ({expectedEn}), this is {typeEn}" },
  K3006: { severity: "error", zh: "无法推断数字 {text} 的单位", en: "cannot tell the unit of the number {text}", hint: { zh: "加上单位，例如 {units}", en: "add a unit, e.g. {unitsEn}" } },
  K3007: { severity: "error", zh: "不能把{left}与{right}相{op}", en: "cannot {opEn} {leftEn} by {rightEn}", hint: { zh: "金额 × 比例 = 金额；金额 × 数量 = 金额；金额 ÷ 金额 = 比例", en: "money × rate = money; money × count = money; money ÷ money = rate" } },
  K3008: { severity: "error", zh: "{kind}“{name}”须为{expected}，这里是{type}", en: "{kindEn} '{name}' must be {expectedEn}, this is {typeEn}" },
  K3009: { severity: "error", zh: "分担比例须为百分比，这里是{type}", en: "a split share must be a percentage, this is {typeEn}" },
  K3010: { severity: "error", zh: "分担比例合计为 {total}%，应为 100%", en: "the split shares add up to {total}%, not 100%" },
  K3011: { severity: "warning", zh: "比例 {value}% 超过 100%", en: "the share {value}% is above 100%", hint: { zh: "确认是否笔误", en: "check for a typo" } },
  K3012: { severity: "error", zh: "限次须为次数或年数（如 一次、2次、累计2年），这里是{type}", en: "a limit must be a number of times or years (once, 2 times, 2 years in all), this is {typeEn}" },
  K3013: { severity: "error", zh: "例子中“{name}”应为{expected}，这里是{type}", en: "'{name}' in the example should be {expectedEn}, this is {typeEn}" },
  K3014: { severity: "error", zh: "“非”只能用于是/否，这里是{type}", en: "'not' applies to yes/no only, this is {typeEn}" },
  K3015: { severity: "error", zh: "条件表达式两个分支类型不同：{left}与{right}", en: "the branches of if/then/else differ: {leftEn} and {rightEn}" },
  K3016: { severity: "error", zh: "不能对{type}取负", en: "cannot negate {typeEn}" },
  K3017: { severity: "error", zh: "{fn}至少需要两个参数", en: "{fnEn} needs at least two arguments" },
  K3018: { severity: "error", zh: "“属于”的各选项须与{type}同类型，这里有{other}", en: "the options of 'in' must be {typeEn} like the value, this one is {otherEn}" },
  K3019: { severity: "error", zh: "结果须为 符合 / 不符合 / 需复核 / 不适用 / 已计算", en: "an outcome is eligible / not eligible / needs review / not applicable / computed" },
  K3020: { severity: "error", zh: "有效期的结束日期 {to} 早于开始日期 {from}", en: "the validity ends ({to}) before it starts ({from})" },
  K3021: { severity: "error", zh: "目标“{name}”须是一个比较，例如 指标 ≥ 13%", en: "the target '{name}' must be a comparison, e.g. indicator >= 13%" },
  K3022: { severity: "error", zh: "名额须为整数个数，这里是“{text}”", en: "a quota must be a whole number, this is '{text}'" },
  K3023: { severity: "error", zh: "名额的排序依据“{name}”须是数值型申报项（得分）", en: "a quota ranks by a numeric input (a score); '{name}' is not one" },
  K3024: { severity: "error", zh: "按最高标准只适用于金额、数值、日期或年份，“{name}”是{type}", en: "take the highest applies to money, numbers, dates or years; '{name}' is {typeEn}" },
  K3025: { severity: "error", zh: "“{name}”的默认值应为{expected}，这里是{type}", en: "the default of '{name}' should be {expectedEn}, this is {typeEn}" },
  K3030: { severity: "error", zh: "分担比例 {text} 精确到百万分之一以下", en: "the split share {text} is finer than a millionth", hint: { zh: "分担比例最多精确到 0.0001%（百万分之一）", en: "split shares go to 0.0001% (a millionth) at most" } },
  K3031: { severity: "error", zh: "表达式嵌套过深（超过 {depth} 层）", en: "this expression nests too deeply (more than {depth} levels)", hint: { zh: "拆成几个定义（定义 名称 = …）", en: "split it into a few definitions (let name = …)" } },
  K3032: { severity: "error", zh: "数字 {text} 在此是比例，却没有写“%”", en: "the number {text} stands for a rate here but has no '%'", hint: { zh: "写作 {text}%（百分之{text}）；若指 {text} 倍，写作 {times}%", en: "write {text}% ({text} percent); if you meant {text} times, write {times}%" } },
  // 4xxx semantics
  K4001: { severity: "error", zh: "“{name}”在{first}和{second}中都有定义，两者之间没有除外顺序", en: "'{name}' is defined both in {firstEn} and in {secondEn} with no exception order between them", hint: { zh: "只保留一处定义，或在其中一处用 如果 写明适用条件", en: "keep one definition, or make one of them conditional with if" } },
  K4002: { severity: "warning", zh: "申报项“{name}”没有被任何条款使用", en: "the input '{name}' is not used by any article", hint: { zh: "删去它，或在条款中使用它", en: "remove it, or use it in an article" } },
  K4003: { severity: "warning", zh: "申报项“{name}”只被从未使用的定义“{via}”引用", en: "the input '{name}' is only used by '{via}', which nothing uses" },
  K4004: { severity: "error", zh: "{what}须对应本条唯一的奖励或补贴；本条有 {count} 项", en: "{whatEn} must belong to the article's one reward or subsidy; this article has {count}", hint: { zh: "把它写在对应奖励的同一行末尾", en: "write it at the end of the line of the reward it limits" } },
  K4005: { severity: "warning", zh: "文件没有“政策”标题行", en: "the file has no 'policy' header", hint: { zh: "在第一行写：政策 名称 版本 年份", en: "start with: policy \"Title\" version 2021" } },
  K4006: { severity: "error", zh: "文件没有“申报”部分，条款无从取得输入", en: "the file has no application block to take inputs from" },
  K4007: { severity: "warning", zh: "定义“{name}”没有被使用", en: "the definition '{name}' is not used" },
  K4008: { severity: "error", zh: "“{name}”有两条不同的{what}，只能按其中一条分配", en: "'{name}' has two different {whatEn}; it can be shared out by only one", hint: { zh: "删去其中一条，或把两条合成一条", en: "remove one of them, or merge them into one" } },
  K4009: { severity: "error", zh: "文件只能有一个“{what}”部分（首次出现在第{line}行）", en: "a file can have only one {whatEn} block (first on line {line})" },
  K4010: { severity: "warning", zh: "例子没有任何预期", en: "this example expects nothing", hint: { zh: "加上 预期 名称 = 值", en: "add expect name = value" } },
  K4011: { severity: "error", zh: "“{name}”在{first}和{second}的适用条件相同，两处定义之间没有优先顺序", en: "'{name}' is defined in {firstEn} and in {secondEn} under the same condition, with no priority between them", hint: { zh: "此处应当适用就写 优先于 {firstLabel}（另有规定的从其规定），反之在{first}写 优先于 {secondLabel}；或写 按最高标准 {name}", en: "if this one prevails write overrides {firstLabelEn} here, otherwise overrides {secondLabelEn} in {firstEn}; or take the highest {name}" } },
  K4012: { severity: "error", zh: "“{name}”在{first}和{second}的适用条件可以同时成立（{witness}），两处定义之间没有优先顺序", en: "'{name}' is defined in {firstEn} and in {secondEn} under conditions that can both hold ({witnessEn}), with no priority between them", hint: { zh: "此处应当适用就写 优先于 {firstLabel}，反之在{first}写 优先于 {secondLabel}；按最高标准、不重复奖励的，写 按最高标准 {name}", en: "if this one prevails write overrides {firstLabelEn} here, otherwise overrides {secondLabelEn} in {firstEn}; for 'the highest, not stacked' write take the highest {name}" } },
  K4013: { severity: "error", zh: "无法确定“{name}”在{first}和{second}的适用条件互斥，两处定义之间没有优先顺序", en: "cannot tell that the conditions of '{name}' in {firstEn} and in {secondEn} exclude each other, and there is no priority between them", hint: { zh: "写 优先于 {firstLabel}（或在{first}写 优先于 {secondLabel}）或 按最高标准 {name}；或把条件写成看得出互斥的形式（x 与 非 x、同一输入的区间、不同的取值）", en: "write overrides {firstLabelEn} here (or overrides {secondLabelEn} in {firstEn}) or take the highest {name}; or write the conditions so they visibly exclude each other (x and not x, ranges of one input, different values)" } },
  K4014: { severity: "error", zh: "“{name}”的优先顺序成环：{cycle}", en: "the priorities of '{name}' go round in a circle: {cycle}" },
  K4015: { severity: "error", zh: "“{name}”的无条件定义是默认值，不能优先于其他定义", en: "the unconditional definition of '{name}' is the default; it cannot override the others", hint: { zh: "有条件的定义本来就优先于默认值；要让此处适用，给它写上 如果 条件", en: "conditional definitions already take precedence over the default; give this one a condition" } },
  K4016: { severity: "error", zh: "“{name}”已按最高标准取值，不能再写优先于", en: "'{name}' already takes the highest of its definitions; an overrides clause cannot apply as well" },
  K4017: { severity: "error", zh: "例子中“{name}”的值须直接写出，不能是表达式", en: "the value of '{name}' in an example must be written out, not computed", hint: { zh: "写出具体的值，例如 是、10万元、2021-01-01", en: "write the value itself, e.g. yes, 100000 yuan, 2021-01-01" } },
  // 5xxx emitting and evaluation
  K5001: { severity: "error", zh: "金额 {text} 精确到分以下", en: "the amount {text} is finer than a fen", hint: { zh: "金额最多两位小数（元）", en: "amounts have at most two decimals (yuan)" } },
  K5002: { severity: "error", zh: "分担比例须直接写成数字，如 50%", en: "a split share must be written as a number, e.g. 50%", hint: { zh: "分担比例由政策规定，不取自申报项或计算结果：写出各方的百分比", en: "the shares are fixed by the measure, not taken from an input or a result: write each payer's percentage" } },
  K5003: { severity: "error", zh: "“{name}”的默认值须为整年", en: "the default of '{name}' must be a whole number of years", hint: { zh: "用年写出默认值，或把申报项改为 个月", en: "write the default in years, or declare the field in months" } },
  K5004: { severity: "error", zh: "数字 {text} 超出精确计算的范围（金额至多 {max} 元）", en: "the number {text} is beyond the exact range (amounts up to {max} yuan)", hint: { zh: "检查是否多写了位数", en: "check for extra digits" } },
} as const satisfies Record<string, CatalogueEntry>;

export type DiagnosticCode = keyof typeof CATALOGUE;
