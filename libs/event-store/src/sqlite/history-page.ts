import type { HistoryFields } from '../port';
import { assertHistoryFields } from '../history/history-fields';

/** A row of a history page as the page's JSON text holds it: position, type, version, data, recorded_at. */
export type HistoryRow = [number, string, number, unknown, string];

/**
 * The statement for one page of history, `(after, limit) → (text, count, last position)`: the page
 * as one UTF-8 JSON text `[[position,"type",version,data,"recordedAt"],…]` built by SQLite. The
 * stored data is JSON already, so the page costs one byte string instead of five values a row
 * turned into JS strings and joined (measured on the national log: a third of the reader's time).
 * With `fields`, the data of the listed types is cut down to the keys listed there, in SQLite, so
 * the consumer parses a third of the text. Rows are concatenated in the order the ordered subquery
 * yields them; `inPositionOrder` checks it.
 */
export function historyPageSql(fields: HistoryFields = {}): string {
  assertHistoryFields(fields);
  const page = 'FROM (SELECT position, type, version, data, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT ?)';
  const cases = Object.entries(fields).map(([type, { version, keys }]) => {
    const when = `type = '${type}'${version === undefined ? '' : ` AND version = ${version}`}`;
    return `WHEN ${when} THEN json_object(${keys.map((k) => `'${k}', data -> '$.${k}'`).join(', ')})`;
  });
  if (cases.length === 0) {
    // The data spliced in as it is stored (it is JSON text).
    const row = `'[' || position || ',' || json_quote(type) || ',' || version || ',' || data || ',' || json_quote(recorded_at) || ']'`;
    return `SELECT CAST('[' || coalesce(group_concat(${row}, ','), '') || ']' AS BLOB) AS text, count(*) AS n, max(position) AS last ${page}`;
  }
  // JSON values all through (a trimmed object, or the stored data read as JSON), so the array
  // functions embed rather than quote them: measured a fifth faster than splicing text with ||.
  const data = `CASE ${cases.join(' ')} ELSE json(data) END`;
  return `SELECT CAST(json_group_array(json_array(position, type, version, ${data}, recorded_at)) AS BLOB) AS text, count(*) AS n, max(position) AS last ${page}`;
}

/** The rows of a page, in position order (sorted if SQLite ever concatenated them otherwise). */
export function inPositionOrder(rows: HistoryRow[]): HistoryRow[] {
  for (let i = 1; i < rows.length; i++) if (rows[i - 1][0] > rows[i][0]) return rows.sort((a, b) => a[0] - b[0]);
  return rows;
}
