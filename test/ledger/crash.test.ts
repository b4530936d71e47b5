/**
 * Crash safety: `kuan run` (the built CLI, a child process) killed with SIGKILL at random points,
 * once or twice, then run again on the same file, ends with exactly the ledger of an uninterrupted
 * run (dumps compared). Transactions are kept small (KUAN_RUN_GROUP_SIZE) so that kills land
 * between many commits as well as inside them, and during start-up.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { dumpLedger } from "../../compiler/ledger/query.js";
import { openLedger } from "../../compiler/ledger/schema.js";
import { csv, population, repo, SUZHOU } from "./suzhou.js";

const bin = join(repo, "bin", "kuan.mjs");
const scratch = mkdtempSync(join(tmpdir(), "kuan-crash-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const N = 600;
const TRIALS = 20;
const apps = join(scratch, "apps.csv");
writeFileSync(apps, csv(population(N, 11)));
const env = { ...process.env, KUAN_RUN_GROUP_SIZE: "10", NO_COLOR: "1" };
const args = (ledger: string) => [bin, "run", SUZHOU, "--applications", apps, "--ledger", ledger];

function complete(ledger: string): void {
  const r = spawnSync(process.execPath, args(ledger), { env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`kuan run exited ${r.status}: ${r.stderr}`);
}

function dump(ledger: string): string {
  const db = openLedger(ledger, { create: false, readonly: true });
  try {
    return dumpLedger(db);
  } finally {
    db.close();
  }
}

function processed(ledger: string): number {
  if (!existsSync(ledger)) return -1;
  // Opened as kuan ledger opens it after a crash: able to recover the write-ahead log, refusing writes.
  const db = new Database(ledger, { fileMustExist: true });
  db.pragma("query_only = ON");
  try {
    const t = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'applications'").get() as { n: number };
    return t.n === 0 ? 0 : (db.prepare("SELECT count(*) AS n FROM applications").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/**
 * Starts a run and kills it: `after` ms after the first progress line (some applications are
 * committed by then), or after `after` ms from the start when `fromStart`.
 */
function killedRun(ledger: string, after: number, fromStart: boolean): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args(ledger), { env, stdio: ["ignore", "ignore", "pipe"] });
    let timer: NodeJS.Timeout | undefined;
    const kill = () => child.kill("SIGKILL");
    if (fromStart) timer = setTimeout(kill, after);
    child.stderr.on("data", () => {
      if (!fromStart && timer === undefined) timer = setTimeout(kill, after);
    });
    child.on("exit", () => {
      if (timer) clearTimeout(timer);
      resolve();
    });
  });
}

describe("SIGKILL at random points, then the same file again", () => {
  it(`${TRIALS} trials end with the ledger of an uninterrupted run`, async () => {
    const clean = join(scratch, "clean.db");
    const t0 = performance.now();
    complete(clean);
    const cleanMs = performance.now() - t0;
    const expected = dump(clean);
    expect(processed(clean)).toBe(N);

    let seed = 20261201;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const states: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const ledger = join(scratch, `t${trial}.db`);
      const kills = trial % 5 === 4 ? 2 : 1;
      for (let k = 0; k < kills; k++) {
        const fromStart = trial % 4 === 0;
        await killedRun(ledger, Math.floor(random() * (fromStart ? cleanMs : cleanMs / 2)), fromStart);
        states.push(processed(ledger));
      }
      complete(ledger);
      expect(dump(ledger), `trial ${trial}`).toBe(expected);
    }
    // The kills landed all over the run: before the ledger existed, and between commits.
    const partial = states.filter((n) => n > 0 && n < N).length;
    expect(partial, `applications in the ledger when killed: ${states.join(", ")}`).toBeGreaterThanOrEqual(TRIALS / 4);
    expect(new Set(states).size).toBeGreaterThanOrEqual(TRIALS / 4);
  }, 900_000);
});
