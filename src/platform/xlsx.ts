/**
 * Deterministic XLSX with exceljs, for every module's exports (credit extracts, dividends, bulletins,
 * queue and KPI exports): the same rows give the same bytes, so a file's SHA-256 can be
 * published and recomputed. exceljs stamps the workbook's creation time and JSZip each entry's time,
 * so the workbook's dates are fixed and every zip entry's DOS time is rewritten to that day (the CRC
 * covers the data only, so the archive stays valid).
 */
import ExcelJS from 'exceljs';

export interface Sheet {
  name: string;
  /** lines above the table: title, period, totals */
  heading: string[];
  columns: { header: string; width: number }[];
  rows: (string | number)[][];
}

/** 2000-01-01 00:00: a fixed stamp (DOS dates start in 1980; the file's meaning is in its rows). */
const FIXED = new Date(Date.UTC(2000, 0, 1));

export async function renderXlsx(sheets: Sheet[], creator = 'Village Brain 乡村大脑'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = creator;
  wb.lastModifiedBy = creator;
  wb.created = FIXED;
  wb.modified = FIXED;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const line of s.heading) ws.addRow([line]).font = { bold: true };
    if (s.heading.length) ws.addRow([]);
    const head = ws.addRow(s.columns.map((c) => c.header));
    head.font = { bold: true };
    s.columns.forEach((c, i) => { ws.getColumn(i + 1).width = c.width; });
    for (const r of s.rows) ws.addRow(r);
  }
  return fixZipTimes(Buffer.from(await wb.xlsx.writeBuffer()));
}

/** Rewrite every entry's DOS time and date (local headers and central directory) to 2000-01-01 00:00. */
export function fixZipTimes(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  const dosDate = ((2000 - 1980) << 9) | (1 << 5) | 1;
  let eocd = out.length - 22;
  while (eocd >= 0 && out.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip archive');
  const entries = out.readUInt16LE(eocd + 10);
  let at = out.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (out.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    out.writeUInt16LE(0, at + 12);
    out.writeUInt16LE(dosDate, at + 14);
    const local = out.readUInt32LE(at + 42);
    if (out.readUInt32LE(local) !== 0x04034b50) throw new Error('bad local header');
    out.writeUInt16LE(0, local + 10);
    out.writeUInt16LE(dosDate, local + 12);
    at += 46 + out.readUInt16LE(at + 28) + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
  }
  return out;
}

/** The rows of a file back (the tests read what the accountant would see). */
export async function readXlsxRows(file: Buffer, sheet = 1): Promise<(string | number | null)[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  const ws = wb.worksheets[sheet - 1];
  const rows: (string | number | null)[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => { rows.push((row.values as unknown[]).slice(1).map((v) => (v === undefined ? null : (v as string | number)))); });
  return rows;
}
