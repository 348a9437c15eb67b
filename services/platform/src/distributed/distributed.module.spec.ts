import { projectionsOf } from './distributed.module';
import { SERVICE_NAMES, ServiceName } from './distributed.settings';

const names = (services: ServiceName[]) => projectionsOf(services).map((p) => p.name);

/** Every set of services one process may run (SERVICES=a,b,…): 2^n of them. */
const everyCombination = (): ServiceName[][] =>
  Array.from({ length: 2 ** SERVICE_NAMES.length }, (_, mask) => SERVICE_NAMES.filter((_, i) => mask & (1 << i)));

describe('projectionsOf', () => {
  it('keeps, for reports, the read models its queries read: the registry, scoring, inspections, volunteers, awards', () => {
    expect(names(['reports'])).toEqual([
      'jurisdictions',
      'scoring.activity-tallies',
      expect.stringMatching(/^scoring\.scorecards\.v\d+$/), // versioned: a new version rebuilds
      'inspections.lists',
      'inspections.rectification-counts',
      'inspections.standards',
      'volunteers.list',
      'volunteers.figures',
      'awards.nominations',
      'awards.coverage',
    ]);
  });

  it('runs no process manager nor another service’s inbox for reports (they act, where their commands run)', () => {
    expect(names(['reports'])).not.toContain('awards.title-removal');
    expect(names(['reports']).some((n) => n.startsWith('notifications.'))).toBe(false);
    expect(names(['awards', 'reports'])).toContain('awards.title-removal');
  });

  it('registers each projection once in any process, whatever services it combines', () => {
    for (const services of everyCombination()) {
      const list = names(services);
      expect({ services, duplicates: list.filter((n, i) => list.indexOf(n) !== i) }).toEqual({
        services,
        duplicates: [],
      });
    }
  });

  it('gives one process what its services give apart, the registry first (scoring,reports: scoring’s set)', () => {
    for (const services of everyCombination().filter((s) => s.length > 1)) {
      const union = new Set(services.flatMap((s) => names([s])));
      expect(new Set(names(services))).toEqual(union);
      if (union.size > 0) expect(names(services)[0]).toBe('jurisdictions');
    }
    expect(names(['scoring', 'reports'])).toEqual(names(['reports']));
  });

  it('keeps nothing for the relay alone', () => {
    expect(projectionsOf(['relay'])).toEqual([]);
  });
});
