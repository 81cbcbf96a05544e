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

/** formatDay's results for days 0 (1970-01-01) to 73,049 (2169-12-31), filled as they are asked for */
const DAY_TEXT_CACHED = 73_050;
const dayText: string[] = new Array<string>(DAY_TEXT_CACHED).fill("");

export function formatDay(day: number): string {
  const cached = day >= 0 && day < DAY_TEXT_CACHED && (day | 0) === day;
  if (cached && dayText[day] !== "") return dayText[day];
  const s = new Date(day * DAY_MS).toISOString().slice(0, 10);
  if (cached) dayText[day] = s;
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

/** longTermFrom's results for acquisition days 0 to 73,049, filled as they are asked for (0: not yet) */
const longTermCache = new Int32Array(DAY_TEXT_CACHED);

/** The first day a sale of property acquired on `acquiredDay` is long-term (see isLongTerm). */
export function longTermFrom(acquiredDay: number): number {
  const cached = acquiredDay >= 0 && acquiredDay < DAY_TEXT_CACHED && (acquiredDay | 0) === acquiredDay;
  if (cached && longTermCache[acquiredDay] !== 0) return longTermCache[acquiredDay];
  const start = new Date((acquiredDay + 1) * DAY_MS);
  const day = dayOf(start.getUTCFullYear() + 1, start.getUTCMonth() + 1, start.getUTCDate());
  if (cached) longTermCache[acquiredDay] = day;
  return day;
}

export const WASH_WINDOW_DAYS = 30;
