/**
 * A table as the office reads it: Chinese headers, typed columns. `date` cells hold a day
 * ('YYYY-MM-DD'), `percent` a share in [0, 1]; the writer makes them Excel dates and numbers.
 */
export type ColumnType = 'text' | 'number' | 'integer' | 'percent' | 'date';

export interface Column {
  readonly header: string;
  readonly key: string;
  readonly type: ColumnType;
  readonly width?: number;
}

export interface Table {
  /** The sheet's name (at most 31 characters, no []:*?/\). */
  readonly sheet: string;
  readonly columns: readonly Column[];
  readonly rows: Iterable<object> | AsyncIterable<object>;
}

export interface Workbook {
  /** The file name offered to the browser, ASCII. */
  readonly filename: string;
  /** What the figures are: shown on a first sheet 说明 (label, value). */
  readonly about: readonly [string, string][];
  readonly tables: readonly Table[];
}

export const col = (header: string, key: string, type: ColumnType = 'text', width?: number): Column => ({
  header,
  key,
  type,
  width,
});
