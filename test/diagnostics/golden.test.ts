/**
 * The diagnostics corpus: every `cases/<feature>/{good,bad}/<name>.kuan` is compiled and its
 * diagnostics compared with `<name>.diagnostics.txt` beside it: code, severity, span, both
 * messages, the hint, and the source line with `~~~` under the span. KUAN_UPDATE=1 rewrites the
 * baselines, to be reviewed as a git diff. Bad cases must have at least one error; good ones none.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CATALOGUE, hintOf, LineMap, messageOf, type Diagnostic } from "../../compiler/diagnostics/index.js";
import { compile } from "../../compiler/pipeline.js";

const CASES = fileURLToPath(new URL("./cases/", import.meta.url));
const update = process.env["KUAN_UPDATE"] === "1";

function files(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".kuan") ? [p] : [];
  });
}

export function baseline(source: string, diagnostics: readonly Diagnostic[]): string {
  const lines = new LineMap(source);
  return diagnostics
    .map((d) => {
      const start = lines.position(d.span.start);
      const end = lines.position(d.span.end);
      const text = lines.lineText(start.line);
      const width = start.line === end.line ? Math.max(1, end.column - start.column) : Math.max(1, text.length - start.column + 1);
      const out = [
        `${d.code} ${d.severity} ${start.line}:${start.column}-${end.line}:${end.column}`,
        `  zh: ${messageOf(d, "zh")}`,
        `  en: ${messageOf(d, "en")}`,
      ];
      const hz = hintOf(d, "zh");
      const he = hintOf(d, "en");
      if (hz) out.push(`  hint zh: ${hz}`);
      if (he) out.push(`  hint en: ${he}`);
      out.push(`  | ${text}`, `  | ${" ".repeat(start.column - 1)}${"~".repeat(width)}`);
      return out.join("\n");
    })
    .join("\n\n")
    .concat(diagnostics.length > 0 ? "\n" : "");
}

const all = files(CASES);

describe("diagnostics corpus", () => {
  it("has at least 40 wrong programs and 5 right ones", () => {
    expect(all.filter((f) => f.includes("/bad/")).length).toBeGreaterThanOrEqual(40);
    expect(all.filter((f) => f.includes("/good/")).length).toBeGreaterThanOrEqual(5);
  });

  for (const file of all) {
    const name = relative(CASES, file);
    it(name, () => {
      const source = readFileSync(file, "utf8");
      const result = compile(source, { fileName: name });
      for (const d of result.diagnostics) {
        expect(CATALOGUE[d.code]).toBeDefined();
        expect(d.span.start).toBeGreaterThanOrEqual(0);
        expect(d.span.end).toBeLessThanOrEqual(source.length);
        expect(d.span.start).toBeLessThanOrEqual(d.span.end);
      }
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      if (name.includes("/good/")) expect(errors).toEqual([]);
      else expect(result.diagnostics.length).toBeGreaterThan(0);
      const actual = baseline(source, result.diagnostics);
      const expectedPath = file.replace(/\.kuan$/, ".diagnostics.txt");
      if (update || !existsSync(expectedPath)) writeFileSync(expectedPath, actual);
      expect(actual).toBe(readFileSync(expectedPath, "utf8"));
    });
  }
});
