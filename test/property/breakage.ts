/**
 * Single-line breakages of a policy, as an officer's slip makes them: a token, a bracket or a
 * colon deleted, an operator inserted, a line duplicated, two lines glued together. Each says which
 * lines its errors may lie on: the broken line (both copies of a duplicated line).
 */
import { tokenize } from "../../grammar/lexer.js";

export type BreakageKind = "delete-token" | "delete-bracket" | "delete-colon" | "insert-operator" | "duplicate-line" | "glue-lines";
export const BREAKAGE_KINDS: readonly BreakageKind[] = ["delete-token", "delete-bracket", "delete-colon", "insert-operator", "duplicate-line", "glue-lines"];

export interface Broken {
  readonly source: string;
  /** 1-based lines the errors may start on. */
  readonly allowed: ReadonlySet<number>;
  readonly what: string;
}

const OPERATORS = ["+", "×", "÷", "-", "=", "≥", "<", "且", "或", "*", "/", "，"];

/** Lines worth breaking: not blank, not only a comment. */
export function breakableLines(source: string): number[] {
  return source
    .split("\n")
    .map((text, i) => ({ text: text.trim(), line: i + 1 }))
    .filter(({ text }) => text.length > 0 && !/^(#|＃|\/\/)/.test(text))
    .map(({ line }) => line);
}

/** `pick` is a number in [0, 1) choosing the place on the line. Undefined when the line has no such place. */
export function breakLine(source: string, line: number, kind: BreakageKind, pick: number): Broken | undefined {
  const lines = source.split("\n");
  const text = lines[line - 1] ?? "";
  const lineStart = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  const replace = (newText: string, what: string): Broken => {
    const copy = [...lines];
    copy[line - 1] = newText;
    return { source: copy.join("\n"), allowed: new Set([line]), what };
  };
  const choose = <T>(items: readonly T[]): T | undefined => items[Math.floor(pick * items.length)];
  switch (kind) {
    case "delete-token": {
      const tokens = tokenize(source).tokens.filter((t) => t.tokenType.name !== "NL" && t.startOffset >= lineStart && t.startOffset < lineStart + text.length);
      const token = choose(tokens);
      if (!token) return undefined;
      const at = token.startOffset - lineStart;
      return replace(text.slice(0, at) + text.slice(at + token.image.length), `delete ${token.image}`);
    }
    case "delete-bracket":
    case "delete-colon": {
      const re = kind === "delete-bracket" ? /[()（）「」]/g : /[:：]/g;
      const at = choose([...text.matchAll(re)].map((m) => m.index ?? 0));
      if (at === undefined) return undefined;
      return replace(text.slice(0, at) + text.slice(at + 1), `delete ${text.charAt(at)} at ${at + 1}`);
    }
    case "insert-operator": {
      const tokens = tokenize(source).tokens.filter((t) => t.tokenType.name !== "NL" && t.startOffset >= lineStart && t.startOffset <= lineStart + text.length);
      const boundaries = [...tokens.map((t) => t.startOffset - lineStart), text.length];
      const at = choose(boundaries) ?? text.length;
      const op = OPERATORS[Math.floor(pick * 7919) % OPERATORS.length] ?? "+";
      return replace(`${text.slice(0, at)}${op}${text.slice(at)}`, `insert ${op} at ${at + 1}`);
    }
    case "duplicate-line": {
      const copy = [...lines];
      copy.splice(line, 0, text);
      return { source: copy.join("\n"), allowed: new Set([line, line + 1]), what: "duplicate" };
    }
    case "glue-lines": {
      if (line >= lines.length || (lines[line] ?? "").trim() === "") return undefined;
      const copy = [...lines];
      copy.splice(line - 1, 2, text + (lines[line] ?? "").trimStart());
      return { source: copy.join("\n"), allowed: new Set([line]), what: "glue with next" };
    }
  }
}
