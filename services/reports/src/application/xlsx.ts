import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Column, Workbook } from '../domain/table';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const NUM_FMT: Record<Column['type'], string | undefined> = {
  text: undefined,
  number: '0.00',
  integer: '0',
  percent: '0.0%',
  date: 'yyyy-mm-dd',
};
const WIDTH: Record<Column['type'], number> = { text: 16, number: 10, integer: 9, percent: 10, date: 12 };

/** Offices print their tables: landscape A4, one page wide, the header row repeated on every page. */
const PRINT: Partial<ExcelJS.PageSetup> = {
  paperSize: 9,
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  printTitlesRow: '1:1',
};

/** A day as the Excel date of that calendar day (exceljs writes a Date's UTC day). */
const excelDate = (day: string) => new Date(`${day}T00:00:00Z`);

function cell(value: unknown, type: Column['type']): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return null;
  if (type === 'date')
    return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? excelDate(value.slice(0, 10)) : null;
  if (type === 'text') return String(value);
  return typeof value === 'number' && Number.isFinite(value)
    ? value
    : typeof value === 'boolean'
      ? Number(value)
      : null;
}

/**
 * Streams a workbook with exceljs's WorkbookWriter: each row is committed as it is written, so a
 * ranking of thousands of communities never sits in memory as a sheet. Row 1 of every table is its
 * header, bold and frozen (`views: frozen, ySplit 1`).
 */
export function xlsxStream(book: Workbook): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Chuangwen 创文';
  const write = async () => {
    const about = wb.addWorksheet('说明', { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: PRINT });
    about.columns = [
      { header: '项目', key: 'k', width: 14 },
      { header: '内容', key: 'v', width: 60 },
    ];
    about.getRow(1).font = { bold: true };
    for (const [k, v] of book.about) about.addRow({ k, v }).commit();
    about.commit();
    for (const table of book.tables) {
      const ws = wb.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: PRINT });
      ws.columns = table.columns.map((c) => ({
        header: c.header,
        key: c.key,
        width: c.width ?? Math.max(WIDTH[c.type], c.header.length * 2 + 2),
        style: NUM_FMT[c.type]
          ? { numFmt: NUM_FMT[c.type] }
          : (c.width ?? 0) >= 30
            ? { alignment: { wrapText: true, vertical: 'top' } }
            : {},
      }));
      ws.getRow(1).font = { bold: true };
      for await (const row of table.rows as AsyncIterable<Record<string, unknown>>) {
        ws.addRow(Object.fromEntries(table.columns.map((c) => [c.key, cell(row[c.key], c.type)]))).commit();
      }
      ws.commit();
    }
    await wb.commit();
  };
  write().catch((e) => out.destroy(e));
  return out;
}
