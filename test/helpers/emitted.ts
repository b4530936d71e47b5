/**
 * Compiles a policy, writes its emitted module under test/.generated/ and imports it, so tests can
 * run the emitted evaluator beside the interpreter.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compile, emit, type CompileResult } from "../../compiler/pipeline.js";
import type { EvaluationOptions, EvaluationResult } from "@kuan/runtime/internal";

export const GENERATED = fileURLToPath(new URL("../.generated/", import.meta.url));

export interface EmittedModule {
  evaluate(input: unknown, options?: EvaluationOptions): EvaluationResult;
}

export function compileOk(source: string, fileName = "policy.kuan"): CompileResult {
  const result = compile(source, { fileName });
  if (!result.ok) throw new Error(`${fileName} does not compile: ${result.diagnostics.map((d) => d.code).join(", ")}`);
  return result;
}

export function writeEmitted(result: CompileResult): string {
  const emitted = emit(result);
  if (!emitted) throw new Error("nothing emitted");
  mkdirSync(GENERATED, { recursive: true });
  const name = `m${createHash("sha256").update(emitted.typescript).digest("hex").slice(0, 16)}.ts`;
  const path = join(GENERATED, name);
  writeFileSync(path, emitted.typescript);
  return path;
}

export async function loadEmitted(result: CompileResult): Promise<EmittedModule> {
  return (await import(/* @vite-ignore */ pathToFileURL(writeEmitted(result)).href)) as EmittedModule;
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export function kuanFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".kuan")).sort().map((f) => join(dir, f)) : [];
}

/** Every policy the project has: the seed policies, the emitter cases and the injection corpus. */
export function allPolicySources(): { name: string; source: string }[] {
  const dirs = [join(ROOT, "policies"), join(ROOT, "test/cases/emit/good"), join(ROOT, "test/emit/injection")];
  return dirs.flatMap((d) => kuanFiles(d)).map((f) => ({ name: f.slice(ROOT.length), source: readFileSync(f, "utf8") }));
}
