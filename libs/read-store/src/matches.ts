import type { FieldCondition, Filter, Scalar } from './port';

/** Whether a document satisfies a filter, in memory — the same semantics every adapter implements. */
export function matches(doc: Record<string, unknown>, filter: Filter): boolean {
  for (const [field, cond] of Object.entries(filter))
    if (!fieldMatches(doc[field] as Scalar | undefined, cond)) return false;
  return true;
}

function fieldMatches(value: Scalar | undefined, cond: FieldCondition): boolean {
  if (cond === null) return value === null || value === undefined;
  if (typeof cond !== 'object') return value === cond;
  if ('$in' in cond) return (cond.$in as Scalar[]).includes(value ?? null);
  if (value === undefined || value === null) return false;
  const c = cond as { $gt?: Scalar; $gte?: Scalar; $lt?: Scalar; $lte?: Scalar };
  if (c.$gt !== undefined && c.$gt !== null && !(value > c.$gt)) return false;
  if (c.$gte !== undefined && c.$gte !== null && !(value >= c.$gte)) return false;
  if (c.$lt !== undefined && c.$lt !== null && !(value < c.$lt)) return false;
  if (c.$lte !== undefined && c.$lte !== null && !(value <= c.$lte)) return false;
  return true;
}
