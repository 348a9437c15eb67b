import type { EvidenceFlag, GeoPoint } from '@chuangwen/contracts';

/** Mean Earth radius (IUGG), for the great-circle distance. */
const EARTH_RADIUS_M = 6_371_008.8;

/** Haversine distance in metres between two WGS-84 points (ample for a tolerance of hundreds of metres). */
export function distanceMetres(a: GeoPoint, b: GeoPoint): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface FlagInput {
  readonly capturedAt: string | null;
  readonly location: GeoPoint | null;
  /** When the inspection the file is for started (its InspectionStarted was recorded), if it did. */
  readonly inspection?: { readonly inspectionId: string; readonly startedAt?: string };
  /** The community's centre point, if an office set one. */
  readonly communityLocation?: GeoPoint;
  readonly maxDistanceMetres: number;
}

/**
 * What is wrong, or cannot be checked, about where and when a file was captured: said on the
 * record, never silently accepted, never refused (the photo may still be the best evidence there is).
 */
export function evidenceFlags(input: FlagInput): EvidenceFlag[] {
  const flags: EvidenceFlag[] = [];
  const { capturedAt, location, inspection, communityLocation, maxDistanceMetres } = input;
  if (!capturedAt)
    flags.push({
      code: 'no_capture_time',
      message: 'neither the client nor the file (EXIF) says when it was captured',
    });
  if (inspection) {
    if (!inspection.startedAt) {
      flags.push({
        code: 'inspection_not_started',
        message: `inspection ${inspection.inspectionId} has not started: the capture time cannot be checked against it`,
      });
    } else if (capturedAt && Date.parse(capturedAt) < Date.parse(inspection.startedAt)) {
      flags.push({
        code: 'captured_before_inspection',
        message: `captured at ${capturedAt}, before inspection ${inspection.inspectionId} started (${inspection.startedAt})`,
      });
    }
  }
  if (!location) {
    flags.push({
      code: 'no_location',
      message: 'neither the client nor the file (EXIF GPS) says where it was captured',
    });
  } else if (!communityLocation) {
    flags.push({
      code: 'community_location_unknown',
      message:
        'the community has no centre point set (PUT /api/jurisdictions/{code}/location): the distance was not checked',
    });
  } else {
    const metres = Math.round(distanceMetres(location, communityLocation));
    if (metres > maxDistanceMetres) {
      flags.push({
        code: 'far_from_community',
        message: `captured ${metres} m from the community's centre point (tolerance ${maxDistanceMetres} m)`,
      });
    }
  }
  return flags;
}
