/**
 * docs/language.md cannot drift from the compiler: its generated tables must be what
 * scripts/gen-language-doc.ts writes, every program fenced as `kuan` must compile with exactly
 * the diagnostics its fence names (none by default) and pass its examples, and every keyword and
 * unit must appear, in both languages, in some program of the page.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { KEYWORDS, UNITS } from "../../grammar/keywords.js";
import { compile, runExamples } from "../../compiler/pipeline.js";
import { LineMap, messageOf } from "../../compiler/diagnostics/index.js";
import { LANGUAGE_DOC, updateDoc } from "../../scripts/gen-language-doc.js";

const doc = readFileSync(LANGUAGE_DOC, "utf8");
const docLines = new LineMap(doc);

interface Snippet {
  /** Line of the opening fence in docs/language.md. */
  readonly line: number;
  readonly source: string;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

function codesOf(info: string, key: string): string[] {
  const m = new RegExp(`(?:^|\\s)${key}=(\\S+)`).exec(info);
  return m?.[1] ? m[1].split(",").sort() : [];
}

function snippets(): Snippet[] {
  const found: Snippet[] = [];
  const fence = /^```kuan([^\n]*)\n([\s\S]*?)^```$/gm;
  for (const m of doc.matchAll(fence)) {
    const info = m[1] ?? "";
    found.push({
      line: docLines.position(m.index ?? 0).line,
      source: m[2] ?? "",
      errors: codesOf(info, "error"),
      warnings: codesOf(info, "warning"),
    });
  }
  return found;
}

const programs = snippets();

describe("docs/language.md", () => {
  it("has the generated tables as npm run docs writes them", () => {
    expect(updateDoc(doc) === doc, "docs/language.md is out of date: run npm run docs").toBe(true);
  });

  it("has programs to check", () => {
    expect(programs.length).toBeGreaterThan(30);
  });

  it.each(programs.map((p) => [p.line, p] as const))("program at line %i compiles as its fence says, and its examples pass", (_line, program) => {
    const result = compile(program.source, { fileName: `docs/language.md:${program.line}` });
    const lines = new LineMap(program.source);
    const shown = result.diagnostics.map((d) => `${d.code} at ${lines.position(d.span.start).line}:${lines.position(d.span.start).column}: ${messageOf(d, "en")}`);
    const codes = (severity: string) => [...new Set(result.diagnostics.filter((d) => d.severity === severity).map((d) => d.code))].sort();
    expect({ errors: codes("error"), warnings: codes("warning") }, shown.join("\n")).toEqual({ errors: program.errors, warnings: program.warnings });
    for (const example of runExamples(result)) {
      expect(example.failures.map((f) => f.en), `example "${example.title}"`).toEqual([]);
      expect(example.passed).toBe(true);
    }
  });

  it("shows every keyword and unit, in both languages, in a program that compiles", () => {
    const good = programs.filter((p) => p.errors.length === 0).map((p) => p.source);
    const appears = (spelling: string) => {
      const ascii = /^[\x20-\x7e]+$/.test(spelling);
      const pattern = ascii ? new RegExp(`(?<![A-Za-z_])${spelling.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&").replace(/ /g, "\\s+")}(?![A-Za-z_])`, "i") : undefined;
      return good.some((source) => (pattern ? pattern.test(source) : source.includes(spelling)));
    };
    const missing: string[] = [];
    for (const entry of [...KEYWORDS, ...UNITS]) {
      for (const spelling of [entry.zh[0], entry.en[0]]) if (spelling !== undefined && !appears(spelling)) missing.push(spelling);
    }
    expect(missing, "add them to a program in docs/language.md").toEqual([]);
  });
});
