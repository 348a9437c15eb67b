import type { IncidentKind } from './catalogs';
import { addPeriod } from './dates';
import type { CommunityFacts } from './facts';
import type { At } from './rules';
import { incidentCause } from './rules/context';
import type { VetoHit, VetoResult } from './scorecard';
import type { VetoCondition } from './types';

export interface CompiledVeto {
  def: VetoCondition;
  kinds: ReadonlySet<IncidentKind>;
  /** Index of the look-back window in At.starts. */
  w: number;
}

const NONE: VetoHit[] = Object.freeze([]) as unknown as VetoHit[];
/** Shared by every community without incidents: nothing to allocate. Treat as read-only. */
export const NO_VETO: VetoResult = Object.freeze({ vetoed: false, incidents: NONE, pending: NONE }) as VetoResult;

/** 一票否决: a confirmed incident of a veto's kinds dated inside its look-back window. */
export function evaluateVetoes(vetoes: readonly CompiledVeto[], f: CommunityFacts, at: At): VetoResult {
  const incidents = f.incidents;
  if (!incidents || incidents.length === 0 || vetoes.length === 0) return NO_VETO;
  let hits: VetoHit[] | undefined;
  let pending: VetoHit[] | undefined;
  let until: string | undefined;
  for (const x of incidents) {
    if (x.status === 'dismissed' || x.date > at.day) continue;
    for (const v of vetoes) {
      if (!v.kinds.has(x.kind) || x.date < at.starts[v.w]) continue;
      const hit: VetoHit = {
        vetoId: v.def.id,
        title: v.def.title,
        cause: incidentCause(x),
        kind: x.kind,
        date: x.date,
        until: addPeriod(x.date, v.def.lookBack, 1),
      };
      if (x.ref) hit.ref = x.ref;
      if (x.status === 'confirmed') {
        (hits ??= []).push(hit);
        if (!until || hit.until > until) until = hit.until;
      } else (pending ??= []).push(hit);
    }
  }
  if (!hits && !pending) return NO_VETO;
  const result: VetoResult = { vetoed: !!hits, incidents: hits ?? NONE, pending: pending ?? NONE };
  if (until) result.until = until;
  return result;
}
