/** "Report once": when a new report is the same problem as an open one. */
export interface DuplicatePolicy {
  /** Metres between the two points at most. */
  readonly radiusMetres: number;
  /** Hours between the open report's submission and the new one at most. */
  readonly windowHours: number;
}

export interface Candidate {
  readonly reportId: string;
  readonly communityCode: string;
  readonly category: string;
  readonly lat?: number;
  readonly long?: number;
  readonly addressString?: string;
  readonly submittedAt: string;
  /** Still open: not rejected, not closed (a duplicate itself is never an original). */
  readonly open: boolean;
  readonly duplicateOf?: string;
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance (haversine), metres. */
export function distanceMetres(a: { lat: number; long: number }, b: { lat: number; long: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLong = rad(b.long - a.long);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLong / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

const sameAddress = (a?: string, b?: string) => !!a && !!b && a.replace(/\s+/g, '') === b.replace(/\s+/g, '');

/**
 * The open report a new one duplicates, if any: same community and category, submitted within the
 * window before it, and at most `radiusMetres` away — or, without coordinates on either side, at
 * the same address written the same way. The nearest wins, then the oldest.
 */
export function findOriginal(
  report: Omit<Candidate, 'reportId' | 'open'>,
  open: readonly Candidate[],
  policy: DuplicatePolicy,
): Candidate | undefined {
  const at = Date.parse(report.submittedAt);
  const within = open
    .filter(
      (c) => c.open && !c.duplicateOf && c.communityCode === report.communityCode && c.category === report.category,
    )
    .filter((c) => {
      const age = at - Date.parse(c.submittedAt);
      return age >= 0 && age <= policy.windowHours * 3_600_000;
    })
    .map((c) => ({
      c,
      d:
        hasPoint(c) && hasPoint(report)
          ? distanceMetres(c, report)
          : sameAddress(c.addressString, report.addressString)
            ? 0
            : Infinity,
    }))
    .filter(({ d }) => d <= policy.radiusMetres)
    .sort((x, y) => x.d - y.d || x.c.submittedAt.localeCompare(y.c.submittedAt));
  return within[0]?.c;
}

const hasPoint = (p: { lat?: number; long?: number }): p is { lat: number; long: number } =>
  typeof p.lat === 'number' && typeof p.long === 'number';
