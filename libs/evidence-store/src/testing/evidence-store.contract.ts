import { randomBytes } from 'node:crypto';
import type { EvidenceStore } from '../port';
import { HashMismatchError, sha256Of } from '../port';

/**
 * The contract every EvidenceStore adapter passes, unchanged. `fresh` opens a store on a new, empty
 * location; `reopen` another instance on the same location (a restart).
 */
export interface EvidenceStoreHarness {
  fresh(): Promise<EvidenceStore>;
  reopen(): Promise<EvidenceStore>;
}

export function evidenceStoreContract(name: string, harness: () => EvidenceStoreHarness | undefined): void {
  describe(`EvidenceStore contract: ${name}`, () => {
    let h: EvidenceStoreHarness;
    let store: EvidenceStore;
    const opened: EvidenceStore[] = [];
    const open = async (how: 'fresh' | 'reopen') => {
      const s = await h[how]();
      opened.push(s);
      return s;
    };

    beforeEach(async () => {
      const found = harness();
      if (!found) throw new Error(`${name}: no harness`);
      h = found;
      store = await open('fresh');
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close().catch(() => undefined)));
    });

    it('stores bytes under their hash and gives them back exactly', async () => {
      const bytes = randomBytes(600_000); // more than two GridFS chunks
      const hash = sha256Of(bytes);
      expect(await store.put(hash, bytes)).toEqual({ created: true });
      const back = await store.get(hash);
      expect(back && sha256Of(back)).toBe(hash);
      expect(back?.equals(bytes)).toBe(true);
      expect(await store.stat(hash)).toEqual({ sha256: hash, size: bytes.length });
      expect(await store.exists(hash)).toBe(true);
    });

    it('an unknown hash: nothing, no error', async () => {
      const hash = sha256Of(Buffer.from('never stored'));
      expect(await store.get(hash)).toBeUndefined();
      expect(await store.stat(hash)).toBeUndefined();
      expect(await store.exists(hash)).toBe(false);
    });

    it('the same bytes twice: stored once, the first copy kept', async () => {
      const bytes = Buffer.from('the same photo, uploaded twice');
      const hash = sha256Of(bytes);
      expect(await store.put(hash, bytes)).toEqual({ created: true });
      expect(await store.put(hash, Buffer.from(bytes))).toEqual({ created: false });
      expect((await store.get(hash))?.equals(bytes)).toBe(true);
    });

    it('refuses bytes that do not match the hash, and stores nothing', async () => {
      const bytes = Buffer.from('what was sent');
      const claimed = sha256Of(Buffer.from('what was claimed'));
      await expect(store.put(claimed, bytes)).rejects.toBeInstanceOf(HashMismatchError);
      expect(await store.exists(claimed)).toBe(false);
    });

    it('refuses a key that is not a SHA-256 (no path or query injection)', async () => {
      await expect(store.get('../../etc/passwd')).rejects.toThrow(/SHA-256/);
      await expect(store.exists('A'.repeat(64))).rejects.toThrow(/SHA-256/);
    });

    it('reports itself healthy when it can store files', async () => {
      await expect(store.health()).resolves.toEqual(expect.any(Object));
    });

    it('an empty file is a file', async () => {
      const hash = sha256Of(Buffer.alloc(0));
      await store.put(hash, Buffer.alloc(0));
      expect((await store.get(hash))?.length).toBe(0);
      expect(await store.stat(hash)).toEqual({ sha256: hash, size: 0 });
    });

    it('what was stored is there after a restart', async () => {
      const bytes = randomBytes(1000);
      const hash = sha256Of(bytes);
      await store.put(hash, bytes);
      await store.close();
      const again = await open('reopen');
      expect((await again.get(hash))?.equals(bytes)).toBe(true);
      expect(await again.put(hash, bytes)).toEqual({ created: false });
    });

    it('concurrent puts of the same new bytes: one file, the right bytes', async () => {
      const bytes = randomBytes(300_000);
      const hash = sha256Of(bytes);
      const results = await Promise.all([store.put(hash, bytes), store.put(hash, bytes), store.put(hash, bytes)]);
      expect(results.some((r) => r.created)).toBe(true);
      expect((await store.get(hash))?.equals(bytes)).toBe(true);
    });
  });
}
