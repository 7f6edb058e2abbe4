/**
 * A bulletin as an Excel workbook: 概况, 排名, 红黑榜, 超期未结, 督办. Deterministic (platform/xlsx.ts):
 * the same content gives the same bytes.
 */
import { renderXlsx as workbook, type Sheet } from '../platform/xlsx.ts';
import { KIND_ZH, type BulletinContent } from './bulletin-content.ts';

const v = (x: number | null) => (x === null ? '—' : x);
const sheet = (name: string, heading: string[], columns: [string, number][], rows: (string | number)[][]): Sheet =>
  ({ name, heading, columns: columns.map(([header, width]) => ({ header, width })), rows });

export async function renderXlsx(c: BulletinContent): Promise<Buffer> {
  const head = [`${KIND_ZH[c.kind]} ${c.number.label}`, c.title, `统计期间 ${c.period.start} 至 ${c.period.end}`];
  const t = c.totals;
  const cases = (items: BulletinContent['overdue']['items']) => items.map((x) => [x.no, x.category, x.unit, x.level, x.days, x.supervision, x.status]);
  const cols: [string, number][] = [['案件编号', 18], ['类别', 16], ['单位', 14], ['层级', 8], ['超期天数', 10], ['督办', 8], ['现状', 24]];
  return workbook([
    sheet('概况', head, [['指标', 16], ['本期', 12], ['上期', 12], ['变化', 12]], [
      ['受理', t.current.received, t.previous.received, t.change.received],
      ['办结', t.current.closed, t.previous.closed, t.change.closed],
      ['按期结案率(%)', v(t.current.onTimeRate), v(t.previous.onTimeRate), v(t.change.onTimeRate)],
      ['满意率(%)', v(t.current.satisfaction), v(t.previous.satisfaction), v(t.change.satisfaction)],
      ['期末超期未结', t.current.overdue, t.previous.overdue, t.current.overdue - t.previous.overdue],
    ]),
    sheet('排名', [...head, c.tieRules.zh], [['名次', 8], ['单位', 16], ['区划代码', 16], ['受理', 8], ['到期', 8], ['办结', 8], ['按期办结', 10], ['按期结案率(%)', 14], ['较上期(百分点)', 14], ['评价', 8], ['满意率(%)', 12], ['期末超期', 10], ['红黑榜', 8]],
      c.units.map((u) => [u.rank ?? '不参评', u.name, u.code, u.received, u.due, u.closed, u.closedOnTime, v(u.onTimeRate), v(u.onTimeChange), u.ratings, v(u.satisfaction), u.overdue, u.list === 'red' ? '红榜' : u.list === 'black' ? '黑榜' : ''])),
    sheet('红黑榜', head, [['榜单', 8], ['单位', 16], ['原因', 60]],
      c.units.filter((u) => u.list).map((u) => [u.list === 'red' ? '红榜' : '黑榜', u.name, u.reasons.join('；')])),
    sheet('超期未结', [...head, `共 ${c.overdue.total} 件`], cols, cases(c.overdue.items)),
    sheet('督办', [...head, `共 ${c.supervised.total} 件`], cols, cases(c.supervised.items)),
    ...(c.indices ? [sheet('服务力指数', [...head, '党组织按党员平均服务力指数排名'], [['名次', 8], ['党组织', 24], ['所在村社', 14], ['党员数', 8], ['平均指数', 10], ['通过审核的走访', 14]],
      c.indices.branches.map((b) => [b.rank, b.name, b.unit, b.members, b.average, b.valuedLogs]))] : []),
  ]);
}
