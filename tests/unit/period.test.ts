import { describe, expect, it } from 'vitest';
import { formatLocalDate, isoWithOffset, parseIsoDateTime, rangeLabel, resolvePeriod, startOfWeek } from '@/lib/period';

// A Sunday afternoon, local time.
const now = new Date(2026, 10, 22, 15, 30).getTime();

describe('periods', () => {
  it('weeks run Monday to Sunday and include today', () => {
    const week = resolvePeriod({ kind: 'thisWeek' }, now);
    expect(rangeLabel(week)).toBe('2026-11-16_2026-11-22');
    expect(week.start <= now && now < week.end).toBe(true);
    expect(rangeLabel(resolvePeriod({ kind: 'lastWeek' }, now))).toBe('2026-11-09_2026-11-15');
    expect(formatLocalDate(startOfWeek(new Date(2026, 10, 16).getTime()))).toBe('2026-11-16');
  });

  it('rolling periods end today', () => {
    expect(rangeLabel(resolvePeriod({ kind: 'last7' }, now))).toBe('2026-11-16_2026-11-22');
    expect(rangeLabel(resolvePeriod({ kind: 'last30' }, now))).toBe('2026-10-24_2026-11-22');
    expect(rangeLabel(resolvePeriod({ kind: 'last90' }, now))).toBe('2026-08-25_2026-11-22');
    expect(rangeLabel(resolvePeriod({ kind: 'all' }, now))).toBe('all');
  });

  it('custom periods include both days, in either order', () => {
    const range = resolvePeriod({ kind: 'custom', from: '2026-11-20', to: '2026-11-01' }, now);
    expect(rangeLabel(range)).toBe('2026-11-01_2026-11-20');
  });
});

describe('ISO date-times', () => {
  it('writes seconds and the zone offset, and reads them back', () => {
    const ms = new Date(2026, 10, 22, 9, 5, 7).getTime();
    const text = isoWithOffset(ms);
    expect(text).toMatch(/^2026-11-22T09:05:07[+-]\d{2}:\d{2}$/);
    expect(parseIsoDateTime(text)).toBe(ms);
    expect(parseIsoDateTime('2026-11-22T01:02:03Z')).toBe(Date.UTC(2026, 10, 22, 1, 2, 3));
    expect(parseIsoDateTime('2026-11-22 01:02')).toBeNaN();
  });
});
