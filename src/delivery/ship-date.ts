import { DateTime } from 'luxon';

export interface ShippingSchedule {
  /** IANA zone of the distributor, e.g. "Europe/Moscow". */
  timeZone: string;
  /**
   * "HH:MM" local time; a register must arrive strictly before it on the previous shipping
   * weekday. It is read on the distributor's wall clock, so it stays at that time of day on
   * daylight-saving change days.
   */
  cutoff: string;
  /** ISO weekdays the warehouse ships on, 1 = Monday. Non-empty. */
  weekdays: number[];
}

const CUTOFF_FORMAT = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_FORMAT = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Whether goods can ship on `day` ("YYYY-MM-DD", distributor's calendar) for a register arriving
 * at `now`.
 *
 * @throws RangeError when the schedule or `day` is malformed.
 */
export function canShipOn(schedule: ShippingSchedule, day: string, now: Date): boolean {
  const weekdays = weekdayMask(schedule.weekdays);
  const ship = parseDay(day);

  if (!isShippingWeekday(weekdays, ship.weekday)) return false;

  const registerDay = ship.minus({ days: daysSincePrevious(weekdays, ship.weekday) });
  const local = localDateTime(now, schedule.timeZone);
  const today = calendarDay(local);

  if (registerDay < today) return false;
  if (registerDay > today) return true;

  return isBeforeCutoff(local, schedule.cutoff);
}

/**
 * The earliest day goods can ship for a register arriving at `now`, not before `notBefore`
 * ("YYYY-MM-DD", e.g. an ETA) when given.
 *
 * @throws RangeError when the schedule or `notBefore` is malformed.
 */
export function earliestShipDate(
  schedule: ShippingSchedule,
  now: Date,
  notBefore?: string,
): string {
  const weekdays = weekdayMask(schedule.weekdays);
  const local = localDateTime(now, schedule.timeZone);
  const weekday = local.weekday;

  // The open register is today's while its cutoff is ahead, else the next shipping weekday's.
  const registerIn =
    isShippingWeekday(weekdays, weekday) && isBeforeCutoff(local, schedule.cutoff)
      ? 0
      : daysUntilNext(weekdays, weekday, 1);
  const shipIn = registerIn + daysUntilNext(weekdays, ((weekday - 1 + registerIn) % 7) + 1, 1);
  let ship = calendarDay(local).plus({ days: shipIn });

  if (notBefore !== undefined) {
    const eta = parseDay(notBefore);

    // Every shipping weekday after `ship` has its register on or after `ship`, still open.
    if (eta > ship) ship = eta.plus({ days: daysUntilNext(weekdays, eta.weekday, 0) });
  }

  return ship.toISODate();
}

/**
 * `day` plus `days` calendar days, as "YYYY-MM-DD".
 *
 * @throws RangeError when `day` is malformed.
 */
export function addDays(day: string, days: number): string {
  return parseDay(day).plus({ days }).toISODate();
}

/**
 * The calendar day of `instant` in `timeZone`, "YYYY-MM-DD".
 *
 * @throws RangeError when `timeZone` is not a known IANA zone or `instant` is invalid.
 */
export function localDate(instant: Date, timeZone: string): string {
  return localDateTime(instant, timeZone).toISODate();
}

function localDateTime(instant: Date, timeZone: string): DateTime<true> {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  if (!local.isValid) {
    throw new RangeError(`Cannot place ${String(instant)} in time zone "${timeZone}"`);
  }

  return local;
}

/** The local calendar day as midnight UTC, where day arithmetic never meets a DST change. */
function calendarDay(local: DateTime<true>): DateTime<true> {
  return DateTime.utc(local.year, local.month, local.day) as DateTime<true>;
}

function parseDay(day: string): DateTime<true> {
  const parsed = DAY_FORMAT.test(day)
    ? DateTime.utc(+day.slice(0, 4), +day.slice(5, 7), +day.slice(8, 10))
    : undefined;
  if (!parsed?.isValid) throw new RangeError(`Expected a "YYYY-MM-DD" date, got "${day}"`);

  return parsed;
}

/** Whether the wall-clock time of `local` is strictly before the "HH:MM" `cutoff`. */
function isBeforeCutoff(local: DateTime<true>, cutoff: string): boolean {
  const match = CUTOFF_FORMAT.exec(cutoff);
  if (!match) throw new RangeError(`Expected an "HH:MM" cutoff, got "${cutoff}"`);

  return local.hour * 60 + local.minute < +match[1]! * 60 + +match[2]!;
}

/** The ISO weekdays as bits 1 to 7 of a number. */
function weekdayMask(weekdays: readonly number[]): number {
  let mask = 0;
  for (const weekday of weekdays) {
    if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
      throw new RangeError(`Expected ISO weekdays 1 to 7, got ${weekday}`);
    }
    mask |= 1 << weekday;
  }
  if (mask === 0) throw new RangeError('A shipping schedule needs at least one weekday');

  return mask;
}

function isShippingWeekday(mask: number, weekday: number): boolean {
  return (mask & (1 << weekday)) !== 0;
}

/** Days from `weekday` to the next shipping weekday at least `minDays` (0 or 1) ahead. */
function daysUntilNext(mask: number, weekday: number, minDays: 0 | 1): number {
  let days = minDays;
  while (!isShippingWeekday(mask, ((weekday - 1 + days) % 7) + 1)) days++;

  return days;
}

/** Days back from `weekday` to the last shipping weekday strictly before it; 7 if it is alone. */
function daysSincePrevious(mask: number, weekday: number): number {
  let days = 1;
  while (!isShippingWeekday(mask, ((weekday + 6 - days) % 7) + 1)) days++;

  return days;
}
