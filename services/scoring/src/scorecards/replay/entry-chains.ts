/**
 * Text entries of many members (communities), appended in log order and read back per member, kept
 * off the JS heap: one arena of byte chunks where each entry points back to its member's previous
 * one. A national replay holds ten million fact-log entries at once; as JS values the garbage
 * collector would mark them again and again for the whole fold (measured: most of its time).
 */
export class EntryChains {
  private readonly chunks: Buffer[] = [];
  private chunk = Buffer.allocUnsafe(0);
  private offset = 0;
  /** Address of each member's last entry, -1 for none. */
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
    // An entry is [previous address: float64][byte length: uint32][UTF-8 text]; a UTF-8 character
    // takes at most three bytes per UTF-16 unit.
    const room = HEADER + text.length * 3;
    if (this.offset + room > this.chunk.length) this.newChunk(room);
    const at = this.offset;
    const bytes = this.chunk.write(text, at + HEADER, 'utf8');
    this.chunk.writeDoubleLE(this.heads[member], at);
    this.chunk.writeUInt32LE(bytes, at + 8);
    this.heads[member] = (this.chunks.length - 1) * this.chunkBytes + at;
    this.offset = at + HEADER + bytes;
  }

  /** The member's entries, oldest first, as a JSON array: `[entry,entry,…]` (each entry JSON text). */
  json(member: number): string {
    const addresses: number[] = [];
    let bytes = 2;
    for (let a = this.heads[member]; a >= 0; ) {
      addresses.push(a);
      const chunk = this.chunks[Math.floor(a / this.chunkBytes)];
      const at = a % this.chunkBytes;
      bytes += chunk.readUInt32LE(at + 8) + 1;
      a = chunk.readDoubleLE(at);
    }
    // Copied into one buffer and decoded once: one string per member, not one per entry.
    if (this.scratch.length < bytes) this.scratch = Buffer.allocUnsafe(Math.max(bytes, this.scratch.length * 2));
    const out = this.scratch;
    let n = 0;
    out[n++] = 0x5b; // [
    for (let i = addresses.length - 1; i >= 0; i--) {
      const chunk = this.chunks[Math.floor(addresses[i] / this.chunkBytes)];
      const at = addresses[i] % this.chunkBytes;
      n += chunk.copy(out, n, at + HEADER, at + HEADER + chunk.readUInt32LE(at + 8));
      if (i > 0) out[n++] = 0x2c; // ,
    }
    out[n++] = 0x5d; // ]
    return out.toString('utf8', 0, n);
  }

  private newChunk(room: number): void {
    if (room > this.chunkBytes) throw new Error(`entry of ${room} bytes is larger than a chunk`);
    this.chunk = Buffer.allocUnsafe(this.chunkBytes);
    this.chunks.push(this.chunk);
    this.offset = 0;
  }
}

const HEADER = 12;
