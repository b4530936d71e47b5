/**
 * The fuzz campaign's sources, a pure function of (seed, index) so any finding can be made again:
 * mutated seed policies and test cases (the property tests' edits, test/property/mutations.ts),
 * random text over Kuan's alphabet, deep nesting, random well-typed policies (which are accepted,
 * so they exercise emit, tsc, examples and evaluation) and those with an edit or an edge value.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { applyEdit, PIECES } from "../../test/property/mutations.js";
import { generatePolicy, printPolicy, Random } from "../../test/property/well-typed-policy.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function kuanFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? kuanFiles(path) : path.endsWith(".kuan") ? [path] : [];
  });
}

/** The seed corpus: the policies, fixtures and every golden case (the fuzz cases included). */
export const CORPUS: readonly string[] = ["policies", "test/fixtures", "test/cases"].flatMap((d) => kuanFiles(join(ROOT, d))).sort().map((f) => readFileSync(f, "utf8"));

export type SourceKind = "mutated" | "random" | "nested" | "well-typed" | "well-typed-edited";

/** Edge values spliced into well-typed policies: they must be diagnostics or work, never an internal error. */
const EDGE_PIECES = [
  "9999-12-31", "0001-01-01", "10000-01-01", "0000-01-01", `${"9".repeat(400)}元`, "90071992547409.92元", "70368744177664.01元", "33.33333%", "0.0001%",
  "1e5", "𲎰甲", "「𲎰甲」", "「__proto__」", "「constructor」", "「toString」", "「a-b」", "「\u200d」", "9999年", "10000年", `${"9".repeat(30)}个工作日`, "99999年",
];

function nested(r: Random): string {
  // Beyond MAX_EXPR_DEPTH (500) the checker says K3031; 5,000 is a 30 KB line (test/cases/fuzz/bad/deep-sum-5000-terms.kuan).
  const depth = r.pick([10, 100, 499, 501, 1_000, 5_000]);
  const head = "政策 深 版本 2022\n申报 企业:\n  贷款: 金额\n第一条:\n  奖励 补助 = ";
  switch (r.int(0, 5)) {
    case 0: return `${head}${"(".repeat(depth)}贷款${")".repeat(depth)}\n`;
    case 1: return `${head}${"(".repeat(depth)}贷款\n`;
    case 2: return `${head}贷款${" + 1元".repeat(depth)}\n`;
    case 3: return `${head}贷款 × 1% 如果 ${"非 ".repeat(depth)}是\n`;
    case 4: return `${head}${"最小(".repeat(depth)}贷款${", 1元)".repeat(depth)}\n`;
    default: return `${head}${"如果 是 则 ".repeat(depth)}贷款${" 否则 0元".repeat(depth)}\n`;
  }
}

function randomText(r: Random): string {
  const n = r.int(0, 80);
  let s = "";
  for (let i = 0; i < n; i++) s += r.chance(0.85) ? r.pick(PIECES) : String.fromCodePoint(r.int(0, 0x10ffff)) /* any code point, lone surrogates too */;
  return s;
}

function edited(source: string, r: Random, pieces: readonly string[]): string {
  const edits = r.int(1, 8);
  let s = source;
  for (let i = 0; i < edits; i++) s = applyEdit(s, { kind: r.int(0, 10), at: r.int(0, 0x7fffffff), to: r.int(0, 0x7fffffff), piece: r.pick(pieces) });
  return s;
}

/** The index-th source of the campaign with this seed. */
export function sourceFor(seed: number, index: number): { kind: SourceKind; source: string } {
  const r = new Random((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const roll = r.int(0, 99);
  if (roll < 50) return { kind: "mutated", source: edited(r.pick(CORPUS), r, PIECES) };
  if (roll < 70) return { kind: "random", source: randomText(r) };
  if (roll < 73) return { kind: "nested", source: nested(r) };
  const policy = generatePolicy(r.int(0, 0x7fffffff));
  const style = {
    keywords: r.pick(["zh", "en", "mixed"] as const),
    names: r.pick(["zh", "en"] as const),
    spacing: r.pick(["spaced", "tight", "random"] as const),
    punctuation: r.pick(["ascii", "full-width", "random"] as const),
    seed: r.int(0, 0x7fffffff),
  };
  const printed = printPolicy(policy, style);
  if (roll < 88) return { kind: "well-typed", source: printed };
  // One or two edits with edge values: numbers, dates and names at the limits.
  let s = printed;
  for (let i = r.int(1, 2); i > 0; i--) s = applyEdit(s, { kind: r.pick([1, 9, 9, 9]), at: r.int(0, 0x7fffffff), to: r.int(0, 0x7fffffff), piece: r.pick(EDGE_PIECES) });
  return { kind: "well-typed-edited", source: s };
}
