/**
 * A policy of `articles` articles in the shapes of the seed measures: rewards with caps and
 * once-per-firm limits, subsidies with yearly caps, year limits and splits, preconditions,
 * eligibility tests with reviews, deadlines in working days, exclusions; rules refer to inputs
 * and to rules of earlier articles. Used by the growth bench and the playground latency bench.
 */
export function generatePolicy(articles) {
  const inputs = 49; // prime to 6, so that every input meets every shape of article
  const lines = ["政策 生成的政策 版本 2021", "  有效期 2021-01-01 至 2025-12-31", "申报 企业:"];
  for (let i = 0; i < inputs; i++) lines.push(`  融资额${i}: 金额`, `  服务费${i}: 金额`, `  专利数${i}: 件`, `  重点${i}: 是否`, `  失信${i}: 是否`, `  期满日${i}: 日期`);
  for (let a = 1; a <= articles; a++) {
    const i = a % inputs;
    const wan = (a % 7) + 2;
    lines.push(`第${a}条 第${a}项措施:`);
    switch (a % 6) {
      case 0:
        lines.push(`  奖励 奖励${a} = 最小(融资额${i} × ${(a % 9) + 1}%, ${wan}0万元) 如果 重点${i} 且 专利数${i} ≥ ${a % 50}件`, "  限 每家企业 一次");
        break;
      case 1:
        lines.push(`  补贴 补贴${a} = 服务费${i} + 融资额${i} × 1%`, `  上限 每家企业 每年 ${wan}万元`, `  限 累计 ${(a % 3) + 1}年`, "  分担 市级 50%，区级 50%");
        break;
      case 2:
        lines.push(`  资助 资助${a} = 补贴${a - 1} × 50% 如果 重点${i}`, `  条件 融资额${i} > 0元`, `  上限 每个项目 ${wan * 10}万元`, "  限 一次性");
        break;
      case 3:
        lines.push(`  资格 可申报${a} = 专利数${i} ≥ 50件 或 (专利数${i} ≥ 20件 且 重点${i})`, `  复核 如果 重点${i} 理由 "可适当放宽"`);
        break;
      case 4:
        lines.push(`  期限 截止${a} = 期满日${i} + 10个工作日`, `  奖励 验收奖励${a} = 如果 专利数${i} ≥ 10件 则 ${wan}万元 否则 1万元`);
        break;
      default:
        lines.push(`  除外 如果 失信${i} 理由 "存在严重失信行为"`);
    }
  }
  return `${lines.join("\n")}\n`;
}
