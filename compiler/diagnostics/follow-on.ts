/**
 * One mistake, one diagnostic. Once a line has a syntax error (1xxx):
 * - what the later stages make of that line (a type error on the half-read formula, an unknown
 *   half of a split name) is a consequence of it, not news, and is left out;
 * - a name the file uses but no longer declares, when that name stands on a broken line (the
 *   field or rule that declared it is the broken line), is not reported as unknown elsewhere:
 *   mending the broken line declares it again; nor is a name unused when its use is on a broken line;
 * - "this article has N rewards" (K4004) is left out when another line of the same article is
 *   wrong: a reward whose keyword was deleted, or a line pasted twice, is that line's mistake;
 * - "the example leaves out an input" (K2011) is left out when a line of the example is wrong.
 */
import { LineMap, type Diagnostic, type Span } from "./index.js";

/**
 * Diagnostics about a name that is not (or not correctly) declared; for K2006, a value that is not
 * one of an enumeration's, the enumeration's field (its list of values may be the broken line).
 */
const UNKNOWN_NAME_CODES = new Set(["K2001", "K2004", "K2006", "K2007", "K2009", "K2010", "K2011", "K2013", "K2014", "K4002", "K4003"]);
/** Past this many distinct unknown names the file is garbage, and they are all reported (the cap shows 200). */
const MAX_NAMES_LOOKED_UP = 1_000;

export function withoutFollowOns(syntax: readonly Diagnostic[], later: readonly Diagnostic[], source: string, articles: readonly Span[], examples: readonly Span[] = []): Diagnostic[] {
  // An example with a broken line may have lost the input it seems to leave out (K2011).
  const errorStarts = syntax.filter((d) => d.severity === "error").map((d) => d.span.start).sort((a, b) => a - b);
  const hasErrorIn = (x: Span): boolean => {
    let lo = 0;
    let hi = errorStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((errorStarts[mid] as number) < x.start) lo = mid + 1;
      else hi = mid;
    }
    return lo < errorStarts.length && (errorStarts[lo] as number) < x.end;
  };
  const exampleOf = (at: number): Span | undefined => spanAt(examples, at);
  const kept = withoutLineFollowOns(syntax, later, source).filter((d) => {
    if (d.code !== "K2011") return true;
    const example = exampleOf(d.span.start);
    return example === undefined || !hasErrorIn(example);
  });
  const errors = [...syntax, ...kept].filter((d) => d.severity === "error" && d.code !== "K4004");
  const articleOf = (at: number): Span | undefined => spanAt(articles, at);
  const articlesWithErrors = new Set(errors.map((d) => articleOf(d.span.start)).filter((a) => a !== undefined));
  return articlesWithErrors.size === 0 ? kept : kept.filter((d) => d.code !== "K4004" || !articlesWithErrors.has(articleOf(d.span.start) as Span));
}

/** The span holding `at`, of spans in source order: a binary search keeps this linear-logarithmic on any input. */
function spanAt(spans: readonly Span[], at: number): Span | undefined {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const a = spans[mid] as Span;
    if (at < a.start) hi = mid - 1;
    else if (at >= a.end) lo = mid + 1;
    else return a;
  }
  return undefined;
}

function withoutLineFollowOns(syntax: readonly Diagnostic[], later: readonly Diagnostic[], source: string): Diagnostic[] {
  if (!syntax.some((d) => d.severity === "error")) return [...later];
  const lines = LineMap.of(source);
  const brokenLines = new Set<number>();
  for (const d of syntax) if (d.severity === "error") brokenLines.add(lines.position(d.span.start).line);
  const brokenText = [...brokenLines].map((line) => lines.lineText(line)).join("\n");
  // A declaration or an example's line that lost its name (`  : 金额`, `  = 2021-01-01`): which names
  // are unknown (or left out) cannot be told until it is mended.
  const nameLost = /^[ \t\u3000]*[:：=＝]/m.test(brokenText) || syntax.some((d) => d.code === "K1107");
  const onBrokenLine = new Map<string, boolean>();
  const declaredOnBrokenLine = (name: string): boolean => {
    let found = onBrokenLine.get(name);
    if (found === undefined) {
      found = onBrokenLine.size < MAX_NAMES_LOOKED_UP && name.length > 0 && brokenText.includes(name);
      onBrokenLine.set(name, found);
    }
    return found;
  };
  return later.filter((d) => {
    // A place of 0–0 is a half-read expression's (only a missing policy header is really there).
    if (d.span.end === 0 && d.code !== "K4005") return false;
    if (brokenLines.has(lines.position(d.span.start).line) || brokenLines.has(lines.position(Math.max(d.span.start, d.span.end - 1)).line)) return false;
    if (!UNKNOWN_NAME_CODES.has(d.code)) return true;
    const name = d.args["whole"] ?? d.args["name"] ?? "";
    return !nameLost && !declaredOnBrokenLine(name);
  });
}
