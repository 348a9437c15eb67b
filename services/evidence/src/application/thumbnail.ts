import sharp from 'sharp';
import type { EvidenceMediaType } from '@chuangwen/contracts';

/** The longest side of a list thumbnail (px). */
export const THUMBNAIL_SIZE = 320;

/**
 * A JPEG thumbnail for lists, made with sharp: the photo turned upright by its EXIF orientation and
 * fitted inside 320 × 320. sharp's prebuilt libvips reads no HEVC (HEIC) and no PDF, so those get a
 * plain grey page-shaped image; the original stays one click away.
 */
export async function thumbnailOf(bytes: Buffer, type: EvidenceMediaType): Promise<Buffer> {
  if (type === 'image/jpeg' || type === 'image/png') {
    try {
      return await sharp(bytes, { failOn: 'none', limitInputPixels: 100_000_000 })
        .rotate()
        .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 80 })
        .toBuffer();
    } catch {
      // A truncated or odd image: the placeholder rather than an error in a list.
    }
  }
  return placeholder(type === 'application/pdf' ? '#c0392b' : '#7f8c8d');
}

async function placeholder(band: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="320"><rect width="240" height="320" fill="#ecf0f1"/><rect x="40" y="40" width="160" height="220" fill="#ffffff" stroke="#95a5a6" stroke-width="4"/><rect x="40" y="200" width="160" height="60" fill="${band}"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}
