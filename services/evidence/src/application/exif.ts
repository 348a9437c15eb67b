import exifr from 'exifr';
import type { EvidenceMediaType, GeoPoint } from '@chuangwen/contracts';

export interface CaptureFacts {
  readonly capturedAt: string | null;
  readonly location: GeoPoint | null;
}

const NONE: CaptureFacts = { capturedAt: null, location: null };

/**
 * When and where a photo says it was taken (EXIF DateTimeOriginal and GPS, read with exifr). EXIF
 * keeps local time without a zone unless OffsetTimeOriginal is there; phones in China write China
 * time, so a time without an offset is read as +08:00 (and said so by the event's `capturedAtSource`).
 * A file without EXIF, or with EXIF that does not parse, says nothing: never an error.
 */
export async function captureFacts(bytes: Buffer, type: EvidenceMediaType): Promise<CaptureFacts> {
  if (type === 'application/pdf') return NONE;
  let tags: Record<string, unknown> | undefined;
  try {
    tags = await exifr.parse(bytes, {
      reviveValues: false,
      gps: true,
      tiff: true,
      exif: true,
      pick: [
        'DateTimeOriginal',
        'CreateDate',
        'OffsetTimeOriginal',
        'OffsetTime',
        'GPSLatitude',
        'GPSLongitude',
        'GPSLatitudeRef',
        'GPSLongitudeRef',
      ],
    });
  } catch {
    return NONE;
  }
  if (!tags) return NONE;
  return { capturedAt: instantOf(tags), location: pointOf(tags) };
}

function instantOf(tags: Record<string, unknown>): string | null {
  const raw = tags.DateTimeOriginal ?? tags.CreateDate;
  const m = typeof raw === 'string' ? /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(raw) : null;
  if (!m) return null;
  const offsetTag = tags.OffsetTimeOriginal ?? tags.OffsetTime;
  const offset = typeof offsetTag === 'string' && /^[+-]\d{2}:\d{2}$/.test(offsetTag) ? offsetTag : '+08:00';
  const text = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${offset}`;
  return Number.isNaN(Date.parse(text)) ? null : text;
}

function pointOf(tags: Record<string, unknown>): GeoPoint | null {
  const lat = tags.latitude;
  const lng = tags.longitude;
  if (typeof lat !== 'number' || typeof lng !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lng)) return null;
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180 || (lat === 0 && lng === 0)) return null;
  return { lat: Math.round(lat * 1e7) / 1e7, lng: Math.round(lng * 1e7) / 1e7 };
}
