import mongoose, { type Connection, type mongo } from 'mongoose';
import { assertHash, assertSha256, EvidenceStat, EvidenceStore } from '../port';

export interface GridFsEvidenceStoreOptions {
  readonly dbName?: string;
  readonly bucketName?: string;
  readonly serverSelectionTimeoutMS?: number;
}

/**
 * MongoDB GridFS through the driver's GridFSBucket (distributed mode): one file per hash, named by
 * it, in the bucket `evidence` (collections `evidence.files`, `evidence.chunks`). FerretDB 1.24 runs
 * it as it is (checked: the bucket's indexes, binary chunks, a 700 kB round trip). The upload is
 * written chunks first and its files document last, so a reader never sees a file whose chunks are
 * missing; a crash mid-upload leaves orphan chunks, never a short file. Two uploads of the same new
 * bytes racing may both complete: the copies are identical and readers take the oldest.
 */
export class GridFsEvidenceStore implements EvidenceStore {
  private readonly conn: Connection;
  private readonly bucket: Promise<mongo.GridFSBucket>;

  constructor(
    url: string,
    private readonly options: GridFsEvidenceStoreOptions = {},
  ) {
    this.conn = mongoose.createConnection(url, {
      autoIndex: false,
      autoCreate: false,
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMS,
      ...(options.dbName ? { dbName: options.dbName } : {}),
    });
    this.bucket = this.conn
      .asPromise()
      .then((c) => new mongoose.mongo.GridFSBucket(c.db!, { bucketName: options.bucketName ?? 'evidence' }));
    this.bucket.catch(() => undefined); // reported by the first call
  }

  private async file(sha256: string): Promise<mongo.GridFSFile | undefined> {
    assertSha256(sha256);
    const [file] = await (
      await this.bucket
    )
      .find({ filename: sha256 }, { sort: { uploadDate: 1 }, limit: 1 })
      .toArray();
    return file;
  }

  async put(sha256: string, bytes: Buffer): Promise<{ created: boolean }> {
    assertHash(sha256, bytes);
    if (await this.file(sha256)) return { created: false };
    const bucket = await this.bucket;
    await new Promise<void>((resolve, reject) => {
      const upload = bucket.openUploadStream(sha256, { metadata: { sha256, size: bytes.length } });
      upload.once('finish', () => resolve()).once('error', reject);
      upload.end(bytes);
    });
    return { created: true };
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    const file = await this.file(sha256);
    if (!file) return undefined;
    const bucket = await this.bucket;
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      bucket
        .openDownloadStream(file._id)
        .on('data', (c: Buffer) => chunks.push(c))
        .once('end', resolve)
        .once('error', reject);
    });
    return Buffer.concat(chunks);
  }

  async exists(sha256: string): Promise<boolean> {
    return (await this.file(sha256)) !== undefined;
  }

  async stat(sha256: string): Promise<EvidenceStat | undefined> {
    const file = await this.file(sha256);
    return file ? { sha256, size: file.length } : undefined;
  }

  async health(): Promise<Record<string, unknown>> {
    const bucket = await this.bucket;
    await bucket.find({}, { limit: 1 }).toArray();
    return { bucket: this.options.bucketName ?? 'evidence' };
  }

  async close(): Promise<void> {
    await this.conn.close();
  }
}
