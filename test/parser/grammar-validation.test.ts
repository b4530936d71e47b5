/**
 * The shared parser skips chevrotain's grammar validations (they cost a third of the CLI's start),
 * so they run here: an ambiguous alternative or left recursion added to the grammar fails this test.
 */
import { describe, expect, it } from "vitest";
import { validateGrammar } from "../../grammar/parser.js";

describe("the grammar", () => {
  it("passes chevrotain's validations (no ambiguity, no left recursion, no unresolved rule)", () => {
    expect(() => validateGrammar()).not.toThrow();
  });
});
