import { loadShippedStandards } from '@chuangwen/scoring-engine';
import type { StandardPublished } from '@chuangwen/contracts';
import { decidePublish, evolveVersions, initialVersions, InvalidStandardError } from './standard-versions';

const gansu = loadShippedStandards().find((s) => s.id === 'gansu-civilized-community')!;
const publish = (document: unknown, publisher = '000000') => ({
  type: 'PublishStandard' as const,
  data: { document, publisher },
});

describe('publishing a standard', () => {
  const [first] = decidePublish(publish(gansu), initialVersions());
  const published = evolveVersions(initialVersions(), first as StandardPublished);

  it('publishes a valid standard as StandardPublished carrying the whole document', () => {
    expect(first.data).toMatchObject({
      standardId: gansu.id,
      version: gansu.version,
      issuingAuthority: '620000',
      effectiveFrom: gansu.effectiveFrom,
    });
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
    expect(() =>
      decidePublish(publish({ ...gansu, version: gansu.version + 1, effectiveFrom: '2016-01-01' }), published),
    ).toThrow(/take effect after/);
    const [next] = decidePublish(
      publish({ ...gansu, version: gansu.version + 1, effectiveFrom: '2026-01-01' }),
      published,
    );
    expect(next.data.version).toBe(gansu.version + 1);
  });
});

describe('a standard belongs to its issuer', () => {
  const yizhou = loadShippedStandards().find((s) => s.id === 'yizhou-community')!;
  const [first] = decidePublish(publish(yizhou, '371302'), initialVersions());
  const published = evolveVersions(initialVersions(), first as StandardPublished);
  const next = { ...yizhou, version: yizhou.version + 1, effectiveFrom: '2027-01-01' };

  it('is published first by an office at or above its issuing authority, and no other', () => {
    expect(yizhou.issuingAuthority).toBe('371302');
    expect(() => decidePublish(publish(yizhou, '321282'), initialVersions())).toThrow(
      expect.objectContaining({ kind: 'forbidden' }),
    );
    expect(decidePublish(publish(yizhou, '370000'), initialVersions())).toHaveLength(1);
  });

  it('refuses another office taking it over with a new version naming itself the issuer (403)', () => {
    expect(() => decidePublish(publish({ ...next, issuingAuthority: '321282' }, '321282'), published)).toThrow(
      expect.objectContaining({ kind: 'forbidden' }),
    );
    expect(() => decidePublish(publish(next, '321282'), published)).toThrow(
      expect.objectContaining({ kind: 'forbidden' }),
    );
  });

  it('keeps its issuer: even an office above may not move it to itself (409)', () => {
    expect(() => decidePublish(publish({ ...next, issuingAuthority: '370000' }, '370000'), published)).toThrow(
      expect.objectContaining({ kind: 'conflict', details: { field: 'issuingAuthority' } }),
    );
  });

  it('takes a new version from the issuer, or from an office above it', () => {
    expect(decidePublish(publish(next, '371302'), published)[0].data).toMatchObject({
      issuingAuthority: '371302',
      version: next.version,
    });
    expect(decidePublish(publish(next, '370000'), published)).toHaveLength(1);
  });
});
