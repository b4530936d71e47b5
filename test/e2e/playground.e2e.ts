/**
 * The playground end to end, in Debian's Chromium against the built site (dist/) on a static
 * server: pick the Suzhou finance policy, type an error and see its marker, fix it and see the
 * decision, change an input, switch language, reload from a link. Each test saves a screenshot
 * in test/e2e/screenshots/; none may make a request outside localhost.
 */
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium, openPlayground, SCREENSHOTS, serveDist, type PageSession } from "./harness.js";
import { KEYWORDS, type KeywordGroup } from "../../grammar/keywords.js";
import { tokenize } from "../../grammar/lexer.js";

/** The Suzhou IP finance measure, or its sketch until the seed policy is encoded. */
const SUZHOU_KEYS = ["policies/suzhou-ip-finance-2021", "test/fixtures/sketch-zh"];

/** Art. 4 of the Suzhou measure: a reward of 1 % of the pledge loan, at most 10万元 a firm. */
interface Article4 {
  /** The loan input (`质押融资额`) and where Art. 4's formula uses it. */
  readonly loan: string;
  readonly loanUse: { readonly start: number; readonly end: number };
  /** The reward Art. 4 defines (`质押奖励`). */
  readonly reward: string;
}

interface MarkerView {
  readonly code: string;
  readonly message: string;
  readonly severity: number;
}

/** What main.ts exposes on `window.kuan`, as far as these tests use it. */
interface KuanHandle {
  readonly kuan: {
    readonly editor: { setPosition(p: { lineNumber: number; column: number }): void; focus(): void; getValue(): string };
    readonly model: { getValue(): string; getPositionAt(offset: number): { lineNumber: number; column: number } };
    readonly monaco: { editor: { getModelMarkers(filter: { owner: string }): { code?: unknown; message: string; severity: number }[] } };
    readonly analysis: () => {
      symbols: { name: string; kind: string; definition: { start: number } | null; article: { label: string } | null; type: { en: string } | null }[];
      occurrences: { start: number; end: number; name: string }[];
    } | null;
  };
}

let server: { url: string; close: () => Promise<void> };
let browser: Browser;
const sessions: PageSession[] = [];

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await serveDist();
  browser = await launchChromium();
});

after(async () => {
  for (const session of sessions) await session.context.close();
  await browser?.close();
  await server?.close();
});

async function open(hash = ""): Promise<PageSession> {
  const session = await openPlayground(browser, server.url, hash);
  sessions.push(session);
  return session;
}

function assertClean(session: PageSession): void {
  assert.deepEqual(session.offsite, [], "no request may leave localhost");
  assert.deepEqual(session.errors, [], "no error in the page");
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}

async function pickSuzhou(page: Page): Promise<Article4> {
  const keys = await page.$$eval("#sample option", (options) => options.map((o) => (o as unknown as { value: string }).value));
  const key = SUZHOU_KEYS.find((k) => keys.includes(k));
  assert.ok(key, `the Suzhou finance policy is one of the samples (${keys.join(", ")})`);
  await page.selectOption("#sample", key);
  await page.waitForFunction(() => (globalThis as unknown as KuanHandle).kuan.analysis() !== null);
  // The names come from the policy itself: the reward defined in Art. 4 and the first money input its formula uses.
  const found = await page.evaluate(() => {
    const analysis = (globalThis as unknown as KuanHandle).kuan.analysis();
    const reward = analysis?.symbols.find((s) => s.kind === "rule" && /^(第四条|article 4)$/i.test(s.article?.label ?? ""));
    const inputs = new Set(analysis?.symbols.filter((s) => s.kind === "input" && s.type?.en === "money").map((s) => s.name));
    const use = analysis?.occurrences.find((o) => o.start > (reward?.definition?.start ?? Infinity) && inputs.has(o.name));
    return reward && use ? { reward: reward.name, loan: use.name, loanUse: { start: use.start, end: use.end } } : null;
  });
  assert.ok(found, "Art. 4 defines a reward computed from a money input");
  return found;
}

/** Puts the cursor at an offset of the editor's text and focuses the editor. */
async function cursorAt(page: Page, offset: number): Promise<void> {
  await page.evaluate((at) => {
    const { editor, model } = (globalThis as unknown as KuanHandle).kuan;
    editor.setPosition(model.getPositionAt(at));
    editor.focus();
  }, offset);
}

async function markers(page: Page): Promise<MarkerView[]> {
  return page.evaluate(() =>
    (globalThis as unknown as KuanHandle).kuan.monaco.editor
      .getModelMarkers({ owner: "kuan" })
      .map((m) => ({ code: String(m.code), message: m.message, severity: m.severity })),
  );
}

async function waitForMarker(page: Page, code: string, present: boolean): Promise<void> {
  await page.waitForFunction(
    ([wanted, shouldBe]) =>
      (globalThis as unknown as KuanHandle).kuan.monaco.editor.getModelMarkers({ owner: "kuan" }).some((m) => String(m.code) === wanted) === shouldBe,
    [code, present] as const,
    { timeout: 10_000 },
  );
}

async function grantAmount(page: Page, rule: string): Promise<string | null> {
  return page.$eval(`[data-testid="grants"] tr[data-rule="${rule}"] td.amount`, (cell) => (cell as unknown as { dataset: { amount?: string } }).dataset.amount ?? null).catch(() => null);
}

async function waitForGrant(page: Page, rule: string, amount: string): Promise<void> {
  await page.waitForFunction(
    ([r, a]) => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { dataset: { amount?: string } } | null } }).document;
      return doc.querySelector(`[data-testid="grants"] tr[data-rule="${r}"] td.amount`)?.dataset.amount === a;
    },
    [rule, amount] as const,
    { timeout: 10_000 },
  );
}

async function setField(page: Page, name: string, value: string): Promise<void> {
  const input = page.locator(`input[data-field="${name}"]`);
  await input.fill(value);
}

describe("playground", () => {
  it("loads offline, with self-hosted Chinese fonts and the policy highlighted", async () => {
    const session = await open();
    const { page } = session;
    const { loanUse } = await pickSuzhou(page);
    // Bring Art. 4 into view (the encoded measure opens with its header and a long application block).
    await page.evaluate((at) => {
      const { editor, model } = (globalThis as unknown as KuanHandle).kuan;
      (editor as unknown as { revealPositionInCenter(p: unknown): void }).revealPositionInCenter(model.getPositionAt(at));
    }, loanUse.start);
    const fonts = await page.evaluate(async () => {
      const doc = (globalThis as unknown as { document: { fonts: { check(font: string, text: string): boolean; ready: Promise<unknown> } } }).document;
      await doc.fonts.ready;
      return { ui: doc.fonts.check('16px "Noto Sans SC"', "款政策申报"), editor: doc.fonts.check('16px "Kuan Mono"', "Kuan") };
    });
    assert.deepEqual(fonts, { ui: true, editor: true }, "Noto Sans SC and Kuan Mono are loaded from the site itself");
    // Monaco draws the revealed lines in its next frame.
    await page.locator(".monaco-editor .view-line span", { hasText: "第四条" }).first().waitFor({ timeout: 10_000 });
    const articleTokens = await page.locator(".monaco-editor .view-line span", { hasText: "第四条" }).count();
    assert.ok(articleTokens > 0, "the article header is shown");
    await screenshot(page, "01-loaded");
    assertClean(session);
  });

  it("shows a marker with the right code for an error, and drops it once fixed; the preview decides", async () => {
    const session = await open();
    const { page } = session;
    const { loan, loanUse, reward } = await pickSuzhou(page);
    await waitForMarker(page, "K2001", false);

    // `质押融资额 × 1%` → `质押融资 × 1%`: an unknown name.
    await cursorAt(page, loanUse.end);
    await page.keyboard.press("Backspace");
    await waitForMarker(page, "K2001", true);
    const marker = (await markers(page)).find((m) => m.code === "K2001");
    assert.ok(marker?.message.includes(`未定义的名称“${loan.slice(0, -1)}”`), `the marker says which name is unknown: ${marker?.message}`);
    assert.equal(marker?.severity, 8, "an error marker");
    await page.waitForSelector('#problem-list li[data-code="K2001"]');
    await screenshot(page, "02-error-marker");

    await page.keyboard.type(loan.slice(-1));
    await waitForMarker(page, "K2001", false);
    assert.equal(await page.$('#problem-list li[data-code="K2001"]'), null, "the problem list drops it too");

    await setField(page, loan, "500万元");
    await waitForGrant(page, reward, "50000.00");
    assert.equal(await page.getAttribute('[data-testid="outcome"]', "data-outcome"), "eligible");
    await screenshot(page, "03-fixed-and-decided");
    assertClean(session);
  });

  it("updates the amount when an input changes", async () => {
    const session = await open();
    const { page } = session;
    const { loan, reward } = await pickSuzhou(page);
    await setField(page, loan, "500万元");
    await waitForGrant(page, reward, "50000.00");
    await setField(page, loan, "300万元");
    await waitForGrant(page, reward, "30000.00");
    // 1 % of 2,000万元 is 20万元, above the 10万元 cap.
    await setField(page, loan, "2000万元");
    await waitForGrant(page, reward, "100000.00");
    assert.equal(await grantAmount(page, reward), "100000.00");

    // Clicking a trace line puts the cursor on its clause and highlights it.
    await page.locator('[data-testid="trace"] li', { hasText: reward }).first().click();
    const selected = await page.evaluate(() => {
      const { editor, model } = (globalThis as unknown as KuanHandle).kuan as unknown as {
        editor: { getSelection(): { startLineNumber: number } };
        model: { getLineContent(line: number): string };
      };
      return model.getLineContent(editor.getSelection().startLineNumber);
    });
    assert.match(selected, new RegExp(reward), "the cursor is on the clause that produced the amount");
    assert.ok((await page.locator(".monaco-editor .clause-highlight").count()) > 0, "the clause is highlighted");

    // The file's examples are listed with pass/fail.
    assert.ok((await page.locator('[data-testid="examples"] li[data-passed="true"]').count()) > 0, "the example passes");
    await screenshot(page, "04-input-changed");
    assertClean(session);
  });

  it("takes earlier grants into account: once per firm", async () => {
    const session = await open("#lang=zh");
    const { page } = session;
    const { loan, reward } = await pickSuzhou(page);
    await setField(page, loan, "500万元");
    await waitForGrant(page, reward, "50000.00");

    await page.click('[data-testid="history"] summary');
    await page.click('[data-testid="history"] button.secondary');
    const row = page.locator('[data-testid="history"] .history-row').first();
    await row.locator("select").selectOption(reward);
    await row.locator("input.date").fill("2020-06-30");
    await row.locator("input.amount").fill("5万元");
    await page.waitForFunction(
      (r) => (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(`[data-testid="grants"] tr[data-rule="${r}"]`) === null,
      reward,
      { timeout: 10_000 },
    );
    assert.match((await page.textContent('[data-testid="trace"]')) ?? "", /一次/, "the trace names the once-per-firm limit");
    await screenshot(page, "05-history");
    assertClean(session);
  });

  it("switches the UI language: labels and diagnostics", async () => {
    const session = await open("#lang=zh");
    const { page } = session;
    const { loan, loanUse } = await pickSuzhou(page);
    await cursorAt(page, loanUse.end);
    await page.keyboard.press("Backspace");
    await waitForMarker(page, "K2001", true);
    const zh = (await markers(page)).find((m) => m.code === "K2001")?.message ?? "";
    assert.match(zh, /未定义的名称/);
    assert.equal((await page.textContent('[data-testid="tab-preview"]'))?.trim(), "预览");

    await page.click('[data-testid="lang-en"]');
    await page.waitForFunction(() =>
      (globalThis as unknown as KuanHandle).kuan.monaco.editor.getModelMarkers({ owner: "kuan" }).some((m) => m.message.startsWith("unknown name")),
    );
    const en = (await markers(page)).find((m) => m.code === "K2001")?.message ?? "";
    assert.ok(en.startsWith(`unknown name '${loan.slice(0, -1)}'`), en);
    assert.equal((await page.textContent('[data-testid="tab-preview"]'))?.trim(), "Preview");
    assert.match((await page.textContent('#problem-list li[data-code="K2001"]')) ?? "", /unknown name/);
    await screenshot(page, "06-english");
    assertClean(session);
  });

  it("keeps the view in the URL: a link reproduces the policy, the inputs and the language", async () => {
    const first = await open();
    const { loan, loanUse } = await pickSuzhou(first.page);
    await cursorAt(first.page, loanUse.start);
    await first.page.keyboard.press("End");
    await first.page.keyboard.type(" # checked");
    await setField(first.page, loan, "800万元");
    await first.page.click('[data-testid="lang-en"]');
    await first.page.waitForFunction(() => (globalThis as unknown as { location: { hash: string } }).location.hash.includes("lang=en"));
    await first.page.waitForTimeout(400);
    const link = await first.page.evaluate(() => (globalThis as unknown as { location: { href: string } }).location.href);
    const source = await first.page.evaluate(() => (globalThis as unknown as KuanHandle).kuan.model.getValue());

    const second = await open(new URL(link).hash);
    assert.equal(await second.page.evaluate(() => (globalThis as unknown as KuanHandle).kuan.model.getValue()), source);
    assert.equal(await second.page.inputValue(`input[data-field="${loan}"]`), "800万元");
    assert.equal((await second.page.textContent('[data-testid="tab-preview"]'))?.trim(), "Preview");
    await screenshot(second.page, "07-from-link");
    assertClean(first);
    assertClean(second);
  });

  it("hovers a name with its type, unit and defining article; completes names and keywords; shows the TypeScript and compare tabs", async () => {
    const session = await open("#lang=zh");
    const { page } = session;
    const { loan, loanUse, reward } = await pickSuzhou(page);
    // The use of the reward's name in the example, far from its definition in Art. 4.
    const point = await page.evaluate((name) => {
      const { editor, model } = (globalThis as unknown as KuanHandle).kuan as unknown as {
        editor: {
          revealLineInCenter(line: number): void;
          getScrolledVisiblePosition(p: unknown): { top: number; left: number; height: number };
          getDomNode(): { getBoundingClientRect(): { x: number; y: number } };
        };
        model: { getValue(): string; getPositionAt(o: number): { lineNumber: number; column: number } };
      };
      const source = model.getValue();
      // The definition itself (`奖励 质押奖励 = …`), in Art. 4.
      const definition = source.indexOf(`${name} =`, source.indexOf("第四条"));
      const position = model.getPositionAt((definition >= 0 ? definition : source.lastIndexOf(name)) + 1);
      editor.revealLineInCenter(position.lineNumber);
      const visible = editor.getScrolledVisiblePosition(position);
      const box = editor.getDomNode().getBoundingClientRect();
      return { x: box.x + visible.left + 4, y: box.y + visible.top + visible.height / 2 };
    }, reward);
    const hover = page.locator(".monaco-hover .hover-contents").filter({ hasText: reward }).first();
    // Hovers appear after a pause of the mouse; on a loaded machine the first may be missed: move away and back once.
    for (let attempt = 0; attempt < 3; attempt++) {
      await page.mouse.move(point.x + 200, point.y + 200);
      await page.mouse.move(point.x, point.y);
      try {
        await hover.waitFor({ timeout: 5_000 });
        break;
      } catch (error) {
        if (attempt === 2) throw error;
      }
    }
    await page.waitForTimeout(400); // the hover's fade-in, for the screenshot
    const text = (await hover.textContent()) ?? "";
    assert.match(text, /奖励/, "its role");
    assert.match(text, /类型: 金额/, "its type");
    assert.match(text, /单位: 元/, "its unit");
    assert.match(text, /定义于: 第四条/, "the article that defines it");
    await screenshot(page, "08-hover");

    // Completion offers declared names, then keywords in the file's (Chinese) spelling.
    await cursorAt(page, loanUse.start);
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Control+Space");
    const rows = page.locator(".suggest-widget .monaco-list-row");
    await rows.first().waitFor();
    // The list is long (every name and keyword): narrow it by the name's first character.
    await page.keyboard.type(loan.slice(0, 1));
    await rows.filter({ hasText: loan }).first().waitFor();
    assert.ok((await rows.allTextContents()).some((row) => row.includes(loan)), "a declared input is offered");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Control+Space");
    await page.keyboard.type("上");
    await rows.filter({ hasText: "上限" }).first().waitFor();
    await page.keyboard.press("Escape");
    await page.click("#reset");
    await waitForMarker(page, "K1102", false);

    await page.click('[data-testid="tab-typescript"]');
    await page.waitForSelector("#panel-typescript:not([hidden])");
    await page.locator('[data-testid="ts-editor"] .view-line', { hasText: "export" }).first().waitFor();
    await screenshot(page, "09-typescript");
    await page.click('[data-testid="tab-compare"]');
    await page.waitForSelector('[data-testid="diff-editor"] .monaco-diff-editor');
    await screenshot(page, "10-compare");
    assertClean(session);
  });

  it("colours every keyword, article number and number the compiler reads, in every seed policy", async () => {
    // The Monarch tokenizer (language/kuan-language.ts) is a second reading of the text, for
    // colour: wherever the compiler's lexer reads a keyword, an article number or a number, a
    // token of that kind starts there. (Names that hold a keyword are the semantic tokens' job.)
    const GROUP: Record<KeywordGroup, string> = {
      structure: "keyword.structure", statement: "keyword.statement", scope: "keyword.scope", operator: "keyword.operator",
      function: "support.function", type: "type", literal: "constant", example: "keyword.example",
    };
    const groupOf = new Map<string, string>(KEYWORDS.map((k) => [k.name, GROUP[k.group]]));
    const root = new URL("../../policies/", import.meta.url);
    const files = readdirSync(root).filter((f) => f.endsWith(".kuan"));
    const expected = files.map((file) => {
      const text = readFileSync(new URL(file, root), "utf8");
      const lineStarts = [0];
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
      const at = (offset: number): [number, number] => {
        let line = lineStarts.length - 1;
        while ((lineStarts[line] as number) > offset) line--;
        return [line, offset - (lineStarts[line] as number)];
      };
      const wanted: [number, number, string, string][] = [];
      for (const token of tokenize(text).tokens) {
        const name = token.tokenType.name;
        const kind = name === "ArticleNumber" ? "keyword.article" : name === "NumberLit" ? "number" : groupOf.get(name);
        if (kind !== undefined) wanted.push([...at(token.startOffset), kind, token.image]);
      }
      return { file, text, wanted };
    });
    assert.ok(expected.every((e) => e.wanted.length > 20), "each seed policy has keywords and numbers to check");
    const { page } = await open();
    const missing = await page.evaluate((policies) => {
      const { monaco } = (globalThis as unknown as { kuan: { monaco: { editor: { tokenize(text: string, language: string): { offset: number; type: string }[][] } } } }).kuan;
      const found: string[] = [];
      for (const { file, text, wanted } of policies) {
        const lines = monaco.editor.tokenize(text, "kuan");
        for (const [line, column, kind, image] of wanted) {
          const token = lines[line]?.find((t) => t.offset === column);
          if (!token?.type.startsWith(kind)) found.push(`${file}:${line + 1}:${column + 1} ${image}: ${token?.type ?? "no token"}, not ${kind}`);
        }
      }
      return found;
    }, expected);
    assert.deepEqual(missing.slice(0, 20), []);
  });
});
