import { loadShippedStandards } from '@chuangwen/scoring-engine';
import type { StandardPublished } from '@chuangwen/contracts';
import { decidePublish, evolveVersions, initialVersions, InvalidStandardError } from './standard-versions';

const gansu = loadShippedStandards().find((s) => s.id === 'gansu-civilized-community')!;
const publish = (document: unknown) => ({ type: 'PublishStandard' as const, data: { document } });

describe('publishing a standard', () => {
  const [first] = decidePublish(publish(gansu), initialVersions());
  const published = evolveVersions(initialVersions(), first as StandardPublished);

  it('publishes a valid standard as StandardPublished carrying the whole document', () => {
    expect(first.data).toMatchObject({ standardId: gansu.id, version: gansu.version, issuingAuthority: '620000', effectiveFrom: gansu.effectiveFrom });
    expect(first.data.document).toEqual(gansu);
  });

  it('refuses an invalid document with each problem and its path', () => {
    try {
      decidePublish(publish({ ...gansu, passMark: 120, categories: [] }), initialVersions());
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidStandardError);
      expect((e as InvalidStandardError).errors.map((x) => x.path)).toEqual(expect.arrayContaining(['passMark']));
    }
  });

  it('never republishes a version, and a new version must start later', () => {
    expect(() => decidePublish(publish(gansu), published)).toThrow(/already published/);
    expect(() => decidePublish(publish({ ...gansu, version: gansu.version + 1, effectiveFrom: '2016-01-01' }), published)).toThrow(/take effect after/);
    const [next] = decidePublish(publish({ ...gansu, version: gansu.version + 1, effectiveFrom: '2026-01-01' }), published);
    expect(next.data.version).toBe(gansu.version + 1);
  });
});
