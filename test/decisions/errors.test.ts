/**
 * Run-time failures name the rule and its article, in Chinese in the Chinese text and in English
 * in the English, on both evaluation paths.
 */
import { describe, expect, it } from "vitest";
import { evaluate as interpret } from "../../compiler/interpret/index.js";
import type { IrPolicy } from "../../compiler/ir/ir.js";
import { compileOk, loadEmitted } from "../helpers/emitted.js";

const SOURCE = `政策 运行错误示例 版本 2022
申报 企业:
  投入: 金额
  项目数: 件
  是试点: 是否
第三条 平均资助:
  定义 基数 = 投入 如果 是试点
  奖励 平均奖励 = 投入 / 项目数
  奖励 试点奖励 = 基数 × 10%
`;

describe("run-time errors", () => {
  it("name the rule and article; the Chinese text has no English in it", async () => {
    const result = compileOk(SOURCE, "errors.kuan");
    const ir = result.ir as IrPolicy;
    const emitted = await loadEmitted(result);
    const options = { asOf: "2022-05-01", firm: "F" };
    for (const evaluate of [(i: unknown) => interpret(ir, i, options), (i: unknown) => emitted.evaluate(i, options)]) {
      const zero = evaluate({ 投入: "10万元", 项目数: 0, 是试点: true });
      expect(zero).toEqual({ ok: false, errors: [{ code: "K5102", field: "平均奖励", message: { zh: "第三条 平均奖励：无法精确计算（K5102）：除数为零", en: "第三条 平均奖励: cannot compute exactly (K5102): division by zero" } }] });
      const none = evaluate({ 投入: "10万元", 项目数: 2, 是试点: false });
      expect(none).toEqual({ ok: false, errors: [{ code: "K5106", field: "试点奖励", message: { zh: "第三条 试点奖励：“基数”没有适用的定义，无法取值", en: "第三条 试点奖励: '基数' has no value: none of its definitions applies" } }] });
      for (const r of [zero, none]) if (!r.ok) for (const e of r.errors) expect(e.message.zh).not.toMatch(/[a-z]{3,}/);
    }
  });
});
