/**
 * The emitted TypeScript: byte-identical output for the same source, and a strict type-check of
 * every emitted module with the TypeScript compiler API. The golden modules are the golden
 * corpus's (test/cases/emit/, test/golden.test.ts).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { compile, emit } from "../../compiler/pipeline.js";
import { allPolicySources, compileOk, kuanFiles, writeEmitted } from "../helpers/emitted.js";

const CASES = fileURLToPath(new URL("../cases/emit/good/", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

describe("determinism", () => {
  it("has at least three emit cases", () => expect(kuanFiles(CASES).length).toBeGreaterThanOrEqual(3));
  it("same source gives byte-identical module and schema", () => {
    for (const file of kuanFiles(CASES)) {
      const source = readFileSync(file, "utf8");
      const a = emit(compile(source, { fileName: "x.kuan" }));
      const b = emit(compile(source, { fileName: "x.kuan" }));
      expect(a?.typescript).toBe(b?.typescript);
      expect(a?.schema).toBe(b?.schema);
    }
  });
  it("nothing is emitted while an error stands", () => {
    expect(emit(compile("政策 x 版本 2021\n申报 企业:\n  a: 金额\n第一条:\n  奖励 b = a + 3件\n"))).toBeNull();
  });
});

describe("every emitted module compiles under tsc --strict", () => {
  it("type-checks with no diagnostics", () => {
    const files = allPolicySources().map(({ name, source }) => ({ name, path: writeEmitted(compileOk(source, name)) }));
    expect(files.length).toBeGreaterThanOrEqual(3);
    const program = ts.createProgram(
      files.map((f) => f.path),
      {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        allowImportingTsExtensions: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck: true,
        types: [],
        baseUrl: ROOT,
        paths: { "@kuan/runtime": ["runtime/src/index.ts"] },
      },
    );
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : "";
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    expect(diagnostics).toEqual([]);
  });
});
