/**
 * The shared parser skips chevrotain's grammar validations (they cost a third of the CLI's start),
 * so they run here: an ambiguous alternative or left recursion added to the grammar fails this test.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validateGrammar } from "../../grammar/parser.js";

describe("the grammar", () => {
  it("passes chevrotain's validations (no ambiguity, no left recursion, no unresolved rule)", () => {
    expect(() => validateGrammar()).not.toThrow();
  });

  it("keeps one list of alternatives per alternation (two alternations sharing a slot would parse one with the other's)", () => {
    const source = readFileSync(new URL("../../grammar/parser.ts", import.meta.url), "utf8");
    const slots = [...source.matchAll(/this\.alternatives\[(\d+)\] \?\?=/g)].map((m) => Number(m[1]));
    const alternations = [...source.matchAll(/this\.OR\d?\(/g)].length;
    expect(slots.length).toBe(alternations);
    expect(slots).toEqual(slots.map((_, i) => i));
  });
});
