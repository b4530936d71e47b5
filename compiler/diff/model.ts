/**
 * What `kuan diff` reports: the changes in meaning between two versions of a policy (each with
 * the place in both files), what is only wording (renames, renumbering, translated titles), and
 * for every changed output a witness: an application on which the two versions decide differently.
 * Plain data, so the CLI, the HTML report and the playground render the same thing.
 */
import type { Bilingual } from "@kuan/runtime/internal";

export interface Place {
  readonly start: number;
  readonly end: number;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  /** The source text of the place, on one line and made visible-safe. */
  readonly text: string;
}

export type ChangeKind =
  | "amount"
  | "rate"
  | "formula"
  | "condition"
  | "cap"
  | "limit"
  | "split"
  | "exclusion"
  | "priority"
  | "rule-added"
  | "rule-removed"
  | "article-added"
  | "article-removed"
  | "input-added"
  | "input-removed"
  | "input-retyped"
  | "validity"
  | "repeal"
  | "rounding"
  | "review"
  | "quota"
  | "clawback"
  | "example";

export type NoteKind = "renamed-rule" | "renamed-input" | "renumbered-article" | "wording" | "version" | "title" | "example-added" | "example-removed";

export interface Change {
  readonly kind: ChangeKind;
  /** The article as each version labels it, when the change sits in one. */
  readonly article: { readonly old: string | null; readonly new: string | null };
  /** The rule (or input) it concerns, as each version names it. */
  readonly subject: { readonly old: string | null; readonly new: string | null };
  readonly summary: Bilingual;
  readonly old: Place | null;
  readonly new: Place | null;
  /** Outputs (rules, as the new version names them; removed rules by their old name) whose value may change. */
  readonly outputs: readonly string[];
  /**
   * found: some output it may affect decided differently on a witness; none-found: the search
   * found no application on which it matters (a change in the text only, as far as the search
   * went); not-decisional: nothing is evaluated from it (a repeal, an example, an unused input).
   */
  readonly witness: "found" | "none-found" | "not-decisional";
}

export interface Note {
  readonly kind: NoteKind;
  readonly summary: Bilingual;
  readonly old: Place | null;
  readonly new: Place | null;
}

export type Verdict = "more-generous" | "less-generous" | "both-ways" | "different" | "no-difference-found";

/** One side of a witness: what that version decided on the application. */
export interface WitnessSide {
  readonly inForce: boolean;
  readonly outcome: string;
  /** The output's value as shown (null: the version has no such output). */
  readonly value: Bilingual | null;
  /** Money outputs in fen, for sorting and the tests. */
  readonly fen: number | null;
  readonly ruleOutcome: string | null;
  /** Trace lines of this version that the other version does not have. */
  readonly traceOnlyHere: readonly Bilingual[];
}

export interface Witness {
  /** Inputs as `kuan eval --input` takes them, in each version's names. */
  readonly oldInput: Readonly<Record<string, unknown>>;
  readonly newInput: Readonly<Record<string, unknown>>;
  /** Earlier grants as `kuan eval --history` takes them, in each version's rule names. */
  readonly oldHistory: readonly Readonly<Record<string, unknown>>[];
  readonly newHistory: readonly Readonly<Record<string, unknown>>[];
  readonly asOf: string;
  readonly firm: string;
  readonly project: string;
  readonly direction: "more-generous" | "less-generous" | "different";
  readonly old: WitnessSide;
  readonly new: WitnessSide;
}

export interface OutputVerdict {
  /** As the new version names it (the old name for a removed rule). */
  readonly output: string;
  readonly oldName: string | null;
  readonly newName: string | null;
  readonly article: { readonly old: string | null; readonly new: string | null };
  readonly verdict: Verdict;
  /** Applications evaluated under both versions by the search. */
  readonly tried: number;
  /** The first witness found in each direction (none: the change decided nothing differently). */
  readonly witnesses: readonly Witness[];
}

export interface PolicyHead {
  readonly file: string;
  readonly id: string;
  readonly version: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

export interface DiffReport {
  readonly old: PolicyHead;
  readonly new: PolicyHead;
  /** Changes in meaning, in the new version's article order. */
  readonly changes: readonly Change[];
  /** What differs without changing meaning. */
  readonly notes: readonly Note[];
  /** Every output some change may affect, with its witness search. */
  readonly outputs: readonly OutputVerdict[];
  /** When both versions are compared rule by rule: validity set aside, on this date. */
  readonly comparedOn: string;
  /** A date on which one version is in force and the other is not, if validity changed. */
  readonly validityWitness: { readonly date: string; readonly oldInForce: boolean; readonly newInForce: boolean } | null;
}
