import { accidentCommunity, strongCommunity } from '../../../../libs/scoring-engine/src/spec/communities';
import { factEvents } from '../testing/script';
import { evolveFacts } from './evolve-facts';
import { asFactEvent, decodeEntry, EncodedEntry, encodeEntry, fileEntry } from './fact-log';
import { sourceKeysOfEvent } from './fact-sources';
import { FACT_EVENT_TYPES, FactEvent } from './scoring-events';

describe('fact log entries', () => {
  const code = '620102001001';
  const scripted = [...factEvents(code, strongCommunity()), ...factEvents(code, accidentCommunity())];
  const more: FactEvent[] = [
    {
      type: 'ProblemRecorded',
      version: 1,
      data: {
        problemId: 'p',
        communityCode: code,
        category: 'pests',
        description: '“四害”孳生',
        source: 'inspector',
        foundOn: '2025-03-01',
      },
    },
    {
      type: 'RectificationOverdue',
      version: 1,
      data: { problemId: 'p', communityCode: code, category: 'pests', deadline: '2025-03-15' },
    },
    {
      type: 'RectificationVerified',
      version: 1,
      data: { problemId: 'p', communityCode: code, category: 'pests', wasOverdue: true, verifiedOn: '2025-03-20' },
    },
    {
      type: 'IncidentDismissed',
      version: 1,
      data: { incidentId: 'i', communityCode: code, kind: 'fire', reason: '误报' },
    },
    {
      type: 'FacilityRecorded',
      version: 1,
      data: { communityCode: code, facility: 'library', present: false, recordedOn: '2025-04-01' },
    },
    {
      type: 'VolunteerRegistered',
      version: 1,
      data: {
        volunteerId: 'v',
        communityCode: code,
        name: '张三',
        idHash: 'h',
        idMasked: '3212**********1234',
        phone: '13800000000',
      },
    } as never,
    {
      type: 'VolunteerDeregistered',
      version: 1,
      data: { volunteerId: 'v', communityCode: code, reason: '迁出', deregisteredOn: '2025-05-01' },
    },
    {
      type: 'IndicatorDeclaredNotApplicable',
      version: 1,
      data: {
        communityCode: code,
        standardId: 'gansu-civilized-community',
        indicatorId: 'g2.3',
        explanation: '辖区无下岗失业人员',
      },
    },
    {
      type: 'IncidentDismissed',
      version: 1,
      data: { incidentId: 'x', communityCode: code, kind: 'fire', reason: '误报' },
    },
  ];
  const all = [...scripted, ...more];

  it('cover every fact type', () => {
    expect(new Set(all.map((e) => e.type))).toEqual(FACT_EVENT_TYPES);
  });

  it('refold to the same facts and explain by the same keys as the whole events', () => {
    const entries = all.map((e, i) => decodeEntry(encodeEntry(e, 100 + i, '2025-06-30')));
    const whole = all.reduce((f, e) => evolveFacts(f, structuredClone(e)), {});
    const refolded = entries.reduce((f, e) => evolveFacts(f, asFactEvent(e)), {});
    expect(refolded).toEqual(whole);
    entries.forEach((e, i) => expect(sourceKeysOfEvent(asFactEvent(e))).toEqual(sourceKeysOfEvent(all[i])));
    expect(entries[0]).toMatchObject({ position: 100, recordedOn: '2025-06-30', type: all[0].type });
  });

  it('keep days as numbers: the day recorded since 1970, days in the fields before it, the second recorded last', () => {
    const held: FactEvent = {
      type: 'ActivityHeld',
      version: 1,
      data: {
        activityId: 'a',
        communityCode: code,
        kind: 'culture_sports',
        title: 't',
        organiser: 'o',
        scale: 'large',
        heldAt: '2024-12-31T17:00:00Z',
        participants: 5,
      },
    };
    const entry = encodeEntry(held, 7, '2025-01-03T02:30:05Z'); // 10:30:05 China time
    expect(entry).toEqual([7, 20091, 'A', 'culture_sports', 'large', 5, 2, 37805]); // held on 1 January, China time
    expect(decodeEntry(entry)).toEqual({
      position: 7,
      type: 'ActivityHeld',
      recordedOn: '2025-01-03',
      recordedAt: Date.parse('2025-01-03T02:30:05Z'),
      occurredOn: '2025-01-01',
      data: { kind: 'culture_sports', scale: 'large', participants: 5, heldAt: '2025-01-01' },
    });
    const late: FactEvent = {
      type: 'FacilityRecorded',
      version: 1,
      data: { communityCode: code, facility: 'library', present: true, recordedOn: '2025-01-05' },
    };
    expect(decodeEntry(encodeEntry(late, 8, '2025-01-03')).data.recordedOn).toBe('2025-01-05'); // a day after the recording is a negative count
    // Recorded just before China midnight: the day is China's, the second counts from its midnight.
    expect(decodeEntry(encodeEntry(late, 9, '2025-01-03T15:59:59Z'))).toMatchObject({
      recordedOn: '2025-01-03',
      recordedAt: Date.parse('2025-01-03T15:59:59Z'),
    });
    expect(decodeEntry(encodeEntry(late, 9, '2025-01-03T23:59:59+08:00'))).toMatchObject({
      recordedOn: '2025-01-03',
      recordedAt: Date.parse('2025-01-03T15:59:59Z'),
    });
  });

  it('say when each fact occurred: its own day, the day after a missed deadline, the recording day when it has none', () => {
    const occurred = (e: FactEvent) => decodeEntry(encodeEntry(e, 1, '2025-06-30T02:00:00Z')).occurredOn;
    expect(occurred(more[0])).toBe('2025-03-01'); // problem found
    expect(occurred(more[1])).toBe('2025-03-16'); // deadline 03-15 passed
    expect(occurred(more[2])).toBe('2025-03-20'); // verified
    expect(occurred(more[3])).toBe(''); // a dismissal goes wherever its incident goes
    expect(occurred(more[6])).toBe('2025-05-01'); // deregistered
    expect(occurred(more[7])).toBe('2025-06-30'); // a declaration occurs when recorded
  });

  it('decode entries written before v4 (no second, fewer fields): placed at the start of their China day', () => {
    expect(decodeEntry([5, 20030, 'P', 'pests'])).toEqual({
      position: 5,
      type: 'ProblemRecorded',
      recordedOn: '2024-11-03',
      recordedAt: Date.parse('2024-11-02T16:00:00Z'),
      occurredOn: '2024-11-03',
      data: { category: 'pests' },
    });
    expect(decodeEntry([672061, 20030, 'A', 'safety_publicity', 'ordinary', 102, 0])).toMatchObject({
      occurredOn: '2024-11-03',
      recordedAt: Date.parse('2024-11-02T16:00:00Z'),
    });
  });

  it('keep no names, phone numbers or free text', () => {
    const text = JSON.stringify(all.map((e, i) => encodeEntry(e, i, '2025-06-30')));
    for (const secret of ['张三', '13800000000', '3212**', '误报', '迁出', '辖区无下岗', '社区居委会'])
      expect(text).not.toContain(secret);
  });

  it('are filed in position order, each once, whatever order they arrive in', () => {
    const log: EncodedEntry[] = [];
    for (const p of [5, 9, 7, 9, 1, 5]) fileEntry(log, encodeEntry(more[0], p, '2025-06-30'));
    expect(log.map((e) => e[0])).toEqual([1, 5, 7, 9]);
  });
});
