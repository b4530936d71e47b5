/**
 * The built-in policies: every seed policy in policies/ and the sketches in test/fixtures/,
 * found at build time (new files show up without touching the playground).
 */
const seeds = import.meta.glob<string>("../../policies/*.kuan", { query: "?raw", import: "default", eager: true });
const sketches = import.meta.glob<string>(["../../test/fixtures/sketch-*.kuan", "../../test/fixtures/oneliner-*.kuan"], {
  query: "?raw",
  import: "default",
  eager: true,
});

export interface Sample {
  /** Stable key, kept in links: `policies/suzhou-ip-finance-2021`. */
  readonly key: string;
  readonly source: string;
  /** Seed policies first, then the sketches. */
  readonly seed: boolean;
}

const keyOf = (path: string) => path.replace(/^(\.\.\/)+/, "").replace(/\.kuan$/, "");

export const SAMPLES: readonly Sample[] = [
  ...Object.entries(seeds).map(([path, source]) => ({ key: keyOf(path), source, seed: true })),
  ...Object.entries(sketches).map(([path, source]) => ({ key: keyOf(path), source, seed: false })),
].sort((a, b) => Number(b.seed) - Number(a.seed) || a.key.localeCompare(b.key));

/** The Suzhou IP finance measure when it is there, else the sketch of it. */
export const DEFAULT_SAMPLE_KEY =
  SAMPLES.find((s) => s.key === "policies/suzhou-ip-finance-2021")?.key ??
  SAMPLES.find((s) => s.key === "test/fixtures/sketch-zh")?.key ??
  SAMPLES[0]?.key ??
  "";
