/**
 * Reading a village's household roster (CSV or XLSX, one row per person): 户号, 姓名, 与户主关系,
 * 身份证号, 手机, 网格, 地址, 标签 (标签 separated by 、 or ;). Pure parsing and checking — the
 * registry service writes. The first bad row stops it: 400 naming the row (as the spreadsheet numbers
 * it, the header being row 1) and the column, so the office fixes the file and sends it again.
 */
import ExcelJS from 'exceljs';
import { AppError } from '../platform/errors.ts';
import { normalisePhone } from '../platform/privacy.ts';
import { birthDateOf, normaliseIdNumber } from './id-numbers.ts';
import type { Relation } from './households.schema.ts';

export const COLUMNS = ['户号', '姓名', '与户主关系', '身份证号', '手机', '网格', '地址', '标签'] as const;
type Column = (typeof COLUMNS)[number];

/** What a 户口簿 writes for the relation, and a few common variants. */
const RELATION_WORDS: Record<string, Relation> = {
  户主: 'head', 本人: 'head', 配偶: 'spouse', 妻: 'spouse', 夫: 'spouse', 妻子: 'spouse', 丈夫: 'spouse',
  子: 'child', 女: 'child', 儿子: 'child', 女儿: 'child', 子女: 'child', 长子: 'child', 次子: 'child', 长女: 'child', 次女: 'child',
  父: 'parent', 母: 'parent', 父亲: 'parent', 母亲: 'parent', 父母: 'parent',
  孙子: 'grandchild', 孙女: 'grandchild', 外孙: 'grandchild', 外孙女: 'grandchild', 孙辈: 'grandchild', 其他: 'other', 儿媳: 'other', 女婿: 'other',
};

export interface RosterRow {
  row: number;
  householdNo: string;
  name: string;
  relation: Relation;
  idNumber: string | null;
  birthDate: string | null;
  phone: string | null;
  grid: string | null;
  address: string;
  tags: string[];
}

const bad = (row: number, column: Column, problemZh: string, problem: string) =>
  new AppError('HOUSEHOLD_IMPORT_INVALID', 400, `Row ${row}, column ${column}: ${problem}`, { row, column, field: column, problemZh, problem });

/** The cells of a CSV text (RFC 4180: quotes, doubled quotes, CRLF), a BOM dropped. */
export function csvCells(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [], cell = '', quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell); out.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); out.push(row); }
  return out;
}

/** The cells of the first sheet of an XLSX file, as text. */
export async function xlsxCells(data: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new AppError('HOUSEHOLD_IMPORT_INVALID', 400, 'Not a readable XLSX file', { row: 1, column: '文件', field: 'file', problemZh: '不是可读取的 Excel 文件', problem: 'not a readable XLSX file' });
  }
  const sheet = wb.worksheets[0];
  const out: string[][] = [];
  sheet?.eachRow({ includeEmpty: true }, (r, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= COLUMNS.length; c++) {
      const v = r.getCell(c).value;
      cells.push(v === null || v === undefined ? '' : typeof v === 'object' && 'text' in v ? String(v.text) : typeof v === 'object' && 'result' in v ? String(v.result ?? '') : String(v));
    }
    out[n - 1] = cells;
  });
  return Array.from(out, (r) => r ?? []);
}

/** Rows of a roster, checked; the first problem throws. */
export function readRoster(cells: string[][]): RosterRow[] {
  const header = (cells[0] ?? []).map((h) => h.trim());
  const at = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<Column, number>;
  for (const c of COLUMNS) if (at[c] < 0 && c !== '标签' && c !== '网格' && c !== '手机') throw bad(1, c, '缺少这一列', 'the column is missing');
  const rows: RosterRow[] = [];
  for (let i = 1; i < cells.length; i++) {
    const get = (c: Column) => (at[c] >= 0 ? (cells[i][at[c]] ?? '').trim() : '');
    if (COLUMNS.every((c) => !get(c))) continue; // a blank line
    const row = i + 1;
    const householdNo = get('户号');
    if (!householdNo) throw bad(row, '户号', '不能为空', 'must not be empty');
    const name = get('姓名');
    if (!name || name.length > 40) throw bad(row, '姓名', '不能为空，最多 40 字', 'must be 1–40 characters');
    const relation = RELATION_WORDS[get('与户主关系')];
    if (!relation) throw bad(row, '与户主关系', '应为 户主、配偶、子女、父母、孙辈 或 其他', 'must be 户主, 配偶, 子女, 父母, 孙辈 or 其他');
    let idNumber: string | null = null;
    if (get('身份证号')) {
      idNumber = normaliseIdNumber(get('身份证号'));
      if (!idNumber) throw new AppError('ID_NUMBER_INVALID', 400, `Row ${row}: not a valid ID number`, { row, column: '身份证号', field: '身份证号' });
    }
    let phone: string | null = null;
    if (get('手机')) {
      phone = normalisePhone(get('手机'));
      if (!phone) throw bad(row, '手机', '不是有效的手机号', 'not a mainland mobile number');
    }
    const address = get('地址');
    if (!address || address.length > 120) throw bad(row, '地址', '不能为空，最多 120 字', 'must be 1–120 characters');
    const grid = get('网格') || null;
    if (grid && !/^\d{1,3}$|^\d{15}$/.test(grid)) throw bad(row, '网格', '应为网格编号（如 1）或 15 位网格代码', 'must be the grid\'s serial (e.g. 1) or its 15-digit code');
    const tags = get('标签').split(/[、;；,，]/).map((t) => t.trim()).filter(Boolean);
    if (tags.some((t) => t.length > 12) || tags.length > 10) throw bad(row, '标签', '每户最多 10 个标签，每个最多 12 字', 'at most 10 tags of 12 characters');
    rows.push({ row, householdNo, name, relation, idNumber, birthDate: idNumber ? birthDateOf(idNumber) : null, phone, grid, address, tags });
  }
  if (!rows.length) throw bad(2, '户号', '文件中没有数据行', 'the file has no rows');
  return rows;
}
