import { backoffDelay, outcomeOfStatus } from './delivery';

describe('delivery back-off and outcomes', () => {
  it('doubles from the base per failure, up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5].map((f) => backoffDelay(f, 1000, 10_000))).toEqual([0, 1000, 2000, 4000, 8000, 10_000]);
    expect(backoffDelay(500, 1000, 300_000)).toBe(300_000);
  });

  it('reads HTTP statuses: 2xx and 409 delivered, 408/425/429/5xx retried, other 4xx refused for good', () => {
    expect([200, 201, 202, 204, 409].map((s) => outcomeOfStatus(s).kind)).toEqual(Array(5).fill('delivered'));
    expect([408, 425, 429, 500, 502, 503].map((s) => outcomeOfStatus(s).kind)).toEqual(Array(6).fill('retry'));
    expect([400, 401, 403, 404, 410, 422].map((s) => outcomeOfStatus(s).kind)).toEqual(Array(6).fill('refused'));
    expect([301, 302].map((s) => outcomeOfStatus(s).kind)).toEqual(['refused', 'refused']);
  });
});
