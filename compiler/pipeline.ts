/**
 * The one entry point the CLI and the playground use: source → AST, diagnostics, and (when the
 * source has no errors) the checked program. Stages never throw on user errors.
 */
import { parse } from "../grammar/index.js";
import type { KuanFile } from "../grammar/ast.js";
import { check, type CheckedProgram } from "./check/index.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics/index.js";

export interface CompileOptions {
  /** Shown in diagnostics and in the emitted module's header. */
  readonly fileName?: string;
}

export interface CompileResult {
  readonly source: string;
  readonly ast: KuanFile;
  /** Sorted by position: lexing, parsing, names, types and semantics together. */
  readonly diagnostics: readonly Diagnostic[];
  /** Names, types and side tables; present even with errors (for the editor's hover and completion). */
  readonly program: CheckedProgram;
  readonly ok: boolean;
}

export function compile(source: string, _options: CompileOptions = {}): CompileResult {
  const parsed = parse(source);
  const program = check(parsed.ast, source);
  const diagnostics = sortDiagnostics([...parsed.diagnostics, ...program.diagnostics]);
  return { source, ast: parsed.ast, diagnostics, program, ok: !hasErrors(diagnostics) };
}
