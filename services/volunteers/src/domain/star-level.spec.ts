import { NATIONAL_SCHEDULE, scheduleFor, starOf, thresholdsProblem } from './star-level';

describe('star levels', () => {
  it('counts the national thresholds of 100, 300, 600, 1,000 and 1,500 hours', () => {
    const t = NATIONAL_SCHEDULE.thresholds;
    expect([0, 99.75, 100, 299, 300, 600, 999, 1000, 1499, 1500, 5000].map((h) => starOf(h, t))).toEqual([
      0, 0, 1, 1, 2, 3, 3, 4, 4, 5, 5,
    ]);
  });

  it('takes the nearest jurisdiction’s schedule in force on the day, else the national one', () => {
    const city = { jurisdictionCode: '321200', effectiveFrom: '2025-01-01', thresholds: [50, 150, 300, 600, 1000] };
    const district = { jurisdictionCode: '321282', effectiveFrom: '2025-07-01', thresholds: [80, 200, 400, 800, 1200] };
    const community = '321282001001';
    expect(scheduleFor([city, district], community, '2024-12-31')).toBe(NATIONAL_SCHEDULE);
    expect(scheduleFor([city, district], community, '2025-03-01')).toBe(city);
    expect(scheduleFor([city, district], community, '2025-07-01')).toBe(district);
    expect(scheduleFor([city, district], '321281001001', '2025-08-01')).toBe(city);
    expect(scheduleFor([city, district], '320102001001', '2025-08-01')).toBe(NATIONAL_SCHEDULE);
    const later = { ...city, effectiveFrom: '2025-05-01', thresholds: [60, 160, 320, 640, 1100] };
    expect(scheduleFor([city, later], community, '2025-06-01')).toBe(later);
  });

  it('refuses thresholds that are not five rising positive numbers', () => {
    expect(thresholdsProblem([100, 300, 600, 1000, 1500])).toBeUndefined();
    expect(thresholdsProblem([100, 300, 600, 1000])).toMatch(/five/);
    expect(thresholdsProblem([100, 300, 300, 1000, 1500])).toMatch(/rise/);
    expect(thresholdsProblem([0, 300, 600, 1000, 1500])).toMatch(/positive/);
  });
});
