/**
 * The one property-test runner: fast-check over the whole front end. Each part registers its own
 * `describe` when imported:
 * - ./front-end.ts: fuzzing with Kuan-like text and mutated policies; the invariants always hold.
 * - ./well-typed.ts: random well-typed policies compile clean, alike in every spelling.
 * - ./locality.ts: one broken line in a seed policy → errors on that line only.
 * - ./incremental.ts: the playground's incremental parse equals parsing the whole file.
 */
import "./front-end.js";
import "./well-typed.js";
import "./locality.js";
import "./incremental.js";
