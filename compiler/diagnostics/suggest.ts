/**
 * "Did you mean …?": the closest candidate by edit distance (a swap of two neighbours counts once),
 * bounded so a file with thousands of misspelt names among thousands of declared ones, or one
 * name of a megabyte, still checks in near-linear time:
 * - at most MAX_DISTANCE edits are ever suggested, so the distance is computed in a band of
 *   2·MAX_DISTANCE + 1 cells per character and stops as soon as a row exceeds the bound;
 * - a candidate is looked at only if its length is within the bound and its character signature
 *   (a 32-bit set of hashed characters; one edit changes at most two bits) is close enough;
 * - the candidates' lowercased characters and signatures are computed once per candidate list and
 *   reused while the same list (the same names in the same order) is asked again; the answer does
 *   not depend on this cache.
 */

/** Suggestions further than this many edits away are not worth showing (and would cost the most). */
export const MAX_DISTANCE = 3;

/** Three reusable rows (a distance per candidate must not allocate). */
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Optimal string alignment distance between code-point arrays, or `bound + 1` if it is above `bound`. */
function boundedDistance(a: readonly string[], b: readonly string[], bound: number): number {
  const over = bound + 1;
  if (Math.abs(a.length - b.length) > bound) return over;
  // A common prefix and suffix cost nothing; the table is only needed for the part between.
  let s = 0;
  while (s < a.length && s < b.length && a[s] === b[s]) s++;
  let endA = a.length;
  let endB = b.length;
  while (endA > s && endB > s && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const n = endA - s;
  const m = endB - s;
  if (n === 0 || m === 0) return Math.min(Math.max(n, m), over);
  if (rows[0].length < m + 1) rows = [new Int32Array(2 * m + 2), new Int32Array(2 * m + 2), new Int32Array(2 * m + 2)];
  let [beforePrevious, previous, current] = rows;
  // Only the band is ever read, and each row writes the cells the next one reads; the rest is reset here.
  beforePrevious.fill(over, 0, m + 1);
  current.fill(over, 0, m + 1);
  previous.fill(over, 0, m + 1);
  for (let j = 0; j <= Math.min(m, bound); j++) previous[j] = j;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - bound);
    const hi = Math.min(m, i + bound);
    current[lo - 1] = lo === 1 ? (i <= bound ? i : over) : over;
    let rowMin = current[lo - 1] as number;
    const x = a[s + i - 1];
    for (let j = lo; j <= hi; j++) {
      const y = b[s + j - 1];
      let d = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (x === y ? 0 : 1));
      if (i > 1 && j > 1 && x === b[s + j - 2] && a[s + i - 2] === y) d = Math.min(d, (beforePrevious[j - 2] as number) + 1);
      current[j] = d > over ? over : d;
      if (d < rowMin) rowMin = d;
    }
    // The next row reads one cell right of this row's band: it must say "too far", not a stale value.
    if (hi + 1 <= m) current[hi + 1] = over;
    if (rowMin > bound) return over;
    const spare = beforePrevious;
    beforePrevious = previous;
    previous = current;
    current = spare;
  }
  return Math.min(previous[m] as number, over);
}

/** The full distance (tests and callers that want the number itself). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  return boundedDistance(x, y, Math.max(x.length, y.length));
}

function signature(chars: readonly string[]): number {
  let mask = 0;
  for (const c of chars) mask |= 1 << ((c.codePointAt(0) as number) * 2654435761 >>> 27);
  return mask >>> 0;
}

/** A 64-bit set (two halves) of hashed neighbour pairs; one edit changes at most six of its bits. */
function pairSignature(chars: readonly string[]): [number, number] {
  let low = 0;
  let high = 0;
  for (let i = 1; i < chars.length; i++) {
    const h = (((chars[i - 1] as string).codePointAt(0) as number) * 31 + ((chars[i] as string).codePointAt(0) as number)) * 2654435761;
    const bit = (h >>> 26) & 63;
    if (bit < 32) low |= 1 << bit;
    else high |= 1 << (bit - 32);
  }
  return [low >>> 0, high >>> 0];
}

function bitCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

interface CandidateIndex {
  readonly names: readonly string[];
  readonly chars: readonly (readonly string[])[];
  readonly signatures: Uint32Array;
  /** Pair signatures, low and high halves interleaved. */
  readonly pairs: Uint32Array;
  readonly lengths: Int32Array;
}

function buildIndex(names: readonly string[]): CandidateIndex {
  const chars = names.map((n) => [...n.toLowerCase()]);
  const pairs = new Uint32Array(2 * chars.length);
  chars.forEach((c, i) => pairs.set(pairSignature(c), 2 * i));
  return { names, chars, signatures: Uint32Array.from(chars, signature), pairs, lengths: Int32Array.from(chars, (c) => c.length) };
}

/** The last few candidate lists asked about (names, definitions, inputs, statement keywords). */
const recent: CandidateIndex[] = [];

/** The index of a candidate list, reused while the same names in the same order are asked again. */
function indexFor(candidates: Iterable<string>): CandidateIndex {
  const list = Array.isArray(candidates) ? (candidates as readonly string[]) : [...candidates];
  const known = recent.find((r) => r.names.length === list.length && list.every((n, i) => n === r.names[i]));
  if (known) return known;
  const built = buildIndex([...list]);
  recent.unshift(built);
  if (recent.length > 4) recent.pop();
  return built;
}

/** How many edits a word may be off and still be suggested. */
function limitFor(word: string, length: number): number {
  // Chinese words are short and dense: one character off is already a different word half the time.
  const limit = /^[\x00-\x7f]*$/.test(word) ? (length >= 3 ? Math.max(1, Math.floor(length / 3)) : 0) : Math.floor(length / 2);
  return Math.min(limit, MAX_DISTANCE);
}

/** At most this many candidates are compared by edit distance for one word (the count bound). */
export const MAX_COMPARED = 2000;

/** Each candidate's lower bound on its distance to the word (reused, grown as needed). */
let lowerBounds = new Uint8Array(1024);

/**
 * The closest candidate within the word's edit limit, ties to the alphabetically first. One edit
 * changes at most two bits of the character signature and six of the pair signature, so the bits a
 * candidate differs in give a lower bound on its distance; candidates are compared in order of that
 * bound, and the search stops once it exceeds the best distance found — so the answer is the same
 * as comparing with every candidate, unless more than MAX_COMPARED candidates are that close (then
 * it is the best among those).
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const index = indexFor(candidates);
  const chars = [...word.toLowerCase()];
  const limit = limitFor(word, [...word].length);
  const wordSignature = signature(chars);
  const [wordLow, wordHigh] = pairSignature(chars);
  const n = index.names.length;
  if (lowerBounds.length < n) lowerBounds = new Uint8Array(2 * n);
  const length = chars.length;
  for (let i = 0; i < n; i++) {
    const gap = Math.abs((index.lengths[i] as number) - length);
    const charBits = bitCount(wordSignature ^ (index.signatures[i] as number));
    const pairBits = bitCount(wordLow ^ (index.pairs[2 * i] as number)) + bitCount(wordHigh ^ (index.pairs[2 * i + 1] as number));
    const bound = Math.max(gap, (charBits + 1) >> 1, ((pairBits + 5) / 6) | 0);
    lowerBounds[i] = bound > 255 ? 255 : bound;
  }
  let best: string | undefined;
  let bestDistance = limit + 1;
  let compared = 0;
  for (let bound = 0; bound <= limit && bound <= bestDistance && compared < MAX_COMPARED; bound++) {
    for (let i = 0; i < n; i++) {
      if (lowerBounds[i] !== bound) continue;
      if (compared++ >= MAX_COMPARED) break;
      const name = index.names[i] as string;
      // At best a tie with the best so far, which goes to the alphabetically first: cannot win.
      if (name === word || (bound === bestDistance && best !== undefined && name > best)) continue;
      const d = boundedDistance(chars, index.chars[i] as readonly string[], Math.min(limit, bestDistance));
      if (d < bestDistance || (d === bestDistance && best !== undefined && name < best)) {
        best = name;
        bestDistance = d;
      }
    }
  }
  return bestDistance <= limit ? best : undefined;
}
