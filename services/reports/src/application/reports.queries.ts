import { Inject, Injectable } from '@nestjs/common';
import { JURISDICTION_LOOKUP, levelOf } from '@chuangwen/contracts';
import type { JurisdictionLevel, JurisdictionLookup } from '@chuangwen/contracts';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { evolveFacts, scoreOf, ScoringQueries } from '@chuangwen/scoring';
import { PROBLEM_CATEGORIES } from '@chuangwen/scoring-engine';
import type { CommunityFacts } from '@chuangwen/scoring-engine';
import { Bulletin, BulletinRow } from '../domain/bulletin';
import { projectCommunity, Warning } from '../domain/early-warning';
import { Interval, monthBounds, periodEnds, previousMonth, previousPeriodEnd } from '../domain/periods';
import { monthWork, openProblemsOn, OpenProblem, ReportEvent } from '../domain/problem-ledger';
import { escalationKnown, reportEvents } from './report-events';

export interface TrendPoint {
  readonly day: string;
  readonly communities: number;
  /** A node's mean total; a community's total. */
  readonly total: number | null;
  readonly passRate: number | null;
  readonly passed: number;
  readonly vetoed: number;
  readonly openProblems: number;
  readonly overdueProblems: number;
}

export type RankedRow = {
  rank: number;
  code: string;
  name: string | null;
  total?: number;
  meanTotal?: number | null;
  passRate?: number | null;
  passed?: boolean | number;
  vetoed?: boolean | number;
  communities?: number;
  gaps?: number | unknown[];
  rankChange: number | null;
  previousRank: number | null;
};

/** Community codes with a title the awards office must watch (conferred, not removed). */
export const TITLE_HOLDERS = Symbol('TitleHolders');
export interface TitleHolders {
  /** The communities holding a community title on `day`. */
  holders(code: string, day: string): Promise<Set<string>>;
}

/**
 * The office's reports. Every figure is read through ScoringQueries — the one fold (factsAt /
 * evolveFacts), evaluation (scoreOf), roll-up and ranking rule — at a day (`asOf`); the counts of
 * inspections work are folded from the inspections events by the day they occurred.
 */
@Injectable()
export class ReportsQueries {
  constructor(
    private readonly scoring: ScoringQueries,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(JURISDICTION_LOOKUP) private readonly jurisdictions: JurisdictionLookup,
    @Inject(TITLE_HOLDERS) private readonly titles: TitleHolders,
  ) {}

  today(): string {
    return this.scoring.today();
  }

  /** A node's (or a community's) figures at the end of each period, each exactly as `asOf` that day. */
  async trends(code: string, from: string, to: string, interval: Interval, standardId?: string): Promise<TrendPoint[]> {
    const points: TrendPoint[] = [];
    const members = await this.scoring.communitiesOf(code);
    for (const day of periodEnds(from, to, interval)) {
      const problems = await this.problemsAt(members, day);
      if (levelOf(code) === 'community') {
        const card = (await this.scoring.communityScorecards(code, { asOf: day, standardId })).cards[0];
        points.push({
          day,
          communities: 1,
          total: card?.total ?? null,
          passRate: card ? (card.passed ? 1 : 0) : null,
          passed: card?.passed ? 1 : 0,
          vetoed: card?.veto.vetoed ? 1 : 0,
          ...problems,
        });
        continue;
      }
      const f = (await this.scoring.nodeFigures(code, { asOf: day, standardId })).figures;
      points.push({
        day,
        communities: f?.communities ?? 0,
        total: f?.meanTotal ?? null,
        passRate: f?.passRate ?? null,
        passed: f?.passed ?? 0,
        vetoed: f?.vetoed ?? 0,
        ...problems,
      });
    }
    return points;
  }

  /** Open and overdue problems on a day: the facts' problem counts, through the one fold (factsAt). */
  private async problemsAt(members: readonly string[], day: string) {
    let openProblems = 0,
      overdueProblems = 0;
    for (const m of members) {
      for (const p of Object.values((await this.scoring.facts(m, { asOf: day }))?.problems ?? {})) {
        openProblems += p?.open ?? 0;
        overdueProblems += p?.overdue ?? 0;
      }
    }
    return { openProblems, overdueProblems };
  }

  /** A ranking with each row's change since `since` (default: the end of the previous month), both through the one ranking rule. */
  async rankingWithChange(
    code: string,
    level: JurisdictionLevel,
    options: { asOf?: string; standardId?: string; since?: string; limit?: number },
  ) {
    const day = options.asOf ?? this.today();
    const since = options.since ?? previousPeriodEnd(day);
    const limit = options.limit ?? 10_000;
    const [now, then] = await Promise.all([
      this.scoring.rankings(code, level, { asOf: options.asOf, standardId: options.standardId, limit }),
      this.scoring
        .rankings(code, level, { asOf: since, standardId: options.standardId, limit })
        .catch(() => ({ items: [] as { code: string; rank: number }[] })),
    ]);
    const before = new Map(then.items.map((i: { code: string; rank: number }) => [i.code, i]));
    const names = await Promise.all(now.items.map((i) => this.jurisdictions.find(i.code)));
    const items: RankedRow[] = now.items.map((i, k) => {
      const prev = before.get(i.code) as { rank: number; total?: number; meanTotal?: number } | undefined;
      return {
        ...(i as object),
        rank: i.rank,
        code: i.code,
        name: names[k]?.name ?? null,
        previousRank: prev?.rank ?? null,
        rankChange: prev ? prev.rank - i.rank : null,
      } as RankedRow;
    });
    return {
      day: now.day,
      since,
      standard: now.standard,
      level,
      items,
      previous: then.items as { code: string; rank: number; total?: number; meanTotal?: number | null }[],
    };
  }

  /** 31 December of the year of `from`: the yearly evaluation the seeds count activities for (每年), unless `on` names another day. */
  evaluationDay(from: string, on?: string): string {
    return on ?? `${from.slice(0, 4)}-12-31`;
  }

  /**
   * Early warning for every community at or below `code`: the facts known on `from` (today, or as of
   * a day) projected to the evaluation day. Communities projected to fail come first (lowest
   * projected total first); `all` keeps those projected to pass too.
   */
  async earlyWarning(code: string, options: { asOf?: string; on?: string; standardId?: string; all?: boolean } = {}) {
    const from = options.asOf ?? this.today();
    const evaluationDay = this.evaluationDay(from, options.on);
    const events = await reportEvents(this.events, code);
    const open = groupBy(openProblemsOn(events, from), (p) => p.community);
    const holders = await this.titles.holders(code, from);
    const warnings: (Warning & { name: string | null; titleAtRisk: boolean })[] = [];
    for (const community of await this.scoring.communitiesOf(code)) {
      const w = await this.projectOne(community, from, evaluationDay, open.get(community) ?? [], options);
      if (!w || (!w.atRisk && !options.all)) continue;
      const name = (await this.jurisdictions.find(community))?.name ?? null;
      warnings.push({ ...w, name, titleAtRisk: w.atRisk && holders.has(community) });
    }
    warnings.sort(
      (a, b) =>
        Number(b.atRisk) - Number(a.atRisk) || a.projected.total - b.projected.total || a.code.localeCompare(b.code),
    );
    return { code, from, evaluationDay, communities: warnings };
  }

  private async projectOne(
    code: string,
    from: string,
    evaluationDay: string,
    open: OpenProblem[],
    options: { asOf?: string; standardId?: string },
  ): Promise<Warning | undefined> {
    const [standard] = await this.scoring.standardsFor(code, evaluationDay, options.standardId);
    if (!standard) return undefined;
    const facts: CommunityFacts = (await this.scoring.facts(code, options.asOf ? { asOf: from } : {})) ?? {};
    return projectCommunity(
      {
        standard,
        score: (f, day) => scoreOf(standard, code, f, day).card,
        markOverdue: (f, p) =>
          evolveFacts(f, {
            type: 'RectificationOverdue',
            version: 1,
            data: { problemId: p.problemId, communityCode: code, category: p.category, deadline: p.deadline! },
          }),
      },
      code,
      facts,
      open,
      from,
      evaluationDay,
    );
  }

  /** The monthly bulletin of a district or street: everything as of the month's last day, changes against the previous month's. */
  async bulletin(code: string, month: string, standardId?: string): Promise<Bulletin> {
    const node = (await this.jurisdictions.find(code))!;
    const { from, to } = monthBounds(month);
    const lastEnd = monthBounds(previousMonth(month)).to;
    const events: ReportEvent[] = await reportEvents(this.events, code);
    const work = monthWork(events, from, to, escalationKnown());
    const openAtEnd = openProblemsOn(events, to);
    const [now, then] = await Promise.all([
      this.scoring.nodeFigures(code, { asOf: to, standardId }),
      this.scoring.nodeFigures(code, { asOf: lastEnd, standardId }),
    ]);
    const communities = await this.rankingWithChange(code, 'community', { asOf: to, since: lastEnd, standardId });
    const streets =
      levelOf(code) === 'district'
        ? await this.rankingWithChange(code, 'street', { asOf: to, since: lastEnd, standardId })
        : null;
    const row = (r: RankedRow, previous: Map<string, { total?: number; meanTotal?: number | null }>): BulletinRow => {
      const score = (r.total ?? r.meanTotal ?? null) as number | null;
      const p = previous.get(r.code);
      const before = (p?.total ?? p?.meanTotal ?? null) as number | null;
      return {
        rank: r.rank,
        code: r.code,
        name: r.name ?? r.code,
        score,
        rankChange: r.rankChange,
        scoreChange: score !== null && before !== null ? Math.round((score - before) * 100) / 100 : null,
        passed: r.passed as boolean,
        vetoed: r.vetoed,
      };
    };
    const ends = (list: ReturnType<typeof this.rankingWithChange> extends Promise<infer R> ? R : never, n = 5) => {
      const previous = new Map(list.previous.map((p) => [p.code, p]));
      const rows = list.items.map((r) => row(r, previous));
      // A short list is split in two halves (5 units: the best 3, the worst 2), never shown twice.
      const best = Math.min(n, Math.ceil(rows.length / 2));
      return { best: rows.slice(0, best), worst: rows.slice(best).slice(-n).reverse() };
    };
    const vetoed = communities.items.filter((r) => r.vetoed);
    const vetoes = [];
    for (const r of vetoed) {
      const card = (await this.scoring.communityScorecards(r.code, { asOf: to, standardId })).cards[0];
      for (const v of card?.veto.incidents ?? [])
        vetoes.push({ code: r.code, name: r.name ?? r.code, title: v.title, cause: v.cause, until: v.until });
    }
    const warning = await this.earlyWarning(code, { asOf: to, standardId });
    const f = now.figures;
    return {
      node: { code, name: node.name, level: node.level },
      month,
      period: { from, to },
      standard: now.standard
        ? {
            title: now.standard.title,
            version: now.standard.version,
            passMark: (await this.scoring.standardsFor(code, to, now.standard.id))[0].passMark,
          }
        : null,
      work: {
        ...work,
        problemsByCategory: work.problemsByCategory.map((c) => ({
          ...c,
          label: (PROBLEM_CATEGORIES as Record<string, { label: string }>)[c.category]?.label ?? c.category,
        })),
      },
      atMonthEnd: { open: openAtEnd.length, overdue: openAtEnd.filter((p) => p.overdue).length },
      figures: f
        ? {
            communities: f.communities,
            meanTotal: f.meanTotal,
            passRate: f.passRate,
            passed: f.passed,
            vetoed: f.vetoed,
          }
        : null,
      lastMonth: then.figures
        ? {
            meanTotal: then.figures.meanTotal,
            passRate: then.figures.passRate,
            passed: then.figures.passed,
            vetoed: then.figures.vetoed,
          }
        : null,
      streets: streets ? ends(streets, 3) : null,
      communities: ends(communities),
      vetoes,
      atRisk: warning.communities.map((w) => ({
        code: w.code,
        name: w.name ?? w.code,
        now: w.now.total,
        projected: w.projected.total,
        reasons: w.reasons
          .slice(0, 3)
          .map((r) => `${r.indicator} ${r.text}`)
          .concat(w.vetoes.map((v) => `一票否决：${v.title}`)),
        titleAtRisk: w.titleAtRisk,
      })),
      evaluationDay: warning.evaluationDay,
    };
  }
}

function groupBy<T>(list: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of list) (m.get(key(t)) ?? m.set(key(t), []).get(key(t))!).push(t);
  return m;
}
