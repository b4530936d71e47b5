/**
 * What the fuzz campaign checks of one source: `compile` throws nothing and keeps the front end's
 * invariants (test/property/invariants.ts: spans inside the source, both languages filled, codes
 * in the catalogue…), takes under 2 s, and — if it accepts the source — the policy emits, its
 * schema is JSON, its examples run and random applications evaluate without an exception; the
 * emitted modules are type-checked by strict tsc in batches (`typecheckModules`).
 */
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { compile, emit, evaluate, runExamples, type CompileResult } from "../../compiler/pipeline.js";
import type { InputSpec } from "../../compiler/ir/ir.js";
import { problemsOf } from "../../test/property/invariants.js";
import { Random } from "../../test/property/well-typed-policy.js";

export const SLOW_MS = 2_000;

export type FindingKind = "exception" | "invariant" | "slow" | "broken" | "typecheck" | "timeout";

export interface Finding {
  readonly kind: FindingKind;
  readonly detail: string;
}

export interface Examined {
  readonly accepted: boolean;
  readonly ms: number;
  readonly findings: readonly Finding[];
  /** The emitted module, for the batched type check. */
  readonly module: string | null;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${(error.stack ?? "").split("\n").slice(1, 6).join("\n")}` : String(error);
}

/** Values of every kind, the edges included (9999-12-31, 2^46 yuan, empty text). */
function randomValue(spec: InputSpec, r: Random): unknown {
  switch (spec.type) {
    case "money": return r.pick<unknown>([0, 1, 0.01, 500_000, "500万元", "2.5亿元", 70_368_744_177_664, "71302268102749.41", "90071992547409.91", r.int(0, 100_000_000)]);
    case "rate": return r.pick<unknown>([0, 0.5, "50%", 1, "0.0000001", 3]);
    case "count": return r.pick<unknown>([0, 1, 3, 10_000, 2 ** 53]);
    case "duration": return r.pick<unknown>([0, 1, 2.5, 36, 100_000]);
    case "date": return r.pick<unknown>(["2021-01-01", "2024-02-29", "2026-12-31", "9999-12-31", "0001-01-01", "2030-06-30"]);
    case "year": return r.pick<unknown>([1900, 2021, 2025, 2200]);
    case "bool": return r.chance(0.5);
    case "enum": return r.chance(0.9) ? r.pick(spec.values) : "不是取值";
    case "text": return r.pick<unknown>(["", "甲", "a\u202eb"]);
  }
}

/** Compiles one source and checks everything an accepted source promises. */
export function examine(source: string, seed = 1): Examined {
  const findings: Finding[] = [];
  const started = performance.now();
  let result: CompileResult;
  try {
    result = compile(source);
  } catch (error) {
    return { accepted: false, ms: performance.now() - started, findings: [{ kind: "exception", detail: `compile: ${describeError(error)}` }], module: null };
  }
  for (const p of problemsOf(result, source)) findings.push({ kind: "invariant", detail: p });
  let module: string | null = null;
  if (result.ok && result.ir) {
    const ir = result.ir;
    const step = (what: string, f: () => void) => {
      try {
        f();
      } catch (error) {
        findings.push({ kind: "broken", detail: `${what}: ${describeError(error)}` });
      }
    };
    step("emit", () => {
      const emitted = emit(result);
      if (!emitted) throw new Error("accepted, yet nothing emitted");
      JSON.parse(emitted.schema);
      module = emitted.typescript;
    });
    step("examples", () => void runExamples(result));
    const r = new Random(seed);
    for (let i = 0; i < 3; i++) {
      const application = Object.fromEntries(ir.inputs.map((input) => [input.name, randomValue(input.spec, r)]));
      step(`evaluate ${JSON.stringify(application)}`, () => void evaluate(result, application, { asOf: r.pick(["2021-06-30", "2025-12-31", "9999-12-31"]) }));
    }
  }
  const ms = performance.now() - started;
  if (ms > SLOW_MS) findings.push({ kind: "slow", detail: `${Math.round(ms)} ms` });
  return { accepted: result.ok, ms, findings, module };
}

// ---------------------------------------------------------------- batched strict tsc

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

const OPTIONS: ts.CompilerOptions = {
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
};

/** The runtime's and the library's source files, parsed once per process. */
const parsed = new Map<string, ts.SourceFile>();
let previous: ts.Program | undefined;

/** Type-checks emitted modules in one strict program; returns each module's errors (by position in `modules`). */
export function typecheckModules(modules: readonly string[]): string[][] {
  const virtual = new Map(modules.map((code, i) => [`${ROOT}.fuzz/m${i}.ts`, code]));
  const host = ts.createCompilerHost(OPTIONS);
  const readReal = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError) => {
    const code = virtual.get(fileName);
    if (code !== undefined) return ts.createSourceFile(fileName, code, languageVersion, true);
    let file = parsed.get(fileName);
    if (!file) {
      file = readReal(fileName, languageVersion, onError);
      if (file) parsed.set(fileName, file);
    }
    return file;
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => virtual.has(fileName) || fileExists(fileName);
  const readFile = host.readFile.bind(host);
  host.readFile = (fileName) => virtual.get(fileName) ?? readFile(fileName);
  const program = ts.createProgram([...virtual.keys()], OPTIONS, host, previous);
  previous = program;
  // Only the modules' own diagnostics: the runtime is checked by the project's own tsc run, and
  // checking it again for every batch would cost more than the modules.
  const errors: string[][] = modules.map((_, i) => {
    const file = program.getSourceFile(`${ROOT}.fuzz/m${i}.ts`);
    if (!file) return ["the module is missing from the program"];
    return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map(
      (d) => `line ${file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
    );
  });
  return errors;
}
