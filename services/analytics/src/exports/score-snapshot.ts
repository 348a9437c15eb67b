import type { JurisdictionLevel } from '@chuangwen/contracts';
import type { JurisdictionNode } from '@chuangwen/jurisdictions';
import type { ScoringQueries } from '@chuangwen/scoring';
import { csvLine } from './event-format';

/** What a snapshot needs from the registry: the nodes of one level below a code, a page at a time. */
export interface LevelNodes {
  descendantsAtLevel(
    code: string,
    level: JurisdictionLevel,
    page: { limit?: number; skip?: number },
  ): Promise<JurisdictionNode[]>;
}

export interface SnapshotOptions {
  readonly code: string;
  readonly level: JurisdictionLevel;
  /** Figures for this day from every fact known now that occurred by its end; today by default. */
  readonly asOf?: string;
  /** Figures as the platform showed them at this instant (facts recorded by then). */
  readonly knownAt?: string;
  readonly standardId?: string;
  readonly pageSize?: number;
  readonly onProgress?: (done: number) => void;
}

export const COMMUNITY_COLUMNS = [
  'code',
  'name',
  'parentCode',
  'day',
  'standardId',
  'standardVersion',
  'total',
  'raw',
  'applicableMax',
  'passMark',
  'passed',
  'vetoed',
  'vetoReasons',
  'awaitingData',
  'gaps',
] as const;

export const NODE_COLUMNS = [
  'code',
  'name',
  'parentCode',
  'day',
  'standardId',
  'standardVersion',
  'communities',
  'scored',
  'meanTotal',
  'passed',
  'vetoed',
  'passRate',
  'topGaps',
] as const;

/**
 * Score snapshot of one level below a code, as CSV: one row per community (its scorecard under
 * the default or a chosen standard) or per street/district/… (its roll-up). Streamed a page of
 * nodes at a time; `asOf` and `knownAt` figures are recomputed from the fact logs (as the scores
 * endpoints compute them), so they are exact for any day or instant.
 */
export async function* scoreSnapshotCsv(
  queries: ScoringQueries,
  registry: LevelNodes,
  options: SnapshotOptions,
): AsyncGenerator<string> {
  const community = options.level === 'community';
  yield csvLine(community ? COMMUNITY_COLUMNS : NODE_COLUMNS);
  const pageSize = options.pageSize ?? 200;
  let done = 0;
  for (let skip = 0; ; skip += pageSize) {
    const nodes = await registry.descendantsAtLevel(options.code, options.level, { limit: pageSize, skip });
    let chunk = '';
    for (const node of nodes)
      chunk += community ? await communityRow(queries, node, options) : await nodeRow(queries, node, options);
    done += nodes.length;
    options.onProgress?.(done);
    if (chunk) yield chunk;
    if (nodes.length < pageSize) return;
  }
}

async function communityRow(
  queries: ScoringQueries,
  node: JurisdictionNode,
  options: SnapshotOptions,
): Promise<string> {
  const { day, cards } = await queries.communityScorecards(node.code, {
    asOf: options.asOf,
    knownAt: options.knownAt,
    standardId: options.standardId,
  });
  const card = cards[0];
  if (!card) return csvLine([node.code, node.name, node.parentCode, day]);
  return csvLine([
    node.code,
    node.name,
    node.parentCode,
    day,
    card.standard.id,
    card.standard.version,
    card.total,
    card.raw,
    card.applicableMax,
    card.passMark,
    card.passed,
    card.veto.vetoed,
    card.veto.incidents.map((h) => `${h.vetoId}:${h.kind}:${h.date}`).join(';'),
    card.awaitingData,
    card.gaps.map((g) => g.id).join(';'),
  ]);
}

async function nodeRow(queries: ScoringQueries, node: JurisdictionNode, options: SnapshotOptions): Promise<string> {
  const { day, standard, figures } = await queries.nodeFigures(node.code, {
    asOf: options.asOf,
    knownAt: options.knownAt,
    standardId: options.standardId,
  });
  if (!standard || !figures) return csvLine([node.code, node.name, node.parentCode, day]);
  return csvLine([
    node.code,
    node.name,
    node.parentCode,
    day,
    standard.id,
    standard.version,
    figures.communities,
    figures.scored,
    figures.meanTotal,
    figures.passed,
    figures.vetoed,
    figures.passRate,
    figures.gaps
      .slice(0, 5)
      .map((g) => `${g.indicator}:${g.communities}`)
      .join(';'),
  ]);
}
