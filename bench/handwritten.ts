/**
 * The same rules as bench/suzhou-art4-6-12.kuan, written by hand the way a careful engineer would:
 * exact integer fen, validated input, history-aware caps and limits, 50/50 splits. The yardstick
 * for the emitted module's speed.
 */
export interface Grant {
  readonly rule: string;
  readonly firm: string;
  readonly year: number;
  readonly amount: number;
}

export interface HandResult {
  readonly ok: boolean;
  readonly outcome: "eligible" | "not-eligible";
  readonly amounts: readonly [number, number, number];
  readonly grants: readonly { rule: string; amount: number; payers: readonly [number, number] | null }[];
}

function toFen(value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new Error("bad amount");
  const text = String(value);
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) throw new Error("bad amount");
  const fen = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  if (!Number.isSafeInteger(fen)) throw new Error("too large");
  return fen;
}

function toBool(value: unknown): boolean {
  if (typeof value !== "boolean") throw new Error("bad flag");
  return value;
}

/** loan × 1%, half up to the fen. */
function onePercent(fen: number): number {
  const q = Math.trunc(fen / 100);
  return fen - q * 100 >= 50 ? q + 1 : q;
}

function half(fen: number): readonly [number, number] {
  const second = Math.floor(fen / 2);
  return [fen - second, second];
}

export function evaluateByHand(app: Record<string, unknown>, firm: string, year: number, history: readonly Grant[]): HandResult {
  const loan = toFen(app["质押融资额"]);
  const guarantee = toFen(app["担保费"]);
  const appraisal = toFen(app["评估费"]);
  const keyFirm = toBool(app["是重点企业"]);
  const premium = toFen(app["保费"]);
  const disputed = toBool(app["权属有争议"]);
  const breach = toBool(app["严重失信"]);
  if (disputed || breach) return { ok: true, outcome: "not-eligible", amounts: [0, 0, 0], grants: [] };
  let pledge = Math.min(onePercent(loan), 10_000_000);
  let service = guarantee + appraisal;
  let insurance = keyFirm ? Math.min(premium, 30_000_000) : -1;
  let usedThisYear = 0;
  const serviceYears = new Set<number>();
  const insuranceYears = new Set<number>();
  for (const g of history) {
    if (g.firm !== firm) continue;
    if (g.rule === "质押奖励") pledge = 0;
    else if (g.rule === "服务费补贴") {
      serviceYears.add(g.year);
      if (g.year === year) usedThisYear += g.amount;
    } else if (g.rule === "保险补贴") insuranceYears.add(g.year);
  }
  service = Math.min(service, Math.max(0, 10_000_000 - usedThisYear));
  serviceYears.delete(year);
  if (serviceYears.size >= 2) service = 0;
  insuranceYears.delete(year);
  if (insuranceYears.size >= 1) insurance = 0;
  const grants: HandResult["grants"][number][] = [];
  if (pledge > 0) grants.push({ rule: "质押奖励", amount: pledge, payers: null });
  if (service > 0) grants.push({ rule: "服务费补贴", amount: service, payers: half(service) });
  if (insurance > 0) grants.push({ rule: "保险补贴", amount: insurance, payers: half(insurance) });
  return { ok: true, outcome: grants.length > 0 ? "eligible" : "not-eligible", amounts: [pledge, service, Math.max(0, insurance)], grants };
}
