/**
 * parse() turns each top item into AST as soon as the line parser closes its block (so a large
 * policy's CST is never whole in memory): that gives the AST and diagnostics of building the whole
 * file's CST first, for every .kuan file the project has, right or wrong.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "../../grammar/index.js";
import { tokenize } from "../../grammar/lexer.js";
import { parseFileLines } from "../../grammar/lines.js";
import { AstBuilder } from "../../grammar/to-ast.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function kuanFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? kuanFilesUnder(path) : f.endsWith(".kuan") ? [path] : [];
  });
}

describe("parse() building the AST item by item", () => {
  it("gives the AST and AST-builder diagnostics of the whole file's CST", () => {
    const files = [...kuanFilesUnder(join(ROOT, "policies")), ...kuanFilesUnder(join(ROOT, "test"))];
    expect(files.length).toBeGreaterThan(200);
    for (const file of files) {
      const source = readFileSync(file, "utf8");
      const builder = new AstBuilder();
      const whole = builder.file(parseFileLines(tokenize(source).tokens, source).cst, source.length);
      const parsed = parse(source);
      expect(parsed.ast, file).toEqual(whole);
      for (const d of builder.diagnostics) {
        // parse() leaves out an AST error on a line that already has a syntax error, and nothing else.
        const kept = parsed.diagnostics.some((p) => p.code === d.code && p.span.start === d.span.start && p.span.end === d.span.end);
        if (!kept) expect(["K1102", "K1104", "K1108"], `${file}: ${d.code} dropped`).toContain(d.code);
      }
    }
  });
});
