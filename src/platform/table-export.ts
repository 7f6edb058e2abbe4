/**
 * A table the user can see, as a file: CSV (UTF-8 with a byte-order mark, so Excel on a Chinese Windows
 * reads it as UTF-8, CRLF lines, RFC 4180 quoting) or XLSX (platform/xlsx.ts). A CSV cell that starts
 * with = + - @ (or a tab/CR) gets a leading apostrophe: a spreadsheet would otherwise run it as a
 * formula (CSV injection — a villager's report title is text an attacker chooses).
 */
import type { FastifyReply } from 'fastify';
import { renderXlsx, type Sheet } from './xlsx.ts';

export type TableFormat = 'csv' | 'xlsx';
export type Cell = string | number | null;

export interface Table {
  /** the sheet's name and the file's (without extension) */
  name: string;
  heading: string[];
  columns: { header: string; width: number }[];
  rows: Cell[][];
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const safe = FORMULA_START.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(t: Pick<Table, 'columns' | 'rows'>): Buffer {
  const lines = [t.columns.map((c) => csvCell(c.header)).join(','), ...t.rows.map((r) => r.map(csvCell).join(','))];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function tableFile(t: Table, format: TableFormat): Promise<{ type: string; file: Buffer }> {
  if (format === 'csv') return { type: 'text/csv; charset=utf-8', file: toCsv(t) };
  const sheet: Sheet = { name: t.name.slice(0, 31), heading: t.heading, columns: t.columns, rows: t.rows.map((r) => r.map((c) => c ?? '')) };
  return { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', file: await renderXlsx([sheet]) };
}

/** Send a table as an attachment named in UTF-8 (RFC 5987) with an ASCII fallback. */
export async function sendTable(reply: FastifyReply, t: Table, format: TableFormat, asciiName: string): Promise<FastifyReply> {
  const f = await tableFile(t, format);
  return reply.type(f.type).header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="${asciiName}.${format}"; filename*=UTF-8''${encodeURIComponent(`${t.name}.${format}`)}`)
    .send(f.file);
}
