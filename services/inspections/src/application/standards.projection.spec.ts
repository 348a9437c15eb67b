import type { StandardPublished } from '@chuangwen/contracts';
import { projectionSpec } from '@chuangwen/projections/testing';
import { inspectionStandardsProjection } from './standards.projection';
import { INSPECTION_STANDARDS } from './views';

/** A standard as published: the whole document, which scoring an inspection item reads. */
const document = (version: number, passMark: number) => ({
  id: 'gansu',
  version,
  title: '甘肃省文明社区测评细则',
  issuingAuthority: '620000',
  effectiveFrom: version === 1 ? '2024-01-01' : '2025-07-01',
  cycle: { from: '01-01', to: '12-31' },
  passMark,
  notApplicableByDeclaration: true,
  source: { title: '甘肃省文明社区测评体系', url: 'https://example.org/gansu' },
  categories: [
    { id: 'env', title: '环境卫生', indicators: [{ id: 'env.1', maxPoints: 5, method: 'field_inspection' }] },
  ],
  vetoes: [],
});
const published = (standardId: string, version: number, passMark: number): StandardPublished => ({
  type: 'StandardPublished',
  version: 1,
  data: {
    standardId,
    version,
    issuingAuthority: '620000',
    effectiveFrom: version === 1 ? '2024-01-01' : '2025-07-01',
    document: { ...document(version, passMark), id: standardId },
  },
});
const kept = (standardId: string, version: number, passMark: number) => ({
  _id: `${standardId}@${version}`,
  standardId,
  version,
  document: { ...document(version, passMark), id: standardId },
});
const spec = () => projectionSpec(inspectionStandardsProjection);

describe('inspection standards projection', () => {
  it('keeps a published standard by id and version, with its whole document', () =>
    spec()
      .given([])
      .when([published('gansu', 1, 80)])
      .then({ [INSPECTION_STANDARDS]: [kept('gansu', 1, 80)] }));

  it('keeps a new version beside the one in force before it, and other standards beside both', () =>
    spec()
      .given([published('gansu', 1, 80), published('national-2024', 1, 85)])
      .when([published('gansu', 2, 82)])
      .then({
        [INSPECTION_STANDARDS]: [kept('gansu', 1, 80), kept('gansu', 2, 82), kept('national-2024', 1, 85)],
      }));

  it('keeps one document per version however often its publication is delivered', () =>
    spec()
      .given([published('gansu', 1, 80)])
      .when([published('gansu', 2, 82)], { times: 3 })
      .then({ [INSPECTION_STANDARDS]: [kept('gansu', 1, 80), kept('gansu', 2, 82)] }));
});
