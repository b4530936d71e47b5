/**
 * Large files are parsed a few items at a time (grammar/index.ts, parseInChunks) to keep the
 * concrete syntax tree small. Cut as finely as possible (a chunk per item), that gives the same
 * AST and diagnostics as one parse of the whole file for every program the project has (seed
 * policies, test cases, generated well-typed policies in every style), or gives up (null), which
 * sends the file through the one parse, when a chunk has a syntax error.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse, parseInChunks } from "../../grammar/index.js";
import { tokenize } from "../../grammar/lexer.js";
import { parseTokens } from "../../grammar/parser.js";
import { AstBuilder } from "../../grammar/to-ast.js";
import { generatePolicy, printPolicy } from "../property/well-typed-policy.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function kuanFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? kuanFilesUnder(path) : f.endsWith(".kuan") ? [path] : [];
  });
}

/** The one parse of the whole file, as parse() does it for a small file. */
function whole(source: string) {
  const lexed = tokenize(source);
  const { cst, errors } = parseTokens(lexed.tokens);
  const builder = new AstBuilder();
  const ast = builder.file(cst, source.length);
  return { lexed, errors, ast, diagnostics: builder.diagnostics };
}

function agrees(source: string, chunkTokens: number): "same" | "gave up" | "skipped" {
  const one = whole(source);
  if (one.lexed.diagnostics.length > 0) return "skipped"; // parse() never chunks such a file
  const chunked = parseInChunks(one.lexed.tokens, source.length, chunkTokens);
  if (chunked === null) {
    expect(one.errors.length, "chunks gave up on a file that parses without errors").toBeGreaterThan(0);
    return "gave up";
  }
  expect(one.errors.length, "chunks parsed a file that has syntax errors").toBe(0);
  expect(chunked.ast).toEqual(one.ast);
  expect(chunked.diagnostics).toEqual(one.diagnostics);
  return "same";
}

describe("parsing in chunks", () => {
  const files = [...kuanFilesUnder(join(ROOT, "policies")), ...kuanFilesUnder(join(ROOT, "test"))];

  it("gives the AST and diagnostics of one parse, or gives up on a syntax error, for every .kuan file", () => {
    const seen = { same: 0, "gave up": 0, skipped: 0 };
    for (const file of files) {
      const source = readFileSync(file, "utf8");
      for (const size of [1, 50]) seen[agrees(source, size)]++;
    }
    expect(seen.same).toBeGreaterThan(200);
    expect(seen["gave up"]).toBeGreaterThan(20);
  });

  it("gives the same AST for generated well-typed policies in every style", () => {
    for (let seed = 1; seed <= 150; seed++) {
      const policy = generatePolicy(seed);
      const source = printPolicy(policy, { keywords: seed % 3 === 0 ? "zh" : seed % 3 === 1 ? "en" : "mixed", names: seed % 2 === 0 ? "zh" : "en", spacing: "random", punctuation: "random", seed });
      expect(agrees(source, 1 + (seed % 5))).toBe("same");
    }
  });

  it("is what parse() does for a large file", () => {
    const seed = readFileSync(join(ROOT, "policies/suzhou-ip-finance-2021.kuan"), "utf8");
    // The seed policy's articles and examples many times over (repeated article numbers are the checker's business, not the parser's).
    const source = seed + seed.slice(seed.indexOf("\n第") + 1).repeat(30);
    const lexed = tokenize(source);
    expect(lexed.tokens.length).toBeGreaterThan(8192);
    expect(lexed.diagnostics).toEqual([]);
    expect(parseInChunks(lexed.tokens, source.length)).not.toBeNull();
    const parsed = parse(source);
    const one = whole(source);
    expect(parsed.ast).toEqual(one.ast);
  });
});
