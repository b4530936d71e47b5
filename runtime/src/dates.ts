/**
 * Dates as ISO `YYYY-MM-DD` strings at the edges and day numbers (days since 1970-01-01) inside.
 * Months clamp to the month's end (2021-01-31 + 1个月 = 2021-02-28). Working days skip weekends
 * and public holidays and count official make-up working days, from a calendar that must cover
 * the dates asked about: outside it, the answer would be a guess, so it is an error instead.
 */
import type { Parsed } from "./exact.js";

const MS_PER_DAY = 86_400_000;

export function dayNumber(iso: string): number {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

export function isoDate(day: number): string {
  const date = new Date(day * MS_PER_DAY);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + 1;
  const d = date.getUTCDate();
  return `${String(y).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}

export function parseDate(value: unknown): Parsed<string> {
  if (typeof value !== "string") return { ok: false, zh: "应为日期（YYYY-MM-DD）", en: "should be a date (YYYY-MM-DD)" };
  const m = /^\s*(\d{4})(?:-|年)(\d{1,2})(?:-|月)(\d{1,2})日?\s*$/.exec(value);
  if (!m) return { ok: false, zh: `“${value}”不是日期（YYYY-MM-DD）`, en: `'${value}' is not a date (YYYY-MM-DD)` };
  const iso = `${m[1]}-${(m[2] ?? "").padStart(2, "0")}-${(m[3] ?? "").padStart(2, "0")}`;
  if (isoDate(dayNumber(iso)) !== iso) return { ok: false, zh: `日期“${value}”不存在`, en: `'${value}' is not a real date` };
  return { ok: true, value: iso };
}

export function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}

export function addDays(iso: string, days: number): string {
  return isoDate(dayNumber(iso) + days);
}

export function addMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
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

export class CalendarRangeError extends RangeError {
  readonly code = "K5103";
  constructor(
    readonly date: string,
    readonly calendar: string,
  ) {
    super(`${date} is outside the working-day calendar ${calendar}`);
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

function isWorkingDayNumber(day: number, calendar: WorkingDayCalendar): boolean {
  const c = indexOf(calendar);
  if (day < c.from || day > c.to) throw new CalendarRangeError(isoDate(day), calendar.name);
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
  while (left !== 0) {
    day += step;
    if (isWorkingDayNumber(day, calendar)) left -= step;
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
