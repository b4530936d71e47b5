/** "Did you mean …?": the closest candidate by edit distance (a swap of two neighbours counts once). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, (beforePrevious[j - 2] ?? 0) + 1);
      current[j] = d;
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[y.length] ?? 0;
}

export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const length = [...word].length;
  // Chinese words are short and dense: one character off is already a different word half the time.
  const limit = /^[\x00-\x7f]*$/.test(word) ? (length >= 3 ? Math.max(1, Math.floor(length / 3)) : 0) : Math.floor(length / 2);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c === word) continue;
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
