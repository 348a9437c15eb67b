import { distanceMetres, findOriginal } from './duplicates';
import type { Candidate } from './duplicates';

const policy = { radiusMetres: 50, windowHours: 72 };
const open = (over: Partial<Candidate> = {}): Candidate => ({
  reportId: 'r-1',
  communityCode: '620102001001',
  category: 'illegal_posting',
  lat: 36.0611,
  long: 103.8343,
  submittedAt: '2025-06-01T02:00:00Z',
  open: true,
  ...over,
});
const report = (over: Partial<Candidate> = {}) => ({
  communityCode: '620102001001',
  category: 'illegal_posting',
  lat: 36.0612,
  long: 103.8344,
  submittedAt: '2025-06-01T05:00:00Z',
  ...over,
});

describe('report once: the open report a new one duplicates', () => {
  it('measures great-circle distance in metres', () => {
    // 0.001° of latitude is about 111 m anywhere.
    expect(distanceMetres({ lat: 36, long: 103 }, { lat: 36.001, long: 103 })).toBeCloseTo(111.2, 0);
  });

  it('links a report of the same category, community, close by and recent', () => {
    expect(findOriginal(report(), [open()], policy)?.reportId).toBe('r-1');
  });

  it('does not link across category, community, distance, window, or to a closed, rejected or duplicate report', () => {
    expect(findOriginal(report({ category: 'littering' }), [open()], policy)).toBeUndefined();
    expect(findOriginal(report({ communityCode: '620102001002' }), [open()], policy)).toBeUndefined();
    expect(findOriginal(report({ lat: 36.0621 }), [open()], policy)).toBeUndefined();
    expect(findOriginal(report({ submittedAt: '2025-06-04T03:00:00Z' }), [open()], policy)).toBeUndefined();
    expect(findOriginal(report(), [open({ open: false })], policy)).toBeUndefined();
    expect(findOriginal(report(), [open({ duplicateOf: 'r-0' })], policy)).toBeUndefined();
  });

  it('without coordinates, links the same address written the same way; the nearest wins', () => {
    const noPoint = { lat: undefined, long: undefined };
    expect(
      findOriginal(
        report({ ...noPoint, addressString: '和平路 12号' }),
        [open({ ...noPoint, addressString: '和平路12号' })],
        policy,
      )?.reportId,
    ).toBe('r-1');
    expect(
      findOriginal(
        report({ ...noPoint, addressString: '和平路13号' }),
        [open({ ...noPoint, addressString: '和平路12号' })],
        policy,
      ),
    ).toBeUndefined();
    const nearer = open({ reportId: 'r-2', lat: 36.0612, long: 103.8344, submittedAt: '2025-06-01T03:00:00Z' });
    expect(findOriginal(report(), [open(), nearer], policy)?.reportId).toBe('r-2');
  });
});
