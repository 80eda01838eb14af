import { describe, expect, it } from 'vitest';
import {
  addDays,
  canShipOn,
  earliestShipDate,
  localDate,
  type ShippingSchedule,
} from '../src/delivery/ship-date.js';

const moscow: ShippingSchedule = {
  timeZone: 'Europe/Moscow',
  cutoff: '16:00',
  weekdays: [1, 2, 3, 4, 5],
};

// 2026-11-30 is a Monday; 2026-12-02 a Wednesday, 2026-12-04 a Friday, 2026-12-07 a Monday.
describe('earliestShipDate for Monday-to-Friday shipping with a 16:00 cutoff in Moscow', () => {
  it('ships Thursday for a register at Wednesday 15:59', () => {
    expect(earliestShipDate(moscow, new Date('2026-12-02T15:59:00+03:00'))).toBe('2026-12-03');
  });

  it('ships Friday for a register at Wednesday 16:01', () => {
    expect(earliestShipDate(moscow, new Date('2026-12-02T16:01:00+03:00'))).toBe('2026-12-04');
  });

  it('counts a register exactly at 16:00:00 as late', () => {
    expect(earliestShipDate(moscow, new Date('2026-12-02T15:59:59.999+03:00'))).toBe('2026-12-03');
    expect(earliestShipDate(moscow, new Date('2026-12-02T16:00:00+03:00'))).toBe('2026-12-04');
  });

  it('ships Monday for a register at Friday 15:59', () => {
    expect(earliestShipDate(moscow, new Date('2026-12-04T15:59:00+03:00'))).toBe('2026-12-07');
  });

  it('ships Tuesday for a register at Friday 16:01', () => {
    expect(earliestShipDate(moscow, new Date('2026-12-04T16:01:00+03:00'))).toBe('2026-12-08');
  });

  it('ships Tuesday for a register at any time on the weekend', () => {
    for (const now of [
      '2026-12-05T00:00:00+03:00',
      '2026-12-05T10:00:00+03:00',
      '2026-12-06T15:59:00+03:00',
      '2026-12-06T23:59:59+03:00',
    ]) {
      expect(earliestShipDate(moscow, new Date(now))).toBe('2026-12-08');
    }
  });

  it('ships Tuesday for a register early on Monday, never the same day', () => {
    expect(earliestShipDate(moscow, new Date('2026-12-07T00:01:00+03:00'))).toBe('2026-12-08');
  });
});

describe('earliestShipDate with a notBefore date', () => {
  const wednesdayMorning = new Date('2026-12-02T10:00:00+03:00');

  it('ships on a future ETA that falls on a shipping weekday', () => {
    expect(earliestShipDate(moscow, wednesdayMorning, '2026-12-10')).toBe('2026-12-10');
  });

  it('ships the Monday after a future ETA on a Saturday', () => {
    expect(earliestShipDate(moscow, wednesdayMorning, '2026-12-12')).toBe('2026-12-14');
  });

  it('ignores an ETA in the past and ships on the earliest day for stock in hand', () => {
    expect(earliestShipDate(moscow, wednesdayMorning, '2026-11-20')).toBe('2026-12-03');
  });

  it('ignores an ETA of today', () => {
    expect(earliestShipDate(moscow, wednesdayMorning, '2026-12-02')).toBe('2026-12-03');
  });

  it('ships Friday for an ETA of Thursday when Wednesday cutoff has passed', () => {
    const wednesdayEvening = new Date('2026-12-02T16:01:00+03:00');

    expect(earliestShipDate(moscow, wednesdayEvening, '2026-12-03')).toBe('2026-12-04');
  });
});

describe('earliestShipDate for a schedule that ships only on Tuesdays', () => {
  const tuesdays: ShippingSchedule = { ...moscow, weekdays: [2] };

  it('ships the next Tuesday for a register before Tuesday cutoff', () => {
    expect(earliestShipDate(tuesdays, new Date('2026-12-01T15:59:00+03:00'))).toBe('2026-12-08');
  });

  it('ships the Tuesday in two weeks for a register after Tuesday cutoff', () => {
    expect(earliestShipDate(tuesdays, new Date('2026-12-01T16:00:00+03:00'))).toBe('2026-12-15');
  });

  it('ships the Tuesday in two weeks even for a register on the Monday before', () => {
    expect(earliestShipDate(tuesdays, new Date('2026-12-07T09:00:00+03:00'))).toBe('2026-12-15');
  });

  it('ships on a Tuesday ETA whose previous Tuesday cutoff is still ahead', () => {
    const tuesdayMorning = new Date('2026-12-01T09:00:00+03:00');

    expect(earliestShipDate(tuesdays, tuesdayMorning, '2026-12-22')).toBe('2026-12-22');
    expect(earliestShipDate(tuesdays, tuesdayMorning, '2026-12-16')).toBe('2026-12-22');
  });
});

describe('earliestShipDate for weekend shipping', () => {
  const everyDay: ShippingSchedule = { ...moscow, weekdays: [1, 2, 3, 4, 5, 6, 7] };
  const weekendOnly: ShippingSchedule = { ...moscow, cutoff: '12:00', weekdays: [6, 7] };

  it('ships Sunday for a register at Saturday 15:59 when every day is a shipping day', () => {
    expect(earliestShipDate(everyDay, new Date('2026-12-05T15:59:00+03:00'))).toBe('2026-12-06');
  });

  it('ships Monday for a register at Saturday 16:01 when every day is a shipping day', () => {
    expect(earliestShipDate(everyDay, new Date('2026-12-05T16:01:00+03:00'))).toBe('2026-12-07');
  });

  it('ships Sunday for a register on Friday when only weekends ship', () => {
    expect(earliestShipDate(weekendOnly, new Date('2026-12-04T10:00:00+03:00'))).toBe('2026-12-06');
  });

  it('ships next Saturday for a register at Saturday noon when only weekends ship', () => {
    expect(earliestShipDate(weekendOnly, new Date('2026-12-05T12:00:00+03:00'))).toBe('2026-12-12');
  });

  it('ships next Saturday for a register at Sunday 11:59 when only weekends ship', () => {
    expect(earliestShipDate(weekendOnly, new Date('2026-12-06T11:59:00+03:00'))).toBe('2026-12-12');
  });

  it('ships next Sunday for a register at Sunday noon when only weekends ship', () => {
    expect(earliestShipDate(weekendOnly, new Date('2026-12-06T12:00:00+03:00'))).toBe('2026-12-13');
  });
});

describe('earliestShipDate where the local day differs from the UTC day', () => {
  it('ships Monday at Vladivostok Thursday 09:30, past 08:00, though UTC is Wednesday', () => {
    const vladivostok: ShippingSchedule = {
      ...moscow,
      timeZone: 'Asia/Vladivostok',
      cutoff: '08:00',
    };
    const now = new Date('2026-12-02T23:30:00Z');

    expect(localDate(now, 'UTC')).toBe('2026-12-02');
    expect(localDate(now, 'Asia/Vladivostok')).toBe('2026-12-03');
    expect(earliestShipDate(vladivostok, now)).toBe('2026-12-07');
    expect(canShipOn(vladivostok, '2026-12-04', now)).toBe(false);
  });

  it('ships Thursday at Los Angeles Wednesday 17:00, before 18:00, though UTC is Thursday', () => {
    const losAngeles: ShippingSchedule = {
      ...moscow,
      timeZone: 'America/Los_Angeles',
      cutoff: '18:00',
    };
    const now = new Date('2026-12-03T01:00:00Z');

    expect(localDate(now, 'UTC')).toBe('2026-12-03');
    expect(localDate(now, 'America/Los_Angeles')).toBe('2026-12-02');
    expect(earliestShipDate(losAngeles, now)).toBe('2026-12-03');
    expect(canShipOn(losAngeles, '2026-12-03', now)).toBe(true);
  });
});

describe('cutoffs on daylight-saving change days', () => {
  const berlin: ShippingSchedule = {
    timeZone: 'Europe/Berlin',
    cutoff: '16:00',
    weekdays: [1, 2, 3, 4, 5, 6, 7],
  };

  it('keeps the cutoff at 16:00 summer time on 2026-03-29 in Berlin', () => {
    expect(earliestShipDate(berlin, new Date('2026-03-29T15:59:00+02:00'))).toBe('2026-03-30');
    // 16:30 summer time is 15:30 winter time: late, though the day began in winter time.
    expect(earliestShipDate(berlin, new Date('2026-03-29T16:30:00+02:00'))).toBe('2026-03-31');
    expect(canShipOn(berlin, '2026-03-30', new Date('2026-03-29T15:59:59+02:00'))).toBe(true);
    expect(canShipOn(berlin, '2026-03-30', new Date('2026-03-29T16:00:00+02:00'))).toBe(false);
  });

  it('keeps the cutoff at 16:00 winter time on 2026-10-25 in Berlin', () => {
    // 15:59 winter time is 16:59 summer time: in time, though the day began in summer time.
    expect(earliestShipDate(berlin, new Date('2026-10-25T15:59:00+01:00'))).toBe('2026-10-26');
    expect(earliestShipDate(berlin, new Date('2026-10-25T16:00:00+01:00'))).toBe('2026-10-27');
    expect(canShipOn(berlin, '2026-10-26', new Date('2026-10-25T15:59:59+01:00'))).toBe(true);
    expect(canShipOn(berlin, '2026-10-26', new Date('2026-10-25T16:00:00+01:00'))).toBe(false);
  });

  it('keeps the cutoff at 16:00 standard time on 2026-11-01 in New York', () => {
    const newYork: ShippingSchedule = { ...berlin, timeZone: 'America/New_York' };

    expect(earliestShipDate(newYork, new Date('2026-11-01T15:59:00-05:00'))).toBe('2026-11-02');
    expect(earliestShipDate(newYork, new Date('2026-11-01T16:00:00-05:00'))).toBe('2026-11-03');
  });

  it('keeps the cutoff at 16:00 daylight time on 2026-03-08 in New York', () => {
    const newYork: ShippingSchedule = { ...berlin, timeZone: 'America/New_York' };

    expect(earliestShipDate(newYork, new Date('2026-03-08T15:59:00-04:00'))).toBe('2026-03-09');
    expect(earliestShipDate(newYork, new Date('2026-03-08T16:00:00-04:00'))).toBe('2026-03-10');
  });
});

describe('canShipOn', () => {
  const wednesdayBefore = new Date('2026-12-02T15:59:00+03:00');
  const wednesdayAfter = new Date('2026-12-02T16:01:00+03:00');

  it('allows Thursday and later shipping weekdays for a register at Wednesday 15:59', () => {
    expect(canShipOn(moscow, '2026-12-03', wednesdayBefore)).toBe(true);
    expect(canShipOn(moscow, '2026-12-04', wednesdayBefore)).toBe(true);
    expect(canShipOn(moscow, '2026-12-07', wednesdayBefore)).toBe(true);
  });

  it('refuses Thursday but allows Friday for a register at Wednesday 16:01', () => {
    expect(canShipOn(moscow, '2026-12-03', wednesdayAfter)).toBe(false);
    expect(canShipOn(moscow, '2026-12-04', wednesdayAfter)).toBe(true);
  });

  it('refuses today and past days', () => {
    expect(canShipOn(moscow, '2026-12-02', wednesdayBefore)).toBe(false);
    expect(canShipOn(moscow, '2026-12-01', wednesdayBefore)).toBe(false);
  });

  it('refuses days that are not shipping weekdays', () => {
    expect(canShipOn(moscow, '2026-12-05', wednesdayBefore)).toBe(false);
    expect(canShipOn(moscow, '2026-12-06', wednesdayBefore)).toBe(false);
  });

  it('refuses Monday but allows Tuesday for a register at Friday 16:01', () => {
    const fridayAfter = new Date('2026-12-04T16:01:00+03:00');

    expect(canShipOn(moscow, '2026-12-07', fridayAfter)).toBe(false);
    expect(canShipOn(moscow, '2026-12-08', fridayAfter)).toBe(true);
  });

  it('judges a Tuesday-only day by the cutoff of the Tuesday a week before', () => {
    const tuesdays: ShippingSchedule = { ...moscow, weekdays: [2] };

    expect(canShipOn(tuesdays, '2026-12-08', new Date('2026-12-01T15:59:00+03:00'))).toBe(true);
    expect(canShipOn(tuesdays, '2026-12-08', new Date('2026-12-01T16:00:00+03:00'))).toBe(false);
  });

  it('agrees with earliestShipDate on the first allowed day, hour by hour for a fortnight', () => {
    const schedules: ShippingSchedule[] = [
      moscow,
      { ...moscow, weekdays: [2] },
      { timeZone: 'Pacific/Auckland', cutoff: '09:30', weekdays: [1, 3, 6] },
      { timeZone: 'America/New_York', cutoff: '00:00', weekdays: [7] },
      { timeZone: 'Europe/Berlin', cutoff: '23:59', weekdays: [1, 2, 3, 4, 5, 6, 7] },
    ];
    const start = Date.parse('2026-10-20T00:00:00Z');

    for (const schedule of schedules) {
      for (let hour = 0; hour < 14 * 24; hour++) {
        const now = new Date(start + hour * 3_600_000 + 17 * 60_000);
        let day = addDays(localDate(now, schedule.timeZone), 1);
        while (!canShipOn(schedule, day, now)) day = addDays(day, 1);

        expect(earliestShipDate(schedule, now)).toBe(day);
      }
    }
  });
});

describe('addDays', () => {
  it('adds days across the end of a month', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('adds days across the end of a year', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-12-25', 10)).toBe('2027-01-04');
  });

  it('subtracts days for a negative count and keeps the day for zero', () => {
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-02', 0)).toBe('2026-12-02');
  });

  it('counts calendar days across a daylight-saving change', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
  });
});

describe('localDate', () => {
  it('gives the calendar day of an instant in the given zone', () => {
    expect(localDate(new Date('2026-12-02T23:59:00+03:00'), 'Europe/Moscow')).toBe('2026-12-02');
    expect(localDate(new Date('2026-12-02T21:00:00Z'), 'Europe/Moscow')).toBe('2026-12-03');
    expect(localDate(new Date('2026-12-02T12:00:00Z'), 'Pacific/Auckland')).toBe('2026-12-03');
    expect(localDate(new Date('2026-12-02T07:59:00Z'), 'America/Los_Angeles')).toBe('2026-12-01');
  });
});

describe('malformed input', () => {
  const now = new Date('2026-12-02T10:00:00+03:00');

  it('throws a RangeError for a schedule without weekdays', () => {
    expect(() => earliestShipDate({ ...moscow, weekdays: [] }, now)).toThrow(RangeError);
  });

  it('throws a RangeError for a weekday outside 1 to 7', () => {
    expect(() => canShipOn({ ...moscow, weekdays: [0, 1] }, '2026-12-03', now)).toThrow(RangeError);
  });

  it('throws a RangeError for a cutoff that is not HH:MM', () => {
    expect(() => earliestShipDate({ ...moscow, cutoff: '4pm' }, now)).toThrow(RangeError);
  });

  it('throws a RangeError for an unknown time zone', () => {
    expect(() => earliestShipDate({ ...moscow, timeZone: 'Mars/Olympus' }, now)).toThrow(
      RangeError,
    );
  });

  it('throws a RangeError for a day that is not YYYY-MM-DD', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => canShipOn(moscow, '2026-12-03T00:00', now)).toThrow(RangeError);
  });
});
