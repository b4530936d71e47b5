/** A fuzz worker: runs the slices the main thread sends and reports every source back. */
import { parentPort } from "node:worker_threads";
import { runSlice } from "./campaign.js";

const port = parentPort;
if (!port) throw new Error("scripts/fuzz/worker.ts runs as a worker of scripts/fuzz/run.ts");
port.on("message", (m: { seed: number; from: number; to: number; typecheckEvery: number }) => {
  runSlice(m.seed, m.from, m.to, {
    starting: (index) => port.postMessage({ type: "starting", index }),
    report: (report, source) => port.postMessage({ type: "report", report, source: report.findings.length > 0 ? source : null }),
  }, m.typecheckEvery);
  port.postMessage({ type: "slice-done" });
});
