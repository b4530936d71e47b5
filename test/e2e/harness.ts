/**
 * End-to-end harness: serves the built site (dist/) from a plain static file server on
 * localhost, and drives Debian's Chromium (/usr/bin/chromium) with playwright-core — no
 * browser download. Every request to another origin fails the test that made it.
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const DIST = fileURLToPath(new URL("../../dist/", import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));
const CHROMIUM = process.env["KUAN_CHROMIUM"] ?? "/usr/bin/chromium";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

/** A static file server: what a government intranet would put in front of dist/. */
export async function serveDist(): Promise<{ url: string; close: () => Promise<void> }> {
  if (!existsSync(join(DIST, "index.html"))) throw new Error("dist/ is missing: run `npm run build:site` first");
  const server: Server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname)).replace(/^(\.\.[/\\])+/, "");
    let file = join(DIST, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!file.startsWith(DIST) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`);
  // playwright-core gives every launch a fresh temporary --user-data-dir.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export interface PageSession {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Requests that left localhost (blocked, and reported by the test). */
  readonly offsite: string[];
  /** Console errors and uncaught exceptions in the page. */
  readonly errors: string[];
}

export async function openPlayground(browser: Browser, url: string, hash = ""): Promise<PageSession> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: "zh-CN" });
  const offsite: string[] = [];
  const errors: string[] = [];
  const origin = new URL(url).origin;
  await context.route("**/*", (route) => {
    const requested = route.request().url();
    if (requested.startsWith(origin) || requested.startsWith("data:") || requested.startsWith("blob:")) return route.continue();
    offsite.push(requested);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.goto(url + hash);
  await page.waitForSelector('#app[data-ready="true"]', { timeout: 30_000 });
  return { context, page, offsite, errors };
}
