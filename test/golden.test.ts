/**
 * The golden corpus: every `test/cases/<feature>/{good,bad}/<name>.kuan` is compiled and its
 * diagnostics compared with `<name>.diagnostics.txt` beside it (see test/golden/baseline.ts); the
 * cases under `emit/` also keep the emitted TypeScript module, `<name>.expected.ts`.
 * `npm run test:update` (KUAN_UPDATE=1) rewrites the baselines, to be reviewed as a git diff.
 *
 * Beyond the baseline: a good case has no error (warnings are allowed), a bad case has at least
 * one diagnostic, every span lies inside the source, and no baseline is left without its case.
 */
import { existsSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../compiler/diagnostics/index.js";
import { compile, emit } from "../compiler/pipeline.js";
import { baseline } from "./golden/baseline.js";

const CASES = fileURLToPath(new URL("./cases/", import.meta.url));
const BASELINE_SUFFIX = ".diagnostics.txt";
const MODULE_SUFFIX = ".expected.ts";
/** The cases whose emitted module is kept too. */
const emitted = (name: string) => name.startsWith(`emit${sep}`);
const update = process.env["KUAN_UPDATE"] === "1";

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

// test/cases/diff/ holds pairs of policies for the diff's own runner (test/diff/diff.test.ts).
const files = walk(CASES).filter((f) => !relative(CASES, f).startsWith(`diff${sep}`));
const cases = files.filter((f) => f.endsWith(".kuan"));
const kindOf = (file: string): "good" | "bad" | undefined => {
  const parts = relative(CASES, file).split(sep);
  const kind = parts[parts.length - 2];
  return kind === "good" || kind === "bad" ? kind : undefined;
};

describe("golden corpus", () => {
  it("has at least 50 wrong programs and 10 right ones, each under <feature>/{good,bad}/", () => {
    expect(cases.filter((f) => kindOf(f) === "bad").length).toBeGreaterThanOrEqual(50);
    expect(cases.filter((f) => kindOf(f) === "good").length).toBeGreaterThanOrEqual(10);
    expect(cases.filter((f) => kindOf(f) === undefined).map((f) => relative(CASES, f))).toEqual([]);
  });

  it("has a wrong program for every diagnostic in the catalogue", () => {
    const reported = new Set(
      cases
        .filter((f) => kindOf(f) === "bad")
        .flatMap((f) => compile(readFileSync(f, "utf8")).diagnostics.map((d) => d.code)),
    );
    const missing = Object.keys(CATALOGUE).filter((code) => !reported.has(code as keyof typeof CATALOGUE));
    expect(missing).toEqual([]);
  });

  it("keeps no baseline without its case", () => {
    const orphans = files.filter((f) => [BASELINE_SUFFIX, MODULE_SUFFIX].some((suffix) => f.endsWith(suffix) && !existsSync(f.slice(0, -suffix.length) + ".kuan")));
    if (update) for (const orphan of orphans) unlinkSync(orphan);
    else expect(orphans.map((f) => relative(CASES, f))).toEqual([]);
  });

  for (const file of cases) {
    const name = relative(CASES, file);
    it(name, () => {
      const source = readFileSync(file, "utf8");
      const result = compile(source, { fileName: name });
      for (const d of result.diagnostics) {
        expect(CATALOGUE[d.code], d.code).toBeDefined();
        expect(0 <= d.span.start && d.span.start <= d.span.end && d.span.end <= source.length, `${d.code} span inside the source`).toBe(true);
      }
      if (kindOf(file) === "good") expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual([]);
      else expect(result.diagnostics.length, "a bad case reports something").toBeGreaterThan(0);

      const actual = baseline(source, result.diagnostics);
      const expectedPath = file.slice(0, -".kuan".length) + BASELINE_SUFFIX;
      if (update) writeFileSync(expectedPath, actual);
      expect(existsSync(expectedPath), `${expectedPath} is missing: run npm run test:update and review the diff`).toBe(true);
      expect(actual).toBe(readFileSync(expectedPath, "utf8"));

      if (!emitted(name)) return;
      const module = emit(result)?.typescript;
      expect(module, "an emit case compiles to a module").toBeDefined();
      const modulePath = file.slice(0, -".kuan".length) + MODULE_SUFFIX;
      if (update) writeFileSync(modulePath, module ?? "");
      expect(existsSync(modulePath), `${modulePath} is missing: run npm run test:update and review the diff`).toBe(true);
      expect(module).toBe(readFileSync(modulePath, "utf8"));
    });
  }
});
