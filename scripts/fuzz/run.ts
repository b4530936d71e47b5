/**
 * The standing fuzz campaign:
 * `npm run fuzz -- --count N --seed S [--workers W] [--limit MS] [--tsc-every K] [--no-save]`.
 * (--tsc-every K: strict tsc on every K-th accepted module, default every one.)
 * Sources (scripts/fuzz/generate.ts) are examined in worker threads (scripts/fuzz/oracle.ts); a
 * source still running after --limit ms (default 20,000) is a timeout: its worker is ended and a
 * new one goes on. Every failing source is saved as a golden case,
 * test/cases/fuzz/{good,bad}/found-<hash>.kuan (good if it was accepted), so it stays fixed; the
 * figures are printed every 2,000 sources and at the end.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { compile } from "../../compiler/pipeline.js";
import type { SourceReport } from "./campaign.js";
import { sourceFor } from "./generate.js";
import type { FindingKind } from "./oracle.js";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "10000" },
    seed: { type: "string", default: "1" },
    workers: { type: "string" },
    limit: { type: "string", default: "20000" },
    "no-save": { type: "boolean", default: false },
    "tsc-every": { type: "string", default: "1" },
  },
});
const count = Number(values.count);
const seed = Number(values.seed);
const workers = Math.max(1, Number(values.workers ?? Math.min(2, cpus().length)));
const limitMs = Number(values.limit);
const typecheckEvery = Math.max(1, Number(values["tsc-every"]));
const SLICE = 200;
const CASES = fileURLToPath(new URL("../../test/cases/fuzz/", import.meta.url));

const started = performance.now();
const byKind = new Map<string, { sources: number; accepted: number }>();
const findings = new Map<FindingKind, number>();
let done = 0;
let typechecked = 0;
let maxMs = 0;
let slowest = -1;
const saved: string[] = [];

function save(index: number, source: string, detail: string): void {
  if (values["no-save"]) return;
  const accepted = (() => {
    try {
      return compile(source).ok;
    } catch {
      return false;
    }
  })();
  const dir = join(CASES, accepted ? "good" : "bad");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `found-${createHash("sha256").update(source).digest("hex").slice(0, 12)}.kuan`);
  if (!existsSync(path)) writeFileSync(path, source);
  saved.push(`${path.slice(CASES.length)} (seed ${seed}, index ${index}): ${detail.split("\n")[0]}`);
}

function record(r: SourceReport, source: string | null): void {
  done++;
  const k = byKind.get(r.kind) ?? { sources: 0, accepted: 0 };
  k.sources++;
  if (r.accepted) k.accepted++;
  if (r.typechecked) typechecked++;
  byKind.set(r.kind, k);
  if (r.ms > maxMs) {
    maxMs = r.ms;
    slowest = r.index;
  }
  for (const f of r.findings) {
    findings.set(f.kind, (findings.get(f.kind) ?? 0) + 1);
    console.log(`FINDING ${f.kind} (seed ${seed}, index ${r.index}, ${r.kind}): ${f.detail}`);
  }
  if (r.findings.length > 0 && source !== null) save(r.index, source, `${r.findings[0]?.kind}: ${r.findings[0]?.detail}`);
  if (done % 2_000 === 0) summary(false);
}

function summary(final: boolean): void {
  const seconds = (performance.now() - started) / 1000;
  const kinds = [...byKind].map(([k, v]) => `${k} ${v.sources} (${v.accepted} accepted)`).join(", ");
  const f = (k: FindingKind) => findings.get(k) ?? 0;
  console.log(
    `${final ? "FINAL" : "PROGRESS"} ${done}/${count} sources in ${seconds.toFixed(0)} s (${(done / seconds).toFixed(0)}/s, ${workers} workers, seed ${seed}): ` +
      `exceptions ${f("exception")}, over 2 s ${f("slow")}, timeouts ${f("timeout")}, invariant failures ${f("invariant")}, ` +
      `accepted-then-broken ${f("broken")}, tsc errors ${f("typecheck")} (${typechecked} modules type-checked); slowest ${maxMs.toFixed(0)} ms (index ${slowest}); ${kinds}`,
  );
}

let next = 0;
const slices: { from: number; to: number }[] = [];
for (let from = 0; from < count; from += SLICE) slices.push({ from, to: Math.min(count, from + SLICE) });

function startWorker(): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL("./worker.mjs", import.meta.url));
    let current: { from: number; to: number } | null = null;
    let running: number | null = null;
    let since = performance.now();
    let finished = false;
    const seen = new Set<number>();
    const take = () => {
      current = next < slices.length ? (slices[next++] ?? null) : null;
      seen.clear();
      if (current) worker.postMessage({ seed, typecheckEvery, ...current });
      else {
        finished = true;
        clearInterval(watchdog);
        void worker.terminate().then(() => resolve());
      }
    };
    const watchdog = setInterval(() => {
      if (running === null || performance.now() - since < limitMs || !current) return;
      // Hung: record it, end this worker, and let a new one go on after the hung source.
      const index = running;
      record({ index, kind: sourceFor(seed, index).kind, accepted: false, ms: performance.now() - since, findings: [{ kind: "timeout", detail: `still running after ${limitMs} ms` }], typechecked: false }, sourceFor(seed, index).source);
      const rest = { from: index + 1, to: current.to };
      for (let i = current.from; i < index; i++) if (!seen.has(i)) slices.push({ from: i, to: i + 1 });
      if (rest.from < rest.to) slices.push(rest);
      finished = true;
      clearInterval(watchdog);
      void worker.terminate().then(() => startWorker().then(resolve));
    }, 250);
    worker.on("message", (m: { type: "starting"; index: number | null } | { type: "report"; report: SourceReport; source: string | null } | { type: "slice-done" }) => {
      if (m.type === "starting") {
        running = m.index;
        since = performance.now();
      } else if (m.type === "report") {
        seen.add(m.report.index);
        record(m.report, m.source);
      } else take();
    });
    worker.on("error", (error) => {
      // The worker itself failed (not a source: examine catches what compiling throws): stop.
      console.log(`FINDING exception (seed ${seed}, worker, slice ${current?.from}-${current?.to}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      findings.set("exception", (findings.get("exception") ?? 0) + 1);
      summary(true);
      process.exit(1);
    });
    take();
  });
}

await Promise.all(Array.from({ length: workers }, () => startWorker()));
summary(true);
if (saved.length > 0) console.log(`saved ${saved.length} case(s):\n  ${saved.join("\n  ")}`);
process.exitCode = [...findings.values()].some((n) => n > 0) ? 1 : 0;
