import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // The compiler and emitted modules import "@kuan/runtime"; in tests it is the runtime's source.
    alias: [
      { find: /^@kuan\/runtime\/internal$/, replacement: fileURLToPath(new URL("./runtime/src/internal.ts", import.meta.url)) },
      { find: /^@kuan\/runtime$/, replacement: fileURLToPath(new URL("./runtime/src/index.ts", import.meta.url)) },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**", "node_modules/**"],
    // A net for hangs, not a speed goal (speed is npm run bench): property tests of a million cases
    // take minutes on a loaded 2-core machine.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
