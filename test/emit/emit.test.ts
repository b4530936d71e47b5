/**
 * The emitted TypeScript: golden files (refresh with KUAN_UPDATE=1 and review the git diff),
 * byte-identical output for the same source, and a strict type-check of every emitted module with
 * the TypeScript compiler API.
 */
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { compile, emit } from "../../compiler/pipeline.js";
import { allPolicySources, compileOk, writeEmitted } from "../helpers/emitted.js";

const CASES = fileURLToPath(new URL("./cases/", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const update = process.env["KUAN_UPDATE"] === "1";

import { kuanFiles } from "../helpers/emitted.js";

describe("emitted module golden files", () => {
  for (const file of kuanFiles(CASES)) {
    it(file.slice(CASES.length), () => {
      const result = compileOk(readFileSync(file, "utf8"), file.slice(ROOT.length));
      const code = emit(result)?.typescript ?? "";
      const expectedPath = file.replace(/\.kuan$/, ".expected.ts");
      if (update || !existsSync(expectedPath)) writeFileSync(expectedPath, code);
      expect(code).toBe(readFileSync(expectedPath, "utf8"));
    });
  }
  it("has at least three policies", () => expect(kuanFiles(CASES).length).toBeGreaterThanOrEqual(3));
});

describe("determinism", () => {
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
