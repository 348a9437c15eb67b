import { codeAncestors, levelOf, platformEventCatalog, TITLE_LEVELS, titleLevelRank } from '@chuangwen/contracts';
import type {
  JurisdictionLevel,
  JurisdictionRegistered,
  RecordedEvent,
  TitleConferred,
  TitleRemoved,
} from '@chuangwen/contracts';
import { writeSharedTree } from '@chuangwen/projections';
import type { Projection, ReadDoc, SharedTree } from '@chuangwen/projections';

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
      await uow.update<CoverageDoc>(
        TITLE_COVERAGE,
        code,
        e,
        (doc) => {
          const d = doc ?? { _id: code, _pos: -1, code, level: 'community' as const, ...empty(), held: {} };
          const held = (d.held ??= {});
          if (e.type === 'JurisdictionRegistered') d.registered = true;
          else if (e.type === 'TitleConferred') held[e.data.titleId] = titleLevelRank(e.data.level);
          else delete held[e.data.titleId];
          const best = Math.max(-1, ...Object.values(held));
          d.communities = d.registered ? 1 : 0;
          d.atLeast = TITLE_LEVELS.map((_, i) => (best >= i ? 1 : 0));
          return d;
        },
        laneOf(e.type),
      );
      // Touched even when already applied: a unit cut short before its roll-up is completed now.
      touched.add(code);
    }
    // The communities stored first, then every ancestor from its children as stored (replicas share them).
    await uow.flush();
    await writeSharedTree(
      uow,
      COVERAGE_TREE,
      [...touched].map((id) => ({ collection: TITLE_COVERAGE, id, key: id })),
    );
  },
};

const coverage = (d: Coverage): Coverage => ({ communities: d.communities, atLeast: [...d.atLeast] });
const sameCoverage = (a: Coverage, b: Coverage) =>
  a.communities === b.communities &&
  a.atLeast.length === b.atLeast.length &&
  a.atLeast.every((n, i) => n === b.atLeast[i]);

/** Each node keeps its children's coverage and their sum, set from the children as stored. */
const COVERAGE_TREE: SharedTree<CoverageDoc> = {
  collection: TITLE_COVERAGE,
  parentOf: ({ id }) => codeAncestors(id).pop(),
  keyOf: (id) => id,
  fold(id, stored, found) {
    const node = stored ?? { _id: id, _pos: -1, code: id, level: levelOf(id), ...empty(), children: {} };
    const children = { ...(node.children ?? {}) };
    let changed = false;
    for (const { child, doc } of found) {
      const value = doc ? coverage(doc as CoverageDoc) : undefined;
      const before = children[child.key];
      if (value ? before && sameCoverage(before, value) : before === undefined) continue;
      changed = true;
      if (value) children[child.key] = value;
      else delete children[child.key];
    }
    if (!changed) return undefined;
    const sum = Object.values(children).reduce(
      (s, c) => ({
        communities: s.communities + c.communities,
        atLeast: s.atLeast.map((n, i) => n + (c.atLeast[i] ?? 0)),
      }),
      empty(),
    );
    return { ...node, ...sum, children };
  },
};
