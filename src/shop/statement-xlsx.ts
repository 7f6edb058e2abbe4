/**
 * The monthly shop statement as an XLSX workbook (exceljs) for the village accountant: one sheet, a
 * title, the columns of the console's table, a totals row. Built from the same `Statement` answer as
 * the JSON, so the two never disagree.
 */
import ExcelJS from 'exceljs';
import type { Statement } from './shop.contract.ts';

const HEAD = ['商品', '规格', '所需积分', '本月补货', '兑出件数', '兑出积分', '取消', '过期', '待领取', '月末库存'];

export async function statementXlsx(s: Statement): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Village Brain 乡村大脑';
  const ws = wb.addWorksheet(`${s.month} 对账`);
  ws.addRow([`${s.regionName} 积分超市 ${s.month} 月度对账`]).font = { bold: true, size: 14 };
  ws.addRow([]);
  ws.addRow(HEAD).font = { bold: true };
  for (const r of s.rows) ws.addRow([r.name, r.unit, r.price, r.restocked, r.redeemed, r.redeemedPoints, r.voided, r.expired, r.pending, r.closingStock]);
  ws.addRow([`合计（兑换 ${s.totals.orders} 单，${s.totals.households} 户）`, '', '', '', s.totals.redeemed, s.totals.redeemedPoints]).font = { bold: true };
  ws.columns.forEach((c, i) => { c.width = i === 0 ? 28 : 11; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
