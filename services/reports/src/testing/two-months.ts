import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { ManualClock } from '@chuangwen/contracts';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { RectificationOverdueScheduler } from '@chuangwen/inspections';
import { seedRegion } from '@chuangwen/jurisdictions';
import { PROJECTION_HOST, ProjectionHost } from '@chuangwen/projections';
import { factEvents, toAppend } from '@chuangwen/scoring/testing';
import type { CommunityFacts } from '@chuangwen/scoring-engine';
import { strongCommunity } from '../../../../libs/scoring-engine/src/spec/communities';

// 城关区 (620102), 兰州市: scored under the shipped 甘肃 standard (v1 in 2025, pass mark 90).
export const DISTRICT = '620102';
export const STREET = '620102001';

/** The scripted community of early-warning.spec.ts that fails on 31 December (without its problem: one is recorded through the API). */
export function atRiskFacts(): CommunityFacts {
  const f = strongCommunity();
  f.activities = { ...f.activities, 'legal_education|ordinary|2025': 1, 'safety_publicity|ordinary|2025': 1 };
  delete f.activities['environment_cleanup|ordinary|2025'];
  f.surveys = { ...f.surveys, satisfaction_services: { sample: 200, positive: 188, date: '2023-12-01' } };
  f.inspectorScores!['gansu-civilized-community/g4.1'] = { latest: 6, date: '2025-04-01' };
  delete f.problems;
  return f;
}

/**
 * Two months of a street's work, through the API where the inspections context takes commands
 * (problems, notices, rectifications, inspections) and as fact events for the communities' records:
 * - c[2], c[3] strong (each with one sanitation problem found 2025-03-01, no notice); c[4] the at-risk script;
 * - 10 May: an inspection of c[0] completed; problems P0 (c[0], sanitation, deadline 20 May), P1 (c[1],
 *   illegal posting, deadline 20 June), P4 (c[4], sanitation, deadline 15 July), each noticed that day;
 * - 25 May: the overdue scan marks P0 overdue (from 21 May), and its escalation of 24 May (step 1, the street) is recorded;
 * - 5 June: P1 rectified and verified (on time); 10 June: P0 verified (late), an inspection of c[1]
 *   completed, problem P5 (c[3], street occupation) found, no notice yet;
 * - 20 June: c[4] is conferred a county-level 文明社区 title (nominated 10 June, 7 days' notice);
 * - the clock ends on 2 July 2025.
 */
export async function scriptTwoMonths(app: INestApplication, base: string, clock: ManualClock) {
  const store = app.get<EventStore>(EVENT_STORE);
  const host = app.get<ProjectionHost>(PROJECTION_HOST);
  await seedRegion(store, DISTRICT);
  await host.waitForCatchUp();
  const c: string[] = (
    (await (await fetch(`${base}/api/jurisdictions/${STREET}`)).json()) as { children: { code: string }[] }
  ).children.map((x) => x.code);
  const tokens: Record<string, string> = {};
  const token = async (sub: string, jurisdiction: string, role: string) => {
    const res = await fetch(`${base}/api/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub, jurisdiction, roles: [role] }),
    });
    tokens[sub] = ((await res.json()) as { token: string }).token;
  };
  await token('office', DISTRICT, 'office');
  await token('inspector', DISTRICT, 'inspector');
  await token('street', STREET, 'street');
  await token('staff0', c[0], 'community');
  await token('staff1', c[1], 'community');
  await token('other-street', '620102002', 'street');
  const post = async (who: string, path: string, body: unknown = {}) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, string>;
  };
  for (const [code, facts] of [
    [c[2], strongCommunity()],
    [c[3], strongCommunity()],
    [c[4], atRiskFacts()],
  ] as const) {
    for (const e of factEvents(code, facts))
      await store.append(`facts-${code}`, [toAppend(e, code)], { expectedRevision: 'any' });
  }
  const inspect = async (community: string, day: string) => {
    const inspectionId = randomUUID();
    await post('inspector', '/api/inspections', {
      inspectionId,
      communityCode: community,
      kind: 'field_inspection',
      plannedOn: day,
      inspectors: ['张三'],
    });
    await post('inspector', `/api/inspections/${inspectionId}/start`);
    await post('inspector', `/api/inspections/${inspectionId}/complete`);
  };
  const problem = async (community: string, category: string, day: string, deadline?: string) => {
    const problemId = randomUUID();
    await post('inspector', '/api/problems', {
      problemId,
      communityCode: community,
      category,
      description: '督查发现',
      source: 'inspector',
      foundOn: day,
    });
    if (deadline) await post('street', '/api/rectifications', { problemId, deadline, requirements: '限期整改' });
    return problemId;
  };
  const rectify = async (staff: string, problemId: string) => {
    await post(staff, `/api/rectifications/${problemId}/submission`, {
      description: '已整改',
      evidence: [{ kind: 'photo', ref: `photo-${problemId}` }],
    });
    await post('office', `/api/rectifications/${problemId}/verification`);
  };
  clock.set('2025-05-10T02:00:00Z');
  await inspect(c[0], '2025-05-10');
  const p0 = await problem(c[0], 'sanitation_dead_corner', '2025-05-10', '2025-05-20');
  const p1 = await problem(c[1], 'illegal_posting', '2025-05-10', '2025-06-20');
  await problem(c[4], 'sanitation_dead_corner', '2025-05-10', '2025-07-15');
  clock.set('2025-05-25T02:00:00Z');
  await app.get(RectificationOverdueScheduler).scan();
  await host.waitForCatchUp();
  // 24 May: P0, three days overdue, reaches the first step of the ladder (the street office, counted in the
  // bulletin), appended as the escalation scheduler appends it (docs/events.md, RectificationEscalated v1).
  const escalation = {
    problemId: p0,
    communityCode: c[0],
    category: 'sanitation_dead_corner',
    step: 1,
    level: 'street',
    notifiedCode: STREET,
    daysOverdue: 3,
    deadline: '2025-05-20',
    supervised: true,
    bulletin: true,
    ladderOf: '000000',
    at: '2025-05-24T01:00:00.000Z',
  };
  await store.append(
    `escalation-${p0}`,
    [toAppend({ type: 'RectificationEscalated', version: 1, data: escalation }, c[0])],
    { expectedRevision: 'any' },
  );
  clock.set('2025-06-05T02:00:00Z');
  await rectify('staff1', p1);
  clock.set('2025-06-10T02:00:00Z');
  await rectify('staff0', p0);
  await inspect(c[1], '2025-06-10');
  await problem(c[3], 'street_occupation', '2025-06-10');
  // c[4] is named a county-level 文明社区 (it scores 95 now): nominated 10 June, on notice 7 days, conferred 20 June.
  const program = await post('office', '/api/awards/programs', {
    kind: 'civilized_community',
    level: 'county',
    title: '2025年度城关区文明社区',
    authority: DISTRICT,
    cycle: { from: '2025-01-01', to: '2025-12-31' },
    quota: 3,
    eligibility: { noVeto: true },
  });
  const nomination = await post('office', `/api/awards/programs/${program.id}/nominations`, {
    route: 'nomination',
    nomineeType: 'community',
    communityCode: c[4],
    name: '杨家园社区',
  });
  const step = (path: string, body: unknown = {}) =>
    post('office', `/api/awards/nominations/${nomination.id}/${path}`, body);
  await step('materials-review', { passed: true, remark: '材料齐全' });
  await step('report-hearing', { ratings: { good: 4, fairly_good: 1, average: 0 } });
  await step('field-inspection', { passed: true, remark: '实地考察良好' });
  await step('shortlist');
  await step('public-notice');
  clock.set('2025-06-20T02:00:00Z');
  await step('confer');
  clock.set('2025-07-02T02:00:00Z');
  await host.waitForCatchUp();
  return { c, tokens };
}
