/**
 * Keystroke → markers + preview latency of the playground, measured inside the page.
 *
 * Serves the built site (dist/), opens it in Debian's Chromium, picks the Suzhou finance policy
 * and types into Art. 4's formula: ≥ 100 real keystrokes (Backspace, then a digit, over and
 * over), each one either breaking the formula (a marker appears, the preview says to fix it) or
 * mending it with a new rate (the marker goes, the preview shows a new amount). The page's own
 * probe (playground/ui/latency.ts) times each keydown until the result covering it has been
 * applied, and until the next frame; the worker reports its compile time per source. Twenty
 * keystrokes of warm-up come first and are not counted.
 *
 *   npm run bench:playground            (builds the site first)
 *   node --import tsx bench/playground-latency.ts [--edits 200] [--delay 80]
 */
import { launchChromium, openPlayground, serveDist } from "../test/e2e/harness.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const EDITS = Math.max(100, option("edits", 120));
const DELAY_MS = option("delay", 80);
const WARM_UP = 20;
const SUZHOU_KEYS = ["policies/suzhou-ip-finance-2021", "test/fixtures/sketch-zh"];
const GOAL_P95_MS = 50;
const GOAL_COMPILE_MS = 5;

interface Stats {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}
interface Summary {
  readonly edits: number;
  readonly applied: Stats;
  readonly painted: Stats;
  readonly workerCompile: Stats & { readonly count: number };
  readonly workerTotal: Stats;
  readonly apply: Stats;
  readonly toRequest: Stats;
  readonly roundTrip: Stats;
  readonly toWorker: Stats;
  readonly toPage: Stats;
}
interface KuanHandle {
  readonly kuan: {
    readonly editor: { setPosition(p: unknown): void; focus(): void };
    readonly model: { getValue(): string; getPositionAt(offset: number): unknown };
    readonly latency: { reset(): void; summary(): Summary };
    readonly analysis: () => unknown;
  };
}

const server = await serveDist();
const browser = await launchChromium();
try {
  const { page } = await openPlayground(browser, server.url);
  const keys = await page.$$eval("#sample option", (options) => options.map((o) => (o as unknown as { value: string }).value));
  const key = SUZHOU_KEYS.find((k) => keys.includes(k));
  if (!key) throw new Error("the Suzhou finance policy is not among the samples");
  await page.selectOption("#sample", key);
  await page.waitForFunction(() => (globalThis as unknown as KuanHandle).kuan.analysis() !== null);

  // The cursor goes right after the rate in Art. 4's formula (`… × 1%`).
  await page.evaluate(() => {
    const { editor, model } = (globalThis as unknown as KuanHandle).kuan;
    const source = model.getValue();
    const article = source.search(/第四条|article 4/i);
    const rate = source.indexOf("%", article);
    if (article < 0 || rate < 0) throw new Error("no rate in Art. 4");
    editor.setPosition(model.getPositionAt(rate));
    editor.focus();
  });
  const type = async (edits: number) => {
    for (let edit = 0; edit < edits; edit++) {
      if (edit % 2 === 0) await page.keyboard.press("Backspace");
      else await page.keyboard.press(String(((edit >> 1) % 9) + 1));
      await page.waitForTimeout(DELAY_MS);
    }
  };
  // Warm-up: the first compiles run before the JIT has seen the compiler; a user is past them
  // after a few keystrokes. They are typed, then the probe starts afresh.
  await type(WARM_UP);
  await page.waitForTimeout(300);
  await page.evaluate(() => (globalThis as unknown as KuanHandle).kuan.latency.reset());
  await type(EDITS);
  await page.waitForTimeout(500);
  const summary = await page.evaluate(() => (globalThis as unknown as KuanHandle).kuan.latency.summary());

  const row = (label: string, s: Stats, goal?: number) =>
    `${label.padEnd(44)} ${s.p50.toFixed(2).padStart(8)} ${s.p95.toFixed(2).padStart(8)} ${s.max.toFixed(2).padStart(8)}${goal ? `   goal p95 < ${goal} ms: ${s.p95 < goal ? "met" : "NOT met"}` : ""}`;
  console.log(`Kuan playground latency — ${key}, ${EDITS} keystrokes ${DELAY_MS} ms apart (after ${WARM_UP} of warm-up), Chromium headless, timed in the page\n`);
  console.log(`${"".padEnd(44)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)}`);
  console.log(row(`keydown → markers + preview applied (n=${summary.edits})`, summary.applied, GOAL_P95_MS));
  console.log(row("keydown → next frame painted", summary.painted));
  console.log(row(`compile in the worker (n=${summary.workerCompile.count})`, summary.workerCompile, GOAL_COMPILE_MS));
  console.log("  where the time goes:");
  console.log(row("  keydown → request sent (Monaco's key handling)", summary.toRequest));
  console.log(row("  request → result received (worker + messages)", summary.roundTrip));
  console.log(row("    message page → worker", summary.toWorker));
  console.log(row("    whole update inside the worker", summary.workerTotal));
  console.log(row("    message worker → page", summary.toPage));
  console.log(row("  applying a result on the page", summary.apply));
  if (summary.edits < 100) throw new Error(`only ${summary.edits} keystrokes were timed`);
} finally {
  await browser.close();
  await server.close();
}
