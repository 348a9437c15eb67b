import type { HistoryFields } from '../port';
import { assertHistoryFields } from '../history/history-fields';

/**
 * The `data` expression of a history page: for each listed type (and version), an object of the listed
 * keys only, built in the server, so the rest of the document never crosses the wire. Names are
 * checked plain (assertHistoryFields) before they go into the SQL text.
 */
export function historyDataSql(fields: HistoryFields | undefined): string {
  if (!fields || Object.keys(fields).length === 0) return 'data';
  assertHistoryFields(fields);
  const cases = Object.entries(fields).map(([type, { version, keys }]) => {
    const when = `type = '${type}'${version === undefined ? '' : ` AND version = ${version}`}`;
    const pairs = keys.map((k) => `'${k}', data -> '${k}'`).join(', ');
    return `WHEN ${when} THEN jsonb_build_object(${pairs})`;
  });
  return `CASE ${cases.join(' ')} ELSE data END`;
}
