import type { EvidenceMediaType } from '@chuangwen/contracts';

/**
 * The type of a file from its first bytes (magic numbers), never from its name or the client's
 * Content-Type. Four signatures, so written out rather than a dependency (file-type is ESM-only):
 * JPEG `FF D8 FF`; PNG `89 50 4E 47 0D 0A 1A 0A`; PDF `%PDF-`; HEIC an ISO-BMFF `ftyp` box whose
 * major or a compatible brand is one of HEIF's image brands (ISO/IEC 23008-12).
 */
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs', 'mif1', 'msf1']);

export type Sniffed = { readonly type: EvidenceMediaType } | { readonly refused: string };

export function sniffMediaType(bytes: Uint8Array): Sniffed {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { type: 'image/jpeg' };
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return { type: 'image/png' };
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-') return { type: 'application/pdf' };
  if (isHeic(b)) return { type: 'image/heic' };
  return { refused: describe(b) };
}

function isHeic(b: Buffer): boolean {
  if (b.length < 16 || b.subarray(4, 8).toString('latin1') !== 'ftyp') return false;
  const boxSize = Math.min(b.readUInt32BE(0), b.length);
  if (boxSize < 16) return false;
  if (HEIC_BRANDS.has(b.subarray(8, 12).toString('latin1'))) return true;
  for (let at = 16; at + 4 <= boxSize; at += 4)
    if (HEIC_BRANDS.has(b.subarray(at, at + 4).toString('latin1'))) return true;
  return false;
}

/** What a refused file looks like, for the message. */
function describe(b: Buffer): string {
  if (b.length === 0) return 'the file is empty';
  if (b.length >= 2 && b[0] === 0x4d && b[1] === 0x5a) return 'the file is a Windows executable (MZ)';
  if (b.length >= 4 && b.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])))
    return 'the file is an ELF executable';
  if (b.length >= 4 && b.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004')
    return 'the file is a ZIP archive (or an Office document)';
  if (b.length >= 12 && b.subarray(4, 8).toString('latin1') === 'ftyp')
    return `the file is an ISO media file of brand ${b.subarray(8, 12).toString('latin1')} (not a HEIC image)`;
  return 'the file is not a JPEG, PNG, HEIC or PDF';
}
