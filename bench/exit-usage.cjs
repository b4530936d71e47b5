// Loaded first (node -r) by lib.mjs's runNode: the process's own CPU time (all threads, since it
// started) and peak memory, reported on stderr as it exits, for benches that time a child process.
"use strict";
const { writeSync } = require("node:fs");

process.on("exit", () => {
  const { user, system } = process.cpuUsage();
  writeSync(2, `\nkuan-bench-usage cpu ${user + system} maxrss ${process.resourceUsage().maxRSS}\n`);
});
