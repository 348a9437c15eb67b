import type { PackedDocs } from '../packed-docs';

/** A row of a read-model table: id, position, document text. */
export type BulkRow = [string, number, string];

/** The document's value in a bulk insert: a packed text is bound as bytes (a BLOB) and stored as the text it is. */
export const INSERTED_DOC = 'CAST(? AS TEXT)';

/**
 * Inserts rows, or a packed batch, with a prepared `INSERT … VALUES (?, ?, CAST(? AS TEXT))`.
 */
export function insertRows(
  insert: { run(...params: unknown[]): unknown },
  rows: readonly BulkRow[] | PackedDocs,
): void {
  if (Array.isArray(rows)) {
    for (const r of rows) insert.run(r[0], r[1], r[2]);
    return;
  }
  const { ids, pos, text, ends } = rows as PackedDocs;
  const bytes = Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  for (let i = 0, start = 0; i < ids.length; start = ends[i++]) insert.run(ids[i], pos, bytes.subarray(start, ends[i]));
}
