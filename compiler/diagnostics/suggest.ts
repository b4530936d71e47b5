/**
 * "Did you mean …?": the closest candidate by edit distance (a swap of two neighbours counts once),
 * bounded so a file with thousands of misspelt names among thousands of declared ones, or one
 * name of a megabyte, still checks in near-linear time:
 * - at most MAX_DISTANCE edits are ever suggested, so the distance is computed in a band of
 *   2·MAX_DISTANCE + 1 cells per character and stops as soon as a row exceeds the bound;
 * - a `Suggester` indexes its candidates once by character and by pair of neighbouring characters.
 *   A candidate within k edits of the word lacks at most k of the word's distinct characters and at
 *   most 3k of its distinct pairs (an edit destroys at most one character and three pairs), so it
 *   holds one of any k + 1 of those characters, or of any 3k + 1 of those pairs: a lookup reads the
 *   candidates under the rarest ones only, for k = 0, 1, … up to the word's limit, and stops at the
 *   first k that has an answer. The answer is the one comparing with every candidate would give;
 * - candidates that pass are filtered by length and by a character signature before the distance.
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

function bitCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** How many edits a word may be off and still be suggested. */
function limitFor(word: string, length: number): number {
  // Chinese words are short and dense: one character off is already a different word half the time.
  const limit = /^[\x00-\x7f]*$/.test(word) ? (length >= 3 ? Math.max(1, Math.floor(length / 3)) : 0) : Math.floor(length / 2);
  return Math.min(limit, MAX_DISTANCE);
}

/**
 * At most this many candidates are compared by edit distance for one word (the count bound): only
 * a list where that many candidates pass every filter can get an answer other than the closest
 * (then it is the best among those compared).
 */
export const MAX_COMPARED = 300;

/** A pair of neighbouring code points as one number (exact: below 2^42). */
function pairKey(a: string, b: string): number {
  return (a.codePointAt(0) as number) * 0x110000 + (b.codePointAt(0) as number);
}

/** The distinct keys of a word, in first-seen order. */
function distinct<K>(keys: Iterable<K>): K[] {
  return [...new Set(keys)];
}

/** Adds `id` to the posting list of `key`, once. */
function post<K>(postings: Map<K, number[]>, key: K, id: number): void {
  const list = postings.get(key);
  if (list === undefined) postings.set(key, [id]);
  else if (list[list.length - 1] !== id) list.push(id);
}

/** The `count` keys with the shortest posting lists (a key no candidate has costs nothing). */
function rarest<K>(keys: readonly K[], postings: Map<K, number[]>, count: number): { readonly lists: (readonly number[])[]; readonly cost: number } {
  const lists: (readonly number[])[] = [];
  for (const key of keys) {
    const list = postings.get(key) ?? [];
    // Insertion into a short sorted array: count is at most 3·MAX_DISTANCE + 1.
    let at = lists.length;
    while (at > 0 && (lists[at - 1] as readonly number[]).length > list.length) at--;
    if (at < count) {
      lists.splice(at, 0, list);
      if (lists.length > count) lists.pop();
    }
  }
  return { lists, cost: lists.reduce((sum, l) => sum + l.length, 0) };
}

/** Candidate names indexed for many "did you mean" lookups (build once per list, ask often). */
export class Suggester {
  private readonly names: readonly string[];
  private readonly chars: readonly (readonly string[])[];
  private readonly signatures: Uint32Array;
  private readonly lengths: Int32Array;
  private readonly byChar = new Map<string, number[]>();
  private readonly byPair = new Map<number, number[]>();
  /** The lookup (stamp) that last read each candidate: a candidate is compared once per level. */
  private readonly seen: Int32Array;
  private stamp = 0;
  private readonly answers = new Map<string, string | undefined>();

  constructor(candidates: Iterable<string>) {
    this.names = [...candidates];
    this.chars = this.names.map((n) => [...n.toLowerCase()]);
    this.signatures = Uint32Array.from(this.chars, signature);
    this.lengths = Int32Array.from(this.chars, (c) => c.length);
    this.seen = new Int32Array(this.names.length);
    this.chars.forEach((c, id) => {
      for (let i = 0; i < c.length; i++) {
        post(this.byChar, c[i] as string, id);
        if (i > 0) post(this.byPair, pairKey(c[i - 1] as string, c[i] as string), id);
      }
    });
  }

  /** The closest candidate within the word's edit limit, ties to the alphabetically first. */
  closest(word: string): string | undefined {
    if (this.answers.has(word)) return this.answers.get(word);
    const answer = this.search(word);
    this.answers.set(word, answer);
    return answer;
  }

  private search(word: string): string | undefined {
    const chars = [...word.toLowerCase()];
    const limit = limitFor(word, [...word].length);
    const wordSignature = signature(chars);
    const wordChars = distinct(chars);
    const wordPairs = distinct(chars.slice(1).map((c, i) => pairKey(chars[i] as string, c)));
    let best: string | undefined;
    let bestDistance = limit + 1;
    let compared = 0;
    const consider = (id: number, k: number): void => {
      if (this.seen[id] === this.stamp) return;
      this.seen[id] = this.stamp;
      const name = this.names[id] as string;
      if (name === word || Math.abs((this.lengths[id] as number) - chars.length) > k) return;
      if ((bitCount(wordSignature ^ (this.signatures[id] as number)) + 1) >> 1 > k) return;
      // At best a tie with the best so far, which goes to the alphabetically first: cannot win.
      if (best !== undefined && name > best && bestDistance <= k) return;
      compared++;
      // Above k means "further than k" (the banded table stops there), not the distance itself.
      const d = boundedDistance(chars, this.chars[id] as readonly string[], k);
      if (d > k) return;
      if (d < bestDistance || (d === bestDistance && best !== undefined && name < best)) {
        best = name;
        bestDistance = d;
      }
    };
    for (let k = 0; k <= limit && compared < MAX_COMPARED; k++) {
      this.stamp++;
      const byChar = wordChars.length > k ? rarest(wordChars, this.byChar, k + 1) : undefined;
      const byPair = wordPairs.length > 3 * k ? rarest(wordPairs, this.byPair, 3 * k + 1) : undefined;
      const filter = byChar && byPair ? (byPair.cost < byChar.cost ? byPair : byChar) : (byChar ?? byPair);
      if (filter === undefined) {
        // Too few distinct characters to filter by (`aaa`): every candidate, by length and signature.
        for (let id = 0; id < this.names.length && compared < MAX_COMPARED; id++) consider(id, k);
      } else {
        for (const list of filter.lists) for (const id of list) if (compared < MAX_COMPARED) consider(id, k);
      }
      if (bestDistance <= k) break;
    }
    return bestDistance <= limit ? best : undefined;
  }
}

/** The last few candidate lists asked about through `closest` (statement keywords, commands). */
const recent: Suggester[] = [];
const recentNames: (readonly string[])[] = [];

/** The closest candidate for a one-off question; many questions about one list use a `Suggester`. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  const at = recentNames.findIndex((r) => r.length === list.length && list.every((n, i) => n === r[i]));
  if (at >= 0) return (recent[at] as Suggester).closest(word);
  const built = new Suggester(list);
  recent.unshift(built);
  recentNames.unshift(list);
  if (recent.length > 4) {
    recent.pop();
    recentNames.pop();
  }
  return built.closest(word);
}
