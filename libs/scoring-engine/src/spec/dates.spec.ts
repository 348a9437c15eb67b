import { addDays, addPeriod, chinaDay, toDay } from '../dates';

describe('dates', () => {
  it('the China day of a UTC instant, read from the string, equals the one computed through Date', () => {
    const instants: string[] = [];
    for (const day of ['2024-02-28', '2024-02-29', '2024-12-31', '2025-02-28', '2025-06-30', '2025-12-31']) {
      for (const time of ['00:00:00Z', '15:59:59.999Z', '16:00:00Z', '16:00Z', '23:59:59.5Z', '08:30:00.123456Z'])
        instants.push(`${day}T${time}`);
    }
    instants.push('2025-03-01T10:00:00+08:00', '2025-03-01T20:00:00-05:00', '2025-03-01T12:00:00.000Z');
    for (const s of instants) expect([s, toDay(s)]).toEqual([s, chinaDay(new Date(s))]);
    expect(() => toDay('not a date')).toThrow('not a date');
  });

  it('remembers without changing answers: days and periods forth and back', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addPeriod('2024-02-29', { years: 1 }, -1)).toBe('2023-02-28');
    expect(addPeriod('2024-02-29', { years: 1 }, 1)).toBe('2025-02-28');
    expect(addPeriod('2024-01-31', { months: 1 }, 1)).toBe('2024-02-29');
    expect(addPeriod('2024-01-31', { months: 1, days: 2 }, 1)).toBe('2024-03-02');
  });
});
