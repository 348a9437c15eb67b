import { randomBytes } from 'node:crypto';
import { access, chmod, constants, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { assertHash, assertSha256, EvidenceStat, EvidenceStore } from '../port';

/**
 * Files under `<root>/<first two hex digits>/<sha256>` (the embedded default: DATA_DIR/evidence).
 * A put writes a temporary file in `<root>/tmp`, fsyncs it, renames it into place and fsyncs the
 * directory: a crash leaves either no file or the whole one, never a torn one. Stored files are made
 * read-only; two puts of the same bytes racing rename the same content over each other, harmlessly.
 */
export class FileEvidenceStore implements EvidenceStore {
  private readonly ready: Promise<void>;

  constructor(private readonly root: string) {
    this.ready = mkdir(join(root, 'tmp'), { recursive: true }).then(() => undefined);
  }

  private path(sha256: string): string {
    assertSha256(sha256);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(sha256: string, bytes: Buffer): Promise<{ created: boolean }> {
    assertHash(sha256, bytes);
    await this.ready;
    const target = this.path(sha256);
    if (await this.exists(sha256)) return { created: false };
    const dir = join(this.root, sha256.slice(0, 2));
    await mkdir(dir, { recursive: true });
    const temp = join(this.root, 'tmp', `${sha256}.${randomBytes(6).toString('hex')}`);
    const file = await open(temp, 'wx', 0o444);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    try {
      await rename(temp, target);
    } catch (e) {
      await unlink(temp).catch(() => undefined);
      throw e;
    }
    await chmod(target, 0o444).catch(() => undefined);
    await fsyncDir(dir);
    return { created: true };
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.path(sha256));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async exists(sha256: string): Promise<boolean> {
    return (await this.stat(sha256)) !== undefined;
  }

  async stat(sha256: string): Promise<EvidenceStat | undefined> {
    try {
      const s = await stat(this.path(sha256));
      return { sha256, size: s.size };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async health(): Promise<Record<string, unknown>> {
    await this.ready;
    await access(join(this.root, 'tmp'), constants.W_OK);
    return { root: this.root };
  }

  async close(): Promise<void> {
    await this.ready;
  }
}

/** The rename is durable once the directory entry is on disk. */
async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the file itself is already synced.
  } finally {
    await handle.close();
  }
}
