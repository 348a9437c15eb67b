import type { Actor, EvidenceEvent } from '@chuangwen/contracts';
import { deciderSpec } from '@chuangwen/commanding/testing';
import { evidenceDecider, EvidenceContext, UploadEvidence } from './evidence.decider';
import { distanceMetres } from './flags';

const community = '620102001001';
const inspector: Actor = { id: 'inspector-1', roles: ['inspector'], jurisdiction: '620102' };
const elsewhere: Actor = { id: 'inspector-2', roles: ['inspector'], jurisdiction: '620103' };
const centre = { lat: 36.0611, lng: 103.8343 };
const hash = 'a'.repeat(64);
const base: Omit<EvidenceContext, 'actor'> = {
  now: new Date('2025-06-01T03:00:00Z'),
  maxDistanceMetres: 500,
  communityLocation: centre,
};
const spec = (ctx: Partial<EvidenceContext> = {}) =>
  deciderSpec(evidenceDecider({ ...base, actor: inspector, ...ctx }));

const upload = (over: Partial<UploadEvidence['data']> = {}): UploadEvidence => ({
  type: 'UploadEvidence',
  data: {
    sha256: hash,
    size: 1234,
    mediaType: 'image/jpeg',
    capturedAt: '2025-06-01T10:30:00+08:00',
    capturedAtSource: 'client',
    location: { lat: 36.0612, lng: 103.8345 },
    locationSource: 'exif',
    communityCode: community,
    inspectionId: 'i-1',
    ...over,
  },
});
const uploaded = (flags: { code: string; message: string }[], over: Record<string, unknown> = {}): EvidenceEvent => ({
  type: 'EvidenceUploaded',
  version: 1,
  data: {
    sha256: hash,
    size: 1234,
    type: 'image/jpeg',
    capturedAt: '2025-06-01T10:30:00+08:00',
    capturedAtSource: 'client',
    location: { lat: 36.0612, lng: 103.8345 },
    locationSource: 'exif',
    uploader: 'inspector-1',
    uploadedAt: '2025-06-01T03:00:00.000Z',
    communityCode: community,
    inspectionId: 'i-1',
    flags,
    ...over,
  } as never,
});
const started = { inspectionId: 'i-1', startedAt: '2025-06-01T10:00:00+08:00' };
const codes = (events: EvidenceEvent[]) => events.flatMap((e) => e.data.flags.map((f) => f.code));

describe('evidence decider', () => {
  it('records an upload taken during the inspection, near the community, with no flag', () => {
    spec({ inspection: started })
      .given([])
      .when(upload())
      .then([uploaded([])]);
  });

  it('the same bytes for the same community and inspection again: nothing new (a resend doubles nothing)', () => {
    spec({ inspection: started })
      .given([uploaded([])])
      .when(upload())
      .then([]);
  });

  it('the same bytes for another problem: a second record of the one file', () => {
    spec()
      .given([uploaded([])])
      .when(upload({ inspectionId: undefined, problemId: 'p-1' }))
      .thenMatches((events: EvidenceEvent[]) => {
        expect(events).toHaveLength(1);
        expect(events[0].data).toMatchObject({ sha256: hash, problemId: 'p-1' });
      });
  });

  it('flags a photo captured before the inspection started', () => {
    spec({ inspection: started })
      .given([])
      .when(upload({ capturedAt: '2025-06-01T09:59:00+08:00' }))
      .thenMatches((events: EvidenceEvent[]) => {
        expect(codes(events)).toEqual(['captured_before_inspection']);
        expect(events[0].data.flags[0].message).toMatch(/before inspection i-1 started/);
      });
  });

  it('flags a photo farther from the community than the tolerance, saying how far', () => {
    const far = { lat: 36.07, lng: 103.8343 }; // ≈ 988 m north
    expect(Math.round(distanceMetres(far, centre))).toBeGreaterThan(900);
    spec({ inspection: started })
      .given([])
      .when(upload({ location: far }))
      .thenMatches((events: EvidenceEvent[]) => {
        expect(codes(events)).toEqual(['far_from_community']);
        expect(events[0].data.flags[0].message).toMatch(/captured 9\d\d m from .*tolerance 500 m/);
      });
    spec({ inspection: started, maxDistanceMetres: 2000 })
      .given([])
      .when(upload({ location: far }))
      .then([uploaded([], { location: far })]);
  });

  it('says when the distance could not be checked: no community location, or no GPS point', () => {
    spec({ inspection: started, communityLocation: undefined })
      .given([])
      .when(upload())
      .thenMatches((events: EvidenceEvent[]) => expect(codes(events)).toEqual(['community_location_unknown']));
    spec({ inspection: started })
      .given([])
      .when(upload({ location: null, locationSource: 'none' }))
      .thenMatches((events: EvidenceEvent[]) => expect(codes(events)).toEqual(['no_location']));
  });

  it('says when the capture time is unknown, or the inspection has not started', () => {
    spec({ inspection: started })
      .given([])
      .when(upload({ capturedAt: null, capturedAtSource: 'none' }))
      .thenMatches((events: EvidenceEvent[]) => expect(codes(events)).toEqual(['no_capture_time']));
    spec({ inspection: { inspectionId: 'i-1' } })
      .given([])
      .when(upload())
      .thenMatches((events: EvidenceEvent[]) => expect(codes(events)).toEqual(['inspection_not_started']));
  });

  it('refuses an upload for a community outside the uploader’s jurisdiction', () => {
    spec({ actor: elsewhere })
      .given([])
      .when(upload())
      .thenThrows((e: { kind: string; details?: unknown }) => {
        expect(e.kind).toBe('forbidden');
        expect(e.details).toEqual({ field: 'community' });
      });
  });
});
