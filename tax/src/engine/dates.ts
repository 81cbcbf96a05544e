/**
 * Calendar dates as whole UTC day numbers (days since 1970-01-01), and the holding-period rule.
 */
const DAY_MS = 86_400_000;

export function dayOf(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

export function dayFromTime(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

const dayText = new Map<number, string>();

export function formatDay(day: number): string {
  let s = dayText.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayText.size < 100_000) dayText.set(day, s);
  }
  return s;
}

export function yearOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/**
 * Long-term means held MORE than one year. The holding period starts the day after acquisition and
 * the day of sale counts, so a sale is long-term from the first anniversary of that start day on:
 * bought 2024-06-19 → start 2024-06-20 → long-term from 2025-06-20. A start of February 29 has its
 * anniversary on March 1; an asset bought on 2023-02-28 (start 2023-03-01) turns long-term on
 * 2024-03-01 (the "last day of the month" rule of Rev. Rul. 66-6/66-7).
 */
export function isLongTerm(acquiredDay: number, soldDay: number): boolean {
  return soldDay >= longTermFrom(acquiredDay);
}

const longTermCache = new Map<number, number>();

/** The first day a sale of property acquired on `acquiredDay` is long-term (see isLongTerm). */
export function longTermFrom(acquiredDay: number): number {
  let day = longTermCache.get(acquiredDay);
  if (day === undefined) {
    const start = new Date((acquiredDay + 1) * DAY_MS);
    day = dayOf(start.getUTCFullYear() + 1, start.getUTCMonth() + 1, start.getUTCDate());
    if (longTermCache.size < 100_000) longTermCache.set(acquiredDay, day);
  }
  return day;
}

export const WASH_WINDOW_DAYS = 30;
