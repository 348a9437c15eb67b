import type { SerializedDoc } from './port';

/**
 * Serialized documents (as `SerializedDoc._json`) packed back to back in one UTF-8 buffer, all at
 * one position: what a rebuild hands over from another thread. The buffers are transferable, so a
 * batch moves between threads without a copy, and its texts never become strings on the way (a
 * national rebuild loads 1.5 GB of them).
 */
export interface PackedDocs {
  readonly ids: readonly string[];
  readonly pos: number;
  /** The texts; the i-th ends at `ends[i]` and starts where the one before ended (the first at 0). */
  readonly text: Uint8Array;
  readonly ends: Uint32Array;
}

export const isPacked = (docs: object): docs is PackedDocs => !Array.isArray(docs);

/** The buffers to transfer with a batch (see postMessage's transfer list). */
export const packedBuffers = (p: Pick<PackedDocs, 'text' | 'ends'>): ArrayBuffer[] => [
  p.text.buffer as ArrayBuffer,
  p.ends.buffer as ArrayBuffer,
];

/** The batch as serialized documents (for stores that parse each one anyway). */
export function* unpacked(p: PackedDocs): Generator<SerializedDoc> {
  const decoder = new TextDecoder();
  for (let i = 0, start = 0; i < p.ids.length; start = p.ends[i++]) {
    yield { _id: p.ids[i], _pos: p.pos, _json: decoder.decode(p.text.subarray(start, p.ends[i])) };
  }
}

/**
 * Collects documents' texts into a batch. Each buffer is its own (not from Buffer's shared pool),
 * so it can be transferred; a new one is sized to the last batch taken.
 */
export class DocPacker {
  private ids: string[] = [];
  private ends: number[] = [];
  private buffer: Buffer;
  private used = 0;

  constructor(private capacity = 64 * 1024) {
    this.buffer = Buffer.allocUnsafeSlow(capacity);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Adds a document: its id and its text (the document without `_id` and `_pos`). */
  add(id: string, json: string): void {
    this.reserve(json.length * 3); // at most 3 bytes of UTF-8 per UTF-16 unit
    this.used += this.buffer.write(json, this.used);
    this.ids.push(id);
    this.ends.push(this.used);
  }

  /** The documents added since the last take, at position `pos` (-1: the caller sets it later). */
  take(pos = -1): PackedDocs {
    const packed: PackedDocs = {
      ids: this.ids,
      pos,
      text: this.buffer.subarray(0, this.used),
      ends: Uint32Array.from(this.ends),
    };
    this.capacity = Math.max(this.capacity, this.used + (this.used >> 2));
    this.ids = [];
    this.ends = [];
    this.buffer = Buffer.allocUnsafeSlow(this.capacity);
    this.used = 0;
    return packed;
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.used + bytes));
    this.buffer.copy(grown, 0, 0, this.used);
    this.buffer = grown;
  }
}
