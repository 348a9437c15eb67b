import type { IncidentKind } from '../catalogs';
import type { NoIncidentRule } from '../types';
import { grade, incidentCause, type RuleCompiler } from './context';

/** Full points unless a confirmed incident of the given kinds happened inside the window. */
export const noIncident: RuleCompiler<NoIncidentRule> = (rule, _ind, env) => {
  const w = env.window(rule.within);
  const kinds = new Set<IncidentKind>(rule.incidentKinds);
  return (r, f, at) => {
    const incidents = f.incidents;
    grade(r, 1);
    if (!incidents) return;
    const start = at.starts[w];
    for (let i = 0; i < incidents.length; i++) {
      const x = incidents[i];
      if (x.status !== 'confirmed' || x.date > at.day || x.date < start || !kinds.has(x.kind)) continue;
      grade(r, 0);
      const more = r.cause ? `${r.cause}; ` : '';
      r.cause = `${more}${incidentCause(x)}`;
    }
  };
};
