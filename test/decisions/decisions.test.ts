/**
 * Golden decisions: for each test/decisions/NAME.case.json (a policy, an application, the
 * evaluation options), the decision as `kuan eval` prints it in Chinese and in English
 * (NAME.zh.txt, NAME.en.txt) and as `kuan eval --json` gives it (NAME.json). KUAN_UPDATE=1
 * rewrites the expected files (as for test/golden.test.ts); review the diff before committing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderDecision } from "../../compiler/cli/eval.js";
import { compile, evaluate, type EvaluateContext } from "../../compiler/pipeline.js";

const HERE = fileURLToPath(new URL("./", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const update = process.env["KUAN_UPDATE"] === "1";

interface Case {
  readonly about: string;
  readonly policy: string;
  readonly input: unknown;
  readonly options: EvaluateContext;
}

function golden(path: string, actual: string): void {
  if (update || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

const cases = readdirSync(HERE).filter((f) => f.endsWith(".case.json")).sort();

describe("golden decisions", () => {
  it("has the four required cases", () => {
    expect(cases).toEqual(expect.arrayContaining(["condition-not-met.case.json", "exclusion-over-awards.case.json", "expired-measure.case.json", "unmet-precondition-figures.case.json"]));
  });
  for (const file of cases) {
    const name = file.replace(/\.case\.json$/, "");
    it(name, () => {
      const c = JSON.parse(readFileSync(join(HERE, file), "utf8")) as Case;
      const policy = compile(readFileSync(join(ROOT, c.policy), "utf8"), { fileName: c.policy });
      const r = evaluate(policy, c.input, c.options);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      const d = r.decision;
      // Every decision gives at least one reason, in both languages.
      expect(d.reasons.length).toBeGreaterThan(0);
      for (const reason of d.reasons) expect(reason.message.zh.length * reason.message.en.length).toBeGreaterThan(0);
      golden(join(HERE, `${name}.zh.txt`), renderDecision(d, "zh", true));
      golden(join(HERE, `${name}.en.txt`), renderDecision(d, "en", true));
      const { outcome, outputs, grants, reasons, warnings, trace, ruleOutcomes, clawbacks, policy: id, title, version, asOf } = d;
      golden(join(HERE, `${name}.json`), `${JSON.stringify({ outcome, outputs, grants, reasons, warnings, trace, ruleOutcomes, clawbacks, policy: id, title, version, asOf }, null, 2)}\n`);
    });
  }
});
