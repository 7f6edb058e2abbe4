/**
 * A bulletin as an Excel workbook (exceljs): 概况, 排名, 红黑榜, 超期督办. Deterministic — the workbook's
 * dates are fixed and every zip entry's time rewritten — so the same content gives the same bytes (the
 * credit module's extracts do the same; modules do not import each other's internals, hence the copy).
 */
import ExcelJS from 'exceljs';
import { KIND_ZH, type BulletinContent } from './bulletin-content.ts';

const FIXED = new Date(Date.UTC(2000, 0, 1));
const v = (x: number | null) => (x === null ? '—' : x);

export async function renderXlsx(c: BulletinContent): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Village Brain 乡村大脑';
  wb.lastModifiedBy = wb.creator;
  wb.created = FIXED;
  wb.modified = FIXED;
  const sheet = (name: string, heading: string[], columns: [string, number][], rows: (string | number)[][]) => {
    const ws = wb.addWorksheet(name);
    for (const line of heading) ws.addRow([line]).font = { bold: true };
    ws.addRow([]);
    ws.addRow(columns.map(([h]) => h)).font = { bold: true };
    columns.forEach(([, w], i) => { ws.getColumn(i + 1).width = w; });
    for (const r of rows) ws.addRow(r);
  };
  const head = [`${KIND_ZH[c.kind]} ${c.number.label}`, c.title, `统计期间 ${c.period.start} 至 ${c.period.end}`];
  const t = c.totals;
  sheet('概况', head, [['指标', 16], ['本期', 12], ['上期', 12], ['变化', 12]], [
    ['受理', t.current.received, t.previous.received, t.change.received],
    ['办结', t.current.closed, t.previous.closed, t.change.closed],
    ['按期结案率(%)', v(t.current.onTimeRate), v(t.previous.onTimeRate), v(t.change.onTimeRate)],
    ['满意率(%)', v(t.current.satisfaction), v(t.previous.satisfaction), v(t.change.satisfaction)],
    ['期末超期未结', t.current.overdue, t.previous.overdue, t.current.overdue - t.previous.overdue],
  ]);
  sheet('排名', [...head, c.tieRules.zh], [['名次', 8], ['单位', 16], ['区划代码', 16], ['受理', 8], ['到期', 8], ['办结', 8], ['按期办结', 10], ['按期结案率(%)', 14], ['较上期(百分点)', 14], ['评价', 8], ['满意率(%)', 12], ['期末超期', 10], ['红黑榜', 8]],
    c.units.map((u) => [u.rank ?? '不参评', u.name, u.code, u.received, u.due, u.closed, u.closedOnTime, v(u.onTimeRate), v(u.onTimeChange), u.ratings, v(u.satisfaction), u.overdue, u.list === 'red' ? '红榜' : u.list === 'black' ? '黑榜' : '']));
  sheet('红黑榜', head, [['榜单', 8], ['单位', 16], ['原因', 60]],
    c.units.filter((u) => u.list).map((u) => [u.list === 'red' ? '红榜' : '黑榜', u.name, u.reasons.join('；')]));
  const cases = (items: BulletinContent['overdue']['items']) => items.map((x) => [x.no, x.category, x.unit, x.level, x.days, x.supervision, x.status]);
  const cols: [string, number][] = [['案件编号', 18], ['类别', 16], ['单位', 14], ['层级', 8], ['超期天数', 10], ['督办', 8], ['现状', 24]];
  sheet('超期未结', [...head, `共 ${c.overdue.total} 件`], cols, cases(c.overdue.items));
  sheet('督办', [...head, `共 ${c.supervised.total} 件`], cols, cases(c.supervised.items));
  return fixZipTimes(Buffer.from(await wb.xlsx.writeBuffer()));
}

/** Rewrite every zip entry's DOS time and date (local headers and central directory) to 2000-01-01 00:00. */
function fixZipTimes(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  const dosDate = ((2000 - 1980) << 9) | (1 << 5) | 1;
  let eocd = out.length - 22;
  while (eocd >= 0 && out.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip archive');
  let at = out.readUInt32LE(eocd + 16);
  for (let i = out.readUInt16LE(eocd + 10); i > 0; i--) {
    out.writeUInt16LE(0, at + 12);
    out.writeUInt16LE(dosDate, at + 14);
    const local = out.readUInt32LE(at + 42);
    out.writeUInt16LE(0, local + 10);
    out.writeUInt16LE(dosDate, local + 12);
    at += 46 + out.readUInt16LE(at + 28) + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
  }
  return out;
}
