import { randomUUID } from 'node:crypto';
import type { Actor, DomainEvent, EventToAppend } from '@chuangwen/contracts';
import type { CommunityFacts } from '@chuangwen/scoring-engine';
import type { FactEvent } from '../facts/scoring-events';

/**
 * Scripts a community for tests and benchmarks: the fact events that, folded, give `facts`
 * (inspector scores: the latest only). Activities are dated mid-year of their key's year.
 */
export function factEvents(communityCode: string, facts: CommunityFacts): FactEvent[] {
  const out: FactEvent[] = [];
  for (const [key, n] of Object.entries(facts.activities ?? {})) {
    const [kind, scale, year] = key.split('|');
    const participants = Math.floor((facts.participants?.[`${kind}|${year}`] ?? 0) / Math.max(1, n));
    for (let i = 0; i < n; i++) {
      out.push({
        type: 'ActivityHeld',
        version: 1,
        data: {
          activityId: randomUUID(),
          communityCode,
          kind: kind as never,
          scale: scale as never,
          title: `${kind} ${i + 1}`,
          organiser: '社区居委会',
          heldAt: `${year}-06-${String(10 + (i % 15)).padStart(2, '0')}T02:00:00Z`,
          participants,
        },
      });
    }
  }
  for (const [topic, s] of Object.entries(facts.surveys ?? {})) {
    out.push({
      type: 'SurveyRecorded',
      version: 2,
      data: {
        surveyId: randomUUID(),
        communityCode,
        topic,
        sampleSize: s!.sample,
        positive: s!.positive,
        rate: Math.round((s!.positive / s!.sample) * 1e4) / 1e4,
        smallSample: s!.sample < 30,
        periodStart: s!.date,
        conductedOn: s!.date,
      },
    });
  }
  for (const [facility, day] of Object.entries(facts.facilities ?? {})) {
    out.push({
      type: 'FacilityRecorded',
      version: 1,
      data: { communityCode, facility, present: true, recordedOn: day as string },
    });
  }
  for (const [category, p] of Object.entries(facts.problems ?? {})) {
    for (let i = 0; i < p!.open; i++) {
      const problemId = randomUUID();
      out.push({
        type: 'ProblemRecorded',
        version: 1,
        data: { problemId, communityCode, category, description: category, source: 'inspector', foundOn: '2025-03-01' },
      });
      if (i < p!.overdue)
        out.push({
          type: 'RectificationOverdue',
          version: 1,
          data: { problemId, communityCode, category, deadline: '2025-03-15' },
        });
    }
  }
  if (facts.quantities || facts.attributes) {
    out.push({
      type: 'CommunityProfileUpdated',
      version: 1,
      data: {
        communityCode,
        quantities: facts.quantities as Record<string, number>,
        attributes: facts.attributes as Record<string, string>,
      },
    });
  }
  for (const [key, s] of Object.entries(facts.inspectorScores ?? {})) {
    const [standardId, indicatorId] = key.split('/');
    out.push({
      type: 'InspectionItemScored',
      version: 1,
      data: { inspectionId: randomUUID(), communityCode, standardId, indicatorId, points: s.latest, scoredOn: s.date },
    });
  }
  for (const i of facts.incidents ?? []) {
    const incidentId = i.ref ?? randomUUID();
    out.push({
      type: 'IncidentReported',
      version: 1,
      data: { incidentId, communityCode, kind: i.kind, occurredOn: i.date, description: i.kind },
    });
    if (i.status === 'confirmed')
      out.push({
        type: 'IncidentConfirmed',
        version: 1,
        data: { incidentId, communityCode, kind: i.kind, occurredOn: i.date },
      });
  }
  for (const key of facts.notApplicable ?? []) {
    const [standardId, indicatorId] = key.split('/');
    out.push({
      type: 'IndicatorDeclaredNotApplicable',
      version: 1,
      data: { communityCode, standardId, indicatorId, explanation: '不适用，书面说明' },
    });
  }
  return out;
}

export const TEST_ACTOR: Actor = { id: 'script', roles: ['system'], jurisdiction: '000000' };

/** Wraps a domain event for appending, with its community as the jurisdiction. */
export function toAppend(event: DomainEvent, jurisdictionCode: string, actor: Actor = TEST_ACTOR): EventToAppend {
  return {
    eventId: randomUUID(),
    type: event.type,
    version: event.version,
    data: event.data,
    metadata: {
      actor,
      jurisdictionCode,
      occurredAt: new Date().toISOString(),
      correlationId: randomUUID(),
      causationId: randomUUID(),
    },
  };
}
