import { sniffMediaType } from './media-type';

const ftyp = (major: string, ...compatible: string[]) => {
  const size = 16 + 4 * compatible.length;
  const box = Buffer.alloc(size + 8);
  box.writeUInt32BE(size, 0);
  box.write('ftyp', 4, 'latin1');
  box.write(major, 8, 'latin1');
  compatible.forEach((b, i) => box.write(b, 16 + 4 * i, 'latin1'));
  return box;
};

describe('media type from the bytes', () => {
  it('recognises JPEG, PNG, PDF and HEIC by their signatures', () => {
    expect(sniffMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0, 0]))).toEqual({ type: 'image/jpeg' });
    expect(sniffMediaType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toEqual({
      type: 'image/png',
    });
    expect(sniffMediaType(Buffer.from('%PDF-1.7\n'))).toEqual({ type: 'application/pdf' });
    expect(sniffMediaType(ftyp('heic', 'mif1', 'heic'))).toEqual({ type: 'image/heic' });
    expect(sniffMediaType(ftyp('mif1', 'heic'))).toEqual({ type: 'image/heic' });
  });

  it('refuses everything else, saying what it looks like', () => {
    expect(sniffMediaType(Buffer.from('MZ\x90\x00', 'latin1'))).toEqual({
      refused: 'the file is a Windows executable (MZ)',
    });
    expect(sniffMediaType(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2]))).toEqual({
      refused: 'the file is an ELF executable',
    });
    expect(sniffMediaType(ftyp('isom', 'mp41'))).toEqual({
      refused: 'the file is an ISO media file of brand isom (not a HEIC image)',
    });
    expect(sniffMediaType(Buffer.alloc(0))).toEqual({ refused: 'the file is empty' });
    expect(sniffMediaType(Buffer.from('<html>'))).toEqual({ refused: 'the file is not a JPEG, PNG, HEIC or PDF' });
    expect(sniffMediaType(Buffer.from([0xff, 0xd8]))).toEqual({ refused: 'the file is not a JPEG, PNG, HEIC or PDF' });
  });
});
