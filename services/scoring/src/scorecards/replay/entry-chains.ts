/**
 * JSON text entries of many members (communities), appended in log order and read back per member
 * as one JSON array, kept off the JS heap: an arena of byte chunks holding, for each member, a
 * chain of blocks (each pointing back to the member's previous one) whose entries sit side by side,
 * comma-separated. A national replay holds ten million fact-log entries at once; as JS values the
 * garbage collector would mark them again and again for the whole fold (measured: most of its
 * time), and blocks rather than single entries make reading a member back a few jumps, not one per
 * entry.
 */
export class EntryChains {
  private readonly chunks: Buffer[] = [];
  private chunk: Buffer = Buffer.allocUnsafe(0);
  private offset = 0;
  /** Address of each member's last block, -1 for none. */
  private heads = new Float64Array(1024).fill(-1);
  private members = 0;
  private scratch = Buffer.allocUnsafe(1 << 16);

  constructor(private readonly chunkBytes = 64 * 2 ** 20) {}

  /** A new member with no entries; returns its number. */
  add(): number {
    if (this.members === this.heads.length) {
      const grown = new Float64Array(this.heads.length * 2).fill(-1);
      grown.set(this.heads);
      this.heads = grown;
    }
    return this.members++;
  }

  get size(): number {
    return this.members;
  }

  append(member: number, text: string): void {
    let address = this.heads[member];
    let chunk: Buffer = this.chunk;
    let at = 0;
    let used = 0;
    let capacity = 0;
    if (address >= 0) {
      chunk = this.chunks[Math.floor(address / this.chunkBytes)];
      at = address % this.chunkBytes;
      used = chunk.readUInt32LE(at + 8);
      capacity = chunk.readUInt32LE(at + 12);
    }
    // A UTF-8 character takes at most three bytes per UTF-16 unit; the exact count only when it matters.
    const fits = (n: number) => used + n + 1 <= capacity;
    if (address < 0 || (!fits(text.length * 3) && !fits(Buffer.byteLength(text)))) {
      const bytes = Buffer.byteLength(text) + 1;
      capacity = Math.max(bytes, address < 0 ? FIRST_BLOCK : Math.min(capacity * 2, LARGEST_BLOCK));
      const block = this.allocate(HEADER + capacity);
      chunk = this.chunk;
      at = block;
      chunk.writeDoubleLE(address, at);
      chunk.writeUInt32LE(capacity, at + 12);
      used = 0;
      address = (this.chunks.length - 1) * this.chunkBytes + at;
      this.heads[member] = address;
    }
    let n = at + HEADER + used;
    if (used > 0) chunk[n++] = COMMA;
    n += chunk.write(text, n, 'utf8');
    chunk.writeUInt32LE(n - at - HEADER, at + 8);
  }

  /** The member's entries, oldest first, as a JSON array: `[entry,entry,…]`. */
  json(member: number): string {
    const blocks: number[] = [];
    let bytes = 1;
    for (let a = this.heads[member]; a >= 0;) {
      blocks.push(a);
      const chunk = this.chunks[Math.floor(a / this.chunkBytes)];
      const at = a % this.chunkBytes;
      bytes += chunk.readUInt32LE(at + 8) + 1;
      a = chunk.readDoubleLE(at);
    }
    // Copied into one buffer and decoded once: one string per member.
    if (this.scratch.length < bytes + 1)
      this.scratch = Buffer.allocUnsafe(Math.max(bytes + 1, this.scratch.length * 2));
    const out = this.scratch;
    let n = 0;
    out[n++] = 0x5b; // [
    for (let i = blocks.length - 1; i >= 0; i--) {
      const chunk = this.chunks[Math.floor(blocks[i] / this.chunkBytes)];
      const at = blocks[i] % this.chunkBytes;
      n += chunk.copy(out, n, at + HEADER, at + HEADER + chunk.readUInt32LE(at + 8));
      if (i > 0) out[n++] = COMMA;
    }
    out[n++] = 0x5d; // ]
    return out.toString('utf8', 0, n);
  }

  /** Room at the end of the arena; returns its offset in the current chunk. */
  private allocate(bytes: number): number {
    if (this.offset + bytes > this.chunk.length) {
      if (bytes > this.chunkBytes) throw new Error(`entry of ${bytes} bytes is larger than a chunk`);
      this.chunk = Buffer.from(new SharedArrayBuffer(this.chunkBytes));
      this.chunks.push(this.chunk);
      this.offset = 0;
    }
    const at = this.offset;
    this.offset += bytes;
    return at;
  }
}

/** A block: [previous block's address: float64][bytes used: uint32][capacity: uint32], then entries. */
const HEADER = 16;
const FIRST_BLOCK = 96;
const LARGEST_BLOCK = 4096;
const COMMA = 0x2c;
