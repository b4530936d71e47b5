/**
 * The playground's Vite config. `root` is playground/, the site goes to ../dist with relative
 * paths (base "./") so it works from any static file server, at any path, offline.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@kuan\/runtime\/internal$/, replacement: fileURLToPath(new URL("../runtime/src/internal.ts", import.meta.url)) },
      { find: /^@kuan\/runtime$/, replacement: fileURLToPath(new URL("../runtime/src/index.ts", import.meta.url)) },
    ],
  },
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  publicDir: false,
  server: { port: 5173, fs: { allow: [repoRoot] } },
  preview: { port: 4173 },
  worker: { format: "es" },
  build: {
    outDir: fileURLToPath(new URL("../dist", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    // Monaco is one big chunk by nature; the warning says nothing useful here.
    chunkSizeWarningLimit: 4096,
    // Fonts are many small unicode-range subsets: never inline them into the CSS.
    assetsInlineLimit: 0,
    // floor.html: the bare Monaco page the latency bench compares the playground with, built in the same run.
    rollupOptions: { input: { index: fileURLToPath(new URL("index.html", import.meta.url)), floor: fileURLToPath(new URL("floor.html", import.meta.url)) } },
  },
});
