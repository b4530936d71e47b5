/**
 * Dates as ISO `YYYY-MM-DD` strings at the edges and day numbers (days since 1970-01-01) inside.
 * Months clamp to the month's end (2021-01-31 + 1个月 = 2021-02-28). Working days skip weekends
 * and public holidays and count official make-up working days, from a calendar that must cover
 * the dates asked about: outside it, the answer would be a guess, so it is an error instead.
 */
import type { Parsed } from "./exact.js";

/** Dates are years 1–9999: an ISO date has four digits, and arithmetic that leaves them is an error, not a wrong date. */
export const FIRST_DAY = -719162; // 0001-01-01
export const LAST_DAY = 2932896; // 9999-12-31

/** Days since 1970-01-01 of a proleptic Gregorian date (integer arithmetic; `Date.UTC` maps years 0–99 to 1900–1999). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function dayNumber(iso: string): number {
  return daysFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

/** The ISO date of a day number; outside years 1–9999 there is none, and saying `10002-12-31` would be wrong. */
export function isoDate(day: number): string {
  if (!(day >= FIRST_DAY && day <= LAST_DAY)) throw new DateRangeError(day);
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}

/** Date arithmetic left years 1–9999 (K5104). */
export class DateRangeError extends RangeError {
  readonly code = "K5104";
  readonly zh: string;
  readonly en: string;
  /** `from`: the date the arithmetic started from, which names the field at fault. */
  constructor(
    readonly day: number,
    readonly from: string | null = null,
  ) {
    super("the date is outside the years 1–9999");
    const side = day > LAST_DAY;
    this.zh = side ? "日期推算超出 9999-12-31（日期只支持公元 1–9999 年）" : "日期推算早于 0001-01-01（日期只支持公元 1–9999 年）";
    this.en = side ? "the date arithmetic goes past 9999-12-31 (dates are years 1–9999)" : "the date arithmetic goes before 0001-01-01 (dates are years 1–9999)";
  }
}

function fullWidthDigits(s: string): string {
  return s.replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48)).replace(/\uff0d/g, "-");
}

/** Whether `value` is exactly YYYY-MM-DD in ASCII digits and a real date from the year 1: the form of every ledger row and option, read without a pattern. */
export function isPlainIsoDate(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return false;
    y = y * 10 + c;
  }
  const m1 = value.charCodeAt(5) - 48;
  const m2 = value.charCodeAt(6) - 48;
  const d1 = value.charCodeAt(8) - 48;
  const d2 = value.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  if (y === 0 || m < 1 || m > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);
}

export function parseDate(value: unknown): Parsed<string> {
  if (typeof value === "string" && isPlainIsoDate(value)) return { ok: true, value };
  if (typeof value !== "string") return { ok: false, zh: "应为日期（YYYY-MM-DD）", en: "should be a date (YYYY-MM-DD)" };
  if (value.trim() === "") return { ok: false, zh: "日期为空，应为 YYYY-MM-DD", en: "the date is empty; give YYYY-MM-DD" };
  // Full-width digits and hyphens read as their ASCII forms, as they do in amounts.
  const m = /^\s*(\d{4})(?:-|年)(\d{1,2})(?:-|月)(\d{1,2})日?\s*$/.exec(fullWidthDigits(value));
  if (!m) {
    if (/^\s*\d{5,}(?:-|年)/.test(fullWidthDigits(value))) return { ok: false, zh: `日期“${value}”超出 9999 年（日期只支持公元 1–9999 年）`, en: `'${value}' is past the year 9999 (dates are years 1–9999)` };
    return { ok: false, zh: `“${value}”不是日期（YYYY-MM-DD）`, en: `'${value}' is not a date (YYYY-MM-DD)` };
  }
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const iso = `${m[1]}-${(m[2] ?? "").padStart(2, "0")}-${(m[3] ?? "").padStart(2, "0")}`;
  if (y === 0) return { ok: false, zh: `日期“${value}”的年份为 0（日期只支持公元 1–9999 年）`, en: `'${value}' has the year 0 (dates are years 1–9999)` };
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || isoDate(daysFromCivil(y, mo, d)) !== iso) return { ok: false, zh: `日期“${value}”不存在`, en: `'${value}' is not a real date` };
  return { ok: true, value: iso };
}

export function yearOf(iso: string): number {
  // Four ASCII digits, read in place (every ISO date here is one a reader made; anything else the slow way).
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = iso.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return Number(iso.slice(0, 4));
    y = y * 10 + c;
  }
  return y;
}

export function addDays(iso: string, days: number): string {
  const day = dayNumber(iso) + days;
  if (!(day >= FIRST_DAY && day <= LAST_DAY)) throw new DateRangeError(day, iso);
  return isoDate(day);
}

export function addMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  if (!(targetYear >= 1)) throw new DateRangeError(FIRST_DAY - 1, iso);
  if (!(targetYear <= 9999)) throw new DateRangeError(LAST_DAY + 1, iso);
  const lastDay = daysFromCivil(targetMonth === 11 ? targetYear + 1 : targetYear, targetMonth === 11 ? 1 : targetMonth + 2, 1) - daysFromCivil(targetYear, targetMonth + 1, 1);
  const d = Math.min(Number(iso.slice(8, 10)), lastDay);
  return `${String(targetYear).padStart(4, "0")}-${String(targetMonth + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export interface WorkingDayCalendar {
  readonly name: string;
  /** First and last day the calendar knows (inclusive). */
  readonly covers: { readonly from: string; readonly to: string };
  /** Public holidays that would otherwise be working days (and holidays on weekends, harmlessly). */
  readonly holidays: readonly string[];
  /** Weekend days that are official make-up working days (调休上班). */
  readonly workdays: readonly string[];
}

/** A working day asked about outside the calendar's years: the answer would be a guess (K5103). */
export class CalendarRangeError extends RangeError {
  readonly code = "K5103";
  readonly zh: string;
  readonly en: string;
  constructor(
    readonly date: string,
    readonly calendar: string,
    /** The date the counting started from, which names the field at fault. */
    readonly from: string | null = null,
  ) {
    super(`${date} is outside the working-day calendar ${calendar}`);
    // A calendar named "中文 / English" is named in the message's own language.
    const [zhName, enName] = calendar.includes(" / ") ? calendar.split(" / ", 2) : [calendar, calendar];
    this.zh = from === date ? `${date} 不在工作日日历“${zhName}”的范围内` : `工作日推算到 ${date}，超出工作日日历“${zhName}”的范围`;
    this.en = from === date ? `${date} is outside the working-day calendar '${enName}'` : `counting working days reaches ${date}, outside the working-day calendar '${enName}'`;
  }
}

const compiled = new WeakMap<WorkingDayCalendar, { holidays: Set<number>; workdays: Set<number>; from: number; to: number }>();

function indexOf(calendar: WorkingDayCalendar) {
  let c = compiled.get(calendar);
  if (!c) {
    c = {
      holidays: new Set(calendar.holidays.map(dayNumber)),
      workdays: new Set(calendar.workdays.map(dayNumber)),
      from: dayNumber(calendar.covers.from),
      to: dayNumber(calendar.covers.to),
    };
    compiled.set(calendar, c);
  }
  return c;
}

export function isWorkingDay(iso: string, calendar: WorkingDayCalendar): boolean {
  return isWorkingDayNumber(dayNumber(iso), calendar);
}

function isWorkingDayNumber(day: number, calendar: WorkingDayCalendar, from: string | null = null): boolean {
  const c = indexOf(calendar);
  if (day < c.from || day > c.to) throw new CalendarRangeError(isoDate(day), calendar.name, from);
  if (c.workdays.has(day)) return true;
  if (c.holidays.has(day)) return false;
  const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday (4); 0 = Sunday
  return weekday !== 0 && weekday !== 6;
}

/** The n-th working day after `iso` (n ≥ 1: the first working day after it is day 1). */
export function addWorkingDays(iso: string, n: number, calendar: WorkingDayCalendar): string {
  let day = dayNumber(iso);
  let left = n;
  const step = n >= 0 ? 1 : -1;
  const c = indexOf(calendar);
  // The first day looked at is outside: name the date given (9999-12-31 has no next day to name).
  if (left !== 0 && (day + step < c.from || day + step > c.to)) throw new CalendarRangeError(iso, calendar.name, iso);
  while (left !== 0) {
    day += step;
    if (isWorkingDayNumber(day, calendar, iso)) left -= step;
  }
  return isoDate(day);
}

/** The earliest of ISO dates. */
export function earliest(...dates: string[]): string {
  return dates.reduce((a, b) => (b < a ? b : a));
}

export function latest(...dates: string[]): string {
  return dates.reduce((a, b) => (b > a ? b : a));
}
