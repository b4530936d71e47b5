/**
 * The file, line by line. Each line (a statement, a header, a field, an example line, ending at
 * its line break; see the layout in lexer.ts) is parsed on its own by one rule of parser.ts, so a
 * mistake can only ever be reported on its own line. Blocks are made from the lines: a header
 * line (政策, 申报, 第N条, 例) opens a block that lasts until the next header, whatever happened
 * on the lines in between, so a broken line never ends its block and a broken header still
 * opens one. The CST handed to to-ast.ts has the shape a whole-file grammar would give.
 *
 * Nesting is bounded before a line reaches the parser: a line nested deeper than MAX_NESTING is
 * reported once (K1109) and not parsed, so no input can overflow the stack.
 */
import { tokenMatcher, type CstElement, type CstNode, type IToken, type TokenType } from "chevrotain";
import { parseLine, type LineParseError, type LineRule } from "./parser.js";
import {
  ArticleNumber, Colon, Comma, DateLit, Divide, Equals, Greater, GreaterEq, Identifier, keywordTokens as K, Less, LessEq, LParen, Minus, NL, NotEq, NumberLit, Plus, RParen, StrayStart,
  StringLit, Times, Unit,
} from "./tokens.js";

/** Deeper than any policy needs, and far from what the parser's recursion can take. */
export const MAX_NESTING = 64;
/** Operators on one line: a chain of them is a tree as deep as it is long, which the checker walks recursively. */
export const MAX_OPERATORS = 1_000;

export interface LinesResult {
  readonly cst: CstNode;
  readonly errors: readonly LineParseError[];
  /** Lines not parsed because they nest too deeply: the token where the limit is passed. */
  readonly tooDeep: readonly IToken[];
}

type Block = "none" | "policy" | "application" | "article" | "example";

const HEADERS: readonly { readonly type: TokenType; readonly rule: LineRule; readonly block: Exclude<Block, "none">; readonly node: string }[] = [
  { type: K.Policy, rule: "policyHeaderLine", block: "policy", node: "policyDecl" },
  { type: K.Application, rule: "applicationHeaderLine", block: "application", node: "applicationDecl" },
  { type: ArticleNumber, rule: "articleHeaderLine", block: "article", node: "articleDecl" },
  { type: K.Example, rule: "exampleHeaderLine", block: "example", node: "exampleDecl" },
];

const POLICY_ATTRIBUTE_STARTS: readonly TokenType[] = [K.Version, K.Valid, K.Issuer, K.Repeals, K.Rounding];
/** What an attribute's value starts with: a line starting with one in the policy header lost its keyword. */
const ATTRIBUTE_VALUE_STARTS: readonly TokenType[] = [DateLit, NumberLit, StringLit, K.To];
/** Statement keywords: a line starting with one (and not `奖励:` or `奖励 =`) is a statement. */
const STATEMENT_STARTS: readonly TokenType[] = [
  K.Reward, K.Subsidy, K.Eligibility, K.Deadline, K.Let, K.Target, K.Cap, K.Limit, K.Split, K.Except, K.Require, K.Review, K.Quota, K.Clawback,
  K.PerFirm, K.PerProject, K.PerYear, K.InAll, K.Once, K.OneOff,
];

const RULE_STARTS: readonly TokenType[] = [K.Reward, K.Subsidy, K.Eligibility, K.Deadline, K.Let, K.Target];

/** Tokens no line can start with. */
const LEADING_STRAYS: readonly TokenType[] = [Plus, Minus, Times, Divide, Equals, Comma, Colon, RParen, Greater, GreaterEq, Less, LessEq, NotEq];

const isOneOf = (t: IToken | undefined, types: readonly TokenType[]): boolean => t !== undefined && types.some((type) => tokenMatcher(t, type));

/** The header a line opens: its first token, or its second after one stray token (`+第四条`). */
function headerOf(line: readonly IToken[]): (typeof HEADERS)[number] | undefined {
  const first = line[0];
  const second = line[1];
  return (
    HEADERS.find((h) => first !== undefined && tokenMatcher(first, h.type)) ??
    (first !== undefined && tokenMatcher(first, StrayStart) && !tokenMatcher(first, Equals)
      ? HEADERS.find((h) => second !== undefined && tokenMatcher(second, h.type))
      : undefined)
  );
}

/** Where a line nests deeper than MAX_NESTING (parentheses, or prefix `-`/`非`/`如果` piled up). */
function tooDeepAt(line: readonly IToken[]): IToken | undefined {
  let depth = 0;
  let prefixRun = 0;
  let conditionals = 0;
  let operators = 0;
  for (const t of line) {
    if (tokenMatcher(t, StrayStart) && !tokenMatcher(t, Identifier) && !tokenMatcher(t, NumberLit) && !tokenMatcher(t, Unit) && !tokenMatcher(t, StringLit)) operators++;
    if (tokenMatcher(t, LParen)) depth++;
    else if (tokenMatcher(t, RParen)) depth = Math.max(0, depth - 1);
    prefixRun = tokenMatcher(t, Minus) || tokenMatcher(t, K.Not) ? prefixRun + 1 : 0;
    if (tokenMatcher(t, K.If)) conditionals++;
    if (depth > MAX_NESTING || prefixRun > MAX_NESTING || conditionals > MAX_NESTING || operators > MAX_OPERATORS) return t;
  }
  return undefined;
}

/**
 * A line shaped like a header (it ends in a colon, has no `=`) where a header cannot be read: in an
 * example, the next example; before any application block, the application block.
 */
function brokenHeaderKind(line: readonly IToken[], block: Block, seenApplication: boolean): (typeof HEADERS)[number] | undefined {
  const last = line[line.length - 1];
  if (!last || !tokenMatcher(last, Colon) || line.some((t) => tokenMatcher(t, Equals))) return undefined;
  if (block === "example") return HEADERS.find((h) => h.block === "example");
  // `"典型":` alone on a line is an example's header whatever stands before it.
  if (line.length === 2 && line[0]?.tokenType.name === "StringLit") return HEADERS.find((h) => h.block === "example");
  if ((block === "policy" || block === "none") && !seenApplication && !isOneOf(line[0], STATEMENT_STARTS)) return HEADERS.find((h) => h.block === "application");
  return undefined;
}

interface OpenBlock {
  readonly node: string;
  readonly header: CstNode;
  readonly contentKey: string;
  readonly items: CstNode[];
  end: number;
}

function location(start: number, end: number): CstNode["location"] {
  return { startOffset: start, endOffset: end };
}

function firstOffset(node: CstNode): number {
  const loc = node.location?.startOffset;
  if (loc !== undefined && Number.isFinite(loc)) return loc;
  let best = Infinity;
  for (const list of Object.values(node.children)) {
    for (const el of (list ?? []) as CstElement[]) {
      const at = "image" in el ? el.startOffset : firstOffset(el);
      if (Number.isFinite(at)) best = Math.min(best, at);
    }
  }
  return best;
}

/**
 * What the reading of a line takes from the lines before it, past the block it is in: whether an
 * application block was opened. The playground parses a file's articles one at a time
 * (playground/worker/incremental.ts) and hands each the state the articles before it left.
 */
export interface LinesState {
  seenApplication: boolean;
}

/**
 * `onItem`: called with each top item as soon as its block closes, instead of keeping it in the
 * returned CST (parse() turns each into AST at once, so a large file's CST is never whole).
 * `state`: the state the text starts in (none: the start of a file), left as the text ends it.
 */
export function parseFileLines(tokens: readonly IToken[], source: string, onItem?: (item: CstNode) => void, state?: LinesState): LinesResult {
  const topItems: CstNode[] = [];
  const emit = onItem ?? ((item: CstNode) => void topItems.push(item));
  const errors: LineParseError[] = [];
  const tooDeep: IToken[] = [];
  let block: Block = "none";
  let seenApplication = state?.seenApplication ?? false;
  let seenHeader = false;
  let open: OpenBlock | undefined;

  const close = () => {
    if (!open) return;
    const children: Record<string, CstElement[]> = { ...(open.header.children as Record<string, CstElement[]>) };
    children[open.contentKey] = open.items;
    const start = firstOffset(open.header);
    const node: CstNode = {
      name: open.node,
      children,
      location: Number.isFinite(start) ? location(start, Math.max(start, open.end)) : undefined,
      recoveredNode: open.header.recoveredNode,
    };
    emit({ name: "topItem", children: { [open.node]: [node] } });
    open = undefined;
  };

  const run = (line: IToken[], rule: LineRule): CstNode => {
    const result = parseLine(line, rule);
    errors.push(...result.errors);
    return result.cst;
  };

  /** A block's content line: `key` picks the node inside the line's (the statement line is kept whole). */
  const pushContent = (node: CstNode, key: string | undefined, lineEnd: number): void => {
    if (!open) return;
    const item = key === undefined ? node : (node.children[key]?.[0] as CstElement | undefined);
    if (item && "children" in item) open.items.push(item);
    open.end = lineEnd;
  };

  // The next line is looked at once: whether a line that lost its header word opens an article.
  const lineAt = (from: number): { line: IToken[]; content: IToken[]; next: number } | undefined => {
    while (from < tokens.length) {
      let to = from;
      while (to < tokens.length && !tokenMatcher(tokens[to] as IToken, NL)) to++;
      const line = tokens.slice(from, Math.min(to + 1, tokens.length));
      const content = line.filter((t) => !tokenMatcher(t, NL));
      if (content.length > 0) return { line, content, next: to + 1 };
      from = to + 1;
    }
    return undefined;
  };
  const indentOf = (t: IToken): number => t.startOffset - (source.lastIndexOf("\n", t.startOffset - 1) + 1);

  let current = lineAt(0);
  while (current) {
    const { line, content } = current;
    const following = lineAt(current.next);
    current = following;
    const last = content[content.length - 1] as IToken;
    const lineEnd = last.startOffset + last.image.length - 1;

    const deep = tooDeepAt(content);
    if (deep) {
      tooDeep.push(deep);
      if (open) open.end = lineEnd;
      continue;
    }

    // An operator typed at the start of a line (`+目标 …`) is reported; the rest of the line is read as if it were not there.
    if (content.length > 1 && isOneOf(content[0], LEADING_STRAYS)) {
      const stray = content[0] as IToken;
      errors.push({ token: stray, data: { kind: "stray", expected: [] }, previous: undefined });
      line.splice(0, 1);
      content.splice(0, 1);
    }

    // A line that ends in a colon and has statements indented below it is an article's header,
    // whatever it lost: its number (`"Pledge financing reward":`, `申报条件:` for `第三条 申报条件:`).
    const nextFirst = following?.content[0];
    const opensArticle =
      tokenMatcher(last, Colon) &&
      !content.some((t) => tokenMatcher(t, Equals)) &&
      nextFirst !== undefined &&
      isOneOf(nextFirst, STATEMENT_STARTS) &&
      !isOneOf(following?.content[1], [Colon, Equals]) &&
      indentOf(nextFirst) > indentOf(content[0] as IToken);
    const lineHeader = headerOf(content);
    const header = lineHeader && !(opensArticle && lineHeader.block === "application" && seenApplication) ? lineHeader : opensArticle ? HEADERS.find((h) => h.block === "article") : undefined;
    if (header) {
      close();
      const node = run(line, header.rule);
      const contentKey = { policy: "policyAttr", application: "fieldDecl", article: "statementLine", example: "exampleLine" }[header.block];
      open = { node: header.node, header: node, contentKey, items: [], end: lineEnd };
      block = header.block;
      seenHeader = true;
      if (block === "application") seenApplication = true;
      continue;
    }

    const [first, second] = content;
    // Attributes before any header: the 政策 line above them was broken, they are still the policy's.
    if (block === "none" && !seenHeader && isOneOf(first, POLICY_ATTRIBUTE_STARTS)) {
      open = { node: "policyDecl", header: { name: "policyHeaderLine", children: {} }, contentKey: "policyAttr", items: [], end: lineEnd };
      block = "policy";
      seenHeader = true;
    }
    // `奖励 = …` is a rule that lost its name (a field takes a colon), `上限 = …` no statement.
    const isStatement = isOneOf(first, STATEMENT_STARTS) && !(second && (tokenMatcher(second, Colon) || (tokenMatcher(second, Equals) && !isOneOf(first, RULE_STARTS))));
    // A header whose keyword was lost (`"典型":` where `例 "典型":` was meant, `企业:` for `申报 企业:`):
    // it still opens its block, so the lines after it stay where they were written.
    const brokenHeader = brokenHeaderKind(content, block, seenApplication);
    if (brokenHeader) {
      close();
      const node = run(line, brokenHeader.rule);
      open = { node: brokenHeader.node, header: node, contentKey: brokenHeader.block === "example" ? "exampleLine" : "fieldDecl", items: [], end: lineEnd };
      block = brokenHeader.block;
      continue;
    }
    // A line that is not the block's kind ends the policy header, the application and an example.
    // A statement ends the application or an example; the policy header ends at anything but an
    // attribute, except a line that starts with none (`"…"` whose 发布单位 was lost) and ends in a string.
    // An attribute whose keyword was lost (`2021-01-01 至 2023-12-31`, `"…"`) is still the policy's.
    const looksLikeAttribute = !isStatement && (last.tokenType.name === "StringLit" || isOneOf(first, ATTRIBUTE_VALUE_STARTS));
    // In the application, a line with a colon and no `=` is a field gone wrong (`补贴 标准: 金额`), not a statement.
    const looksLikeField = content.some((t) => tokenMatcher(t, Colon)) && !content.some((t) => tokenMatcher(t, Equals));
    if ((block === "policy" && !isOneOf(first, POLICY_ATTRIBUTE_STARTS) && !looksLikeAttribute) || (block === "application" && isStatement && !looksLikeField) || (block === "example" && isStatement)) {
      close();
      block = "none";
    }
    switch (block) {
      case "policy":
        pushContent(run(line, "policyAttrLine"), "policyAttr", lineEnd);
        break;
      case "application":
        pushContent(run(line, "fieldLine"), "fieldDecl", lineEnd);
        break;
      case "example":
        pushContent(run(line, "exampleLineLine"), "exampleLine", lineEnd);
        break;
      case "article":
        pushContent(run(line, "statementLine"), undefined, lineEnd);
        break;
      case "none":
        emit({ name: "topItem", children: { statementLine: [run(line, "statementLine")] } });
        break;
    }
  }
  close();
  if (state) state.seenApplication = seenApplication;
  return { cst: { name: "file", children: { topItem: topItems } }, errors, tooDeep };
}
