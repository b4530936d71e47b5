/**
 * The CLI's parts in-process: terminal widths, the language of a file, colours.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { detectLanguage } from "../../compiler/cli/language.js";
import { main } from "../../compiler/cli/main.js";
import type { CliIo } from "../../compiler/cli/io.js";
import { codePointWidth, stringWidth } from "../../compiler/cli/width.js";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

describe("terminal width", () => {
  it("counts CJK, full-width forms and wide emoji as two columns, marks as none", () => {
    expect(stringWidth("reward")).toBe(6);
    expect(stringWidth("奖励")).toBe(4);
    expect(stringWidth("（，：；）")).toBe(10);
    expect(stringWidth("％＝≥")).toBe(5); // ≥ is ambiguous width: one column outside CJK locales
    expect(stringWidth("「贷款」")).toBe(8);
    expect(stringWidth("e\u0301")).toBe(1);
    expect(codePointWidth(0x3000)).toBe(2); // ideographic space
    expect(codePointWidth(0x1f600)).toBe(2);
    expect(codePointWidth(0x20000)).toBe(2); // CJK Extension B
    expect(codePointWidth(0x200b)).toBe(0);
    expect(codePointWidth("×".codePointAt(0) ?? 0)).toBe(1);
  });
});

describe("the language of a policy file", () => {
  it("follows the keywords", () => {
    expect(detectLanguage(readFileSync(fixture("sketch-zh.kuan"), "utf8"))).toBe("zh");
    expect(detectLanguage(readFileSync(fixture("oneliner-zh.kuan"), "utf8"))).toBe("zh");
    expect(detectLanguage(readFileSync(fixture("oneliner-en.kuan"), "utf8"))).toBe("en");
  });

  it("is not swayed by Chinese names, titles, strings or comments in an English file", () => {
    const source = [
      'policy "苏州市知识产权金融奖励" version 2021   # 中文注释',
      "application firm:",
      "  贷款: money",
      "  是重点企业: yes/no",
      "article 4 质押融资奖励:",
      "  reward 奖金 = min(贷款 × 1%, 100000) once per firm",
      "  except if 是重点企业",
    ].join("\n");
    expect(detectLanguage(source)).toBe("en");
  });

  it("counts Chinese keywords written without spaces, and a Chinese file with English names stays Chinese", () => {
    expect(detectLanguage("第四条:\n  奖励 = 最小(loan×1%, 100000) 每家企业限一次\n  除外 如果权属有争议或严重失信\n申报 企业:\n  loan: 金额\n")).toBe("zh");
  });

  it("falls back on the script when there are no keywords", () => {
    expect(detectLanguage("")).toBe("en");
    expect(detectLanguage("质押融资奖励")).toBe("zh");
  });
});

function fakeIo(isTTY: boolean, env: Record<string, string | undefined>): CliIo & { out: () => string } {
  let out = "";
  return {
    stdout: { write: (t) => void (out += t), isTTY },
    stderr: { write: () => undefined, isTTY },
    env,
    readStdin: async () => "",
    out: () => out,
  };
}

describe("colours", () => {
  it("are used on a terminal, not when NO_COLOR is set or output is piped", async () => {
    const tty = fakeIo(true, {});
    expect(await main(["check", fixture("errors1.kuan")], tty)).toBe(1);
    expect(tty.out()).toContain("\x1b[1;31m错误 K1101\x1b[0m");
    for (const io of [fakeIo(true, { NO_COLOR: "1" }), fakeIo(false, {})]) {
      expect(await main(["check", fixture("errors1.kuan")], io)).toBe(1);
      expect(io.out()).not.toContain("\x1b[");
    }
  });
});
