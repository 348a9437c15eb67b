import { codeAncestors, levelOf, platformEventCatalog, TITLE_LEVELS, titleLevelRank } from '@chuangwen/contracts';
import type { JurisdictionLevel, JurisdictionRegistered, RecordedEvent, TitleConferred, TitleRemoved } from '@chuangwen/contracts';
import type { Projection, ReadDoc, UnitOfWork } from '@chuangwen/projections';

export const TITLE_COVERAGE = 'title_coverage';

/** Communities under a node, and how many hold a community title at each level or higher. */
export interface Coverage {
  communities: number;
  /** atLeast[i]: communities holding a title of level TITLE_LEVELS[i] or higher. */
  atLeast: number[];
}

export interface CoverageDoc extends ReadDoc, Coverage {
  code: string;
  level: JurisdictionLevel;
  /** A community's titles held now: title id → level rank. */
  held?: Record<string, number>;
  registered?: boolean;
  children?: Record<string, Coverage>;
}

const catalog = platformEventCatalog();
const laneOf = (type: string) => catalog.get(type)?.context ?? 'unknown';
const empty = (): Coverage => ({ communities: 0, atLeast: TITLE_LEVELS.map(() => 0) });

type Handled = JurisdictionRegistered | TitleConferred | TitleRemoved;

/**
 * Title coverage (seed 002 counts the share of communities holding a title): per community the
 * community titles it holds, rolled up to every ancestor by value (children map), so the share at
 * any level or higher can be read for a street, district, city or province.
 */
export const titleCoverageProjection: Projection = {
  name: 'awards.coverage',
  collections: [{ name: TITLE_COVERAGE }],
  handles: new Set(['JurisdictionRegistered', 'TitleConferred', 'TitleRemoved']),
  async apply(events, uow) {
    const touched = new Set<string>();
    for (const e of events as readonly RecordedEvent<Handled>[]) {
      if (e.type === 'JurisdictionRegistered' && e.data.level !== 'community') continue;
      if (e.type === 'TitleConferred' && e.data.holder.type !== 'community') continue;
      const code = e.type === 'JurisdictionRegistered' ? e.data.code : e.data.communityCode;
      const applied = await uow.update<CoverageDoc>(TITLE_COVERAGE, code, e, (doc) => {
        const d = doc ?? { _id: code, _pos: -1, code, level: 'community' as const, ...empty(), held: {} };
        const held = (d.held ??= {});
        if (e.type === 'JurisdictionRegistered') d.registered = true;
        else if (e.type === 'TitleConferred') held[e.data.titleId] = titleLevelRank(e.data.level);
        else delete held[e.data.titleId];
        const best = Math.max(-1, ...Object.values(held));
        d.communities = d.registered ? 1 : 0;
        d.atLeast = TITLE_LEVELS.map((_, i) => (best >= i ? 1 : 0));
        return d;
      }, laneOf(e.type));
      if (applied) touched.add(code);
    }
    for (const code of touched) await rollUp(uow, code);
  },
};

async function rollUp(uow: UnitOfWork, code: string): Promise<void> {
  const own = (await uow.get<CoverageDoc>(TITLE_COVERAGE, code))!;
  let child = code;
  let value: Coverage = { communities: own.communities, atLeast: [...own.atLeast] };
  for (const parent of codeAncestors(code).reverse()) {
    const node = (await uow.get<CoverageDoc>(TITLE_COVERAGE, parent)) ?? { _id: parent, _pos: -1, code: parent, level: levelOf(parent), ...empty(), children: {} };
    const children = { ...(node.children ?? {}) };
    const before = children[child];
    if (before && before.communities === value.communities && before.atLeast.every((n, i) => n === value.atLeast[i])) return;
    children[child] = value;
    const sum = Object.values(children).reduce((s, c) => ({ communities: s.communities + c.communities, atLeast: s.atLeast.map((n, i) => n + (c.atLeast[i] ?? 0)) }), empty());
    uow.put(TITLE_COVERAGE, { ...node, ...sum, children });
    child = parent;
    value = sum;
  }
}
