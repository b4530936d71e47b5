/**
 * The HTML report of `kuan diff` in Debian's Chromium: Suzhou 2021 → 2024 with a generated
 * population, opened from disk with every request blocked but the file itself (the report must
 * need no network). The plots are there (a bar per histogram bin, two per payer), the changes
 * table has a row per change, the language switch works; a screenshot is saved in
 * test/e2e/screenshots/. (Only the test adds a CJK font: Debian's Chromium here has none.)
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { compile, diff, diffImpact } from "../../compiler/pipeline.js";
import { generatePopulation } from "../../compiler/diff/gen-population.js";
import { renderDiffHtml } from "../../compiler/diff/render-html.js";
import { launchChromium, openPlayground, SCREENSHOTS, serveDist } from "./harness.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const load = (file: string) => compile(readFileSync(join(repo, file), "utf8"), { fileName: file });

/** Noto Sans SC from node_modules, its files as file:// URLs (a test-only font, nothing fetched). */
function cjkFontCss(): string {
  const dir = join(repo, "node_modules", "@fontsource", "noto-sans-sc");
  return readFileSync(join(dir, "400.css"), "utf8").replace(/url\(\.\/files\//g, `url(${pathToFileURL(join(dir, "files")).href}/`);
}

describe("kuan diff --html in Chromium", () => {
  let browser: Browser;
  let reportPath = "";
  let changes = 0;
  let payers = 0;
  let bins = 0;

  before(async () => {
    const oldResult = load("policies/suzhou-ip-finance-2021.kuan");
    const newResult = load("policies/suzhou-ip-finance-2024.kuan");
    if (!oldResult.ir) throw new Error("the 2021 policy does not compile");
    const report = diff(oldResult, newResult);
    const impact = diffImpact(oldResult, newResult, "population.csv", generatePopulation(oldResult.ir, { count: 2000, seed: 3 }));
    if (!report || !impact?.report) throw new Error(`no report: ${JSON.stringify(impact?.errors)}`);
    changes = report.changes.length;
    payers = impact.report.payers.length;
    bins = impact.report.histogram.length;
    const dir = mkdtempSync(join(tmpdir(), "kuan-diff-"));
    reportPath = join(dir, "report.html");
    writeFileSync(reportPath, renderDiffHtml(report, impact.report));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  it("shows the changes and both plots without any request, in both languages", async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 1600 }, deviceScaleFactor: 1 });
    const requests: string[] = [];
    const reportUrl = pathToFileURL(reportPath).href;
    await context.route("**/*", (route) => {
      const url = route.request().url();
      requests.push(url);
      return url === reportUrl || url.startsWith(pathToFileURL(join(repo, "node_modules")).href) ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(reportUrl);
    await page.addStyleTag({ content: cjkFontCss() });
    await page.evaluate("document.fonts.ready");

    assert.equal(await page.locator("#changes tbody tr").count(), changes);
    assert.equal(await page.locator("svg#histogram rect.bar").count(), bins);
    assert.ok(bins > 0, "the histogram has bars");
    assert.equal(await page.locator("svg#payers rect.bar").count(), 2 * payers);
    assert.ok(await page.locator("#outputs .witness").count() > 0, "witnesses are shown");
    assert.ok(await page.locator('#changes [lang="zh"]').first().isVisible());
    assert.equal(await page.locator('#changes [lang="en"]').first().isVisible(), false);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, "diff-report-zh.png"), fullPage: true });
    await page.click('button[data-lang="en"]');
    assert.ok(await page.locator('#changes [lang="en"]').first().isVisible());
    assert.equal(await page.locator("h2 >> text=Changes in meaning").count(), 1);
    await page.screenshot({ path: join(SCREENSHOTS, "diff-report-en.png"), fullPage: true });

    const offsite = requests.filter((u) => u !== reportUrl && !u.startsWith("file:"));
    assert.deepEqual(offsite, [], "the report fetches nothing");
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe("the playground's compare tab", () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };

  before(async () => {
    server = await serveDist();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows the semantic summary of an edit, reveals it, and opens its witness in the preview", async () => {
    const session = await openPlayground(browser, server.url);
    const page = session.page;
    await page.click('[data-testid="tab-compare"]');
    await page.evaluate(`(() => { const m = window.kuan.model; m.setValue(m.getValue().replace("最小(质押融资额 × 1%, 10万元)", "最小(质押融资额 × 1%, 20万元)")); })()`);
    await page.waitForSelector(".semantic-change", { timeout: 60_000 });
    assert.equal(await page.locator(".semantic-change").first().innerText(), "第四条 质押奖励：数额 10万元 → 20万元");
    await page.click(".semantic-change");
    await page.screenshot({ path: join(SCREENSHOTS, "compare-tab.png") });
    await page.click(".semantic-witness");
    await page.waitForFunction(`document.querySelector('[data-testid="preview"]')?.innerText.includes("200,000.00")`, null, { timeout: 30_000 });
    await page.screenshot({ path: join(SCREENSHOTS, "compare-witness.png") });
    assert.deepEqual(session.offsite, []);
    assert.deepEqual(session.errors, []);
    await session.context.close();
  });
});
