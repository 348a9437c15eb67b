import {
  codePrefix,
  codeRange,
  COUNTRY_CODE,
  isJurisdictionCode,
  JURISDICTION_LEVELS,
  levelOf,
} from '@chuangwen/contracts';
import type {
  JurisdictionKind,
  JurisdictionLevel,
  JurisdictionLookup,
  JurisdictionSummary,
} from '@chuangwen/contracts';
import type { Filter, ReadStore } from '@chuangwen/read-store';
import { JURISDICTIONS_COLLECTION, type JurisdictionDoc } from './registry-projection';

export interface JurisdictionNode extends JurisdictionSummary {
  /** From the country down to the parent. */
  readonly ancestors: readonly string[];
  readonly kind?: JurisdictionKind;
}

export interface JurisdictionWithChildren extends JurisdictionNode {
  /** Registered children, by code. */
  readonly children: JurisdictionNode[];
}

/** The root is not an event: it is implied by every province's parentCode. */
export const COUNTRY_NODE: JurisdictionNode = {
  code: COUNTRY_CODE,
  name: '中华人民共和国',
  level: 'country',
  parentCode: null,
  ancestors: [],
};

const byCode = { sort: { code: 1 as const } };

const depth = (level: JurisdictionLevel) => JURISDICTION_LEVELS.indexOf(level);

function toNode(doc: JurisdictionDoc): JurisdictionNode {
  const node = {
    code: doc.code,
    name: doc.name,
    level: doc.level,
    parentCode: doc.parentCode,
    ancestors: doc.ancestors,
  };
  return doc.kind ? { ...node, kind: doc.kind } : node;
}

/** Queries over the registry projection's collection. Unknown or malformed codes yield undefined/false/[]. */
export class JurisdictionRegistry implements JurisdictionLookup {
  constructor(private readonly store: ReadStore) {}

  async node(code: string): Promise<JurisdictionNode | undefined> {
    if (code === COUNTRY_CODE) return COUNTRY_NODE;
    if (!isJurisdictionCode(code)) return undefined;
    const doc = await this.store.get<JurisdictionDoc>(JURISDICTIONS_COLLECTION, code);
    return doc && toNode(doc);
  }

  /** The node with its children; the country's children are the registered provinces. */
  async get(code: string): Promise<JurisdictionWithChildren | undefined> {
    const node = await this.node(code);
    if (!node) return undefined;
    const children = await this.store.find<JurisdictionDoc>(JURISDICTIONS_COLLECTION, { parentCode: code }, byCode);
    return { ...node, children: children.map(toNode) };
  }

  /** JurisdictionLookup, for services that only need to know a code exists and what it is. */
  async find(code: string): Promise<JurisdictionSummary | undefined> {
    const node = await this.node(code);
    return node && { code: node.code, name: node.name, level: node.level, parentCode: node.parentCode };
  }

  /** Country first, parent last (a breadcrumb); undefined for an unknown code. */
  async ancestors(code: string): Promise<JurisdictionNode[] | undefined> {
    const node = await this.node(code);
    if (!node) return undefined;
    const codes = node.ancestors.filter((c) => c !== COUNTRY_CODE);
    const docs = new Map(
      (await this.store.getMany<JurisdictionDoc>(JURISDICTIONS_COLLECTION, codes)).map((d) => [d.code, toNode(d)]),
    );
    return node.ancestors.flatMap((c) => (c === COUNTRY_CODE ? [COUNTRY_NODE] : (docs.get(c) ?? [])));
  }

  /** A registered committee (社区居委会 or 村委会: `kind` tells which). */
  async isCommunity(code: string): Promise<boolean> {
    return (await this.node(code))?.level === 'community';
  }

  /** Registered nodes at `level` below `code`, by code; page large answers (the country has 620k committees). */
  async descendantsAtLevel(
    code: string,
    level: JurisdictionLevel,
    page: { limit?: number; skip?: number } = {},
  ): Promise<JurisdictionNode[]> {
    const filter = this.below(code, level);
    return filter
      ? (await this.store.find<JurisdictionDoc>(JURISDICTIONS_COLLECTION, filter, { ...byCode, ...page })).map(toNode)
      : [];
  }

  async countAtLevel(code: string, level: JurisdictionLevel): Promise<number> {
    const filter = this.below(code, level);
    return filter ? this.store.count(JURISDICTIONS_COLLECTION, filter) : 0;
  }

  /** Codes nest, so a subtree is a code range (see JurisdictionDoc); ':' is the character after '9'. */
  private below(code: string, level: JurisdictionLevel): Filter | undefined {
    if (!isJurisdictionCode(code) || depth(level) <= depth(levelOf(code))) return undefined;
    const prefix = codePrefix(code);
    return prefix ? { level, code: codeRange(prefix) } : { level };
  }
}
