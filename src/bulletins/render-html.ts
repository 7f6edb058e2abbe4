/**
 * A bulletin as one printable HTML page (A4, Chinese official style: red title, issue number, tables),
 * which headless Chromium turns into the PDF. Everything comes from the content; text is escaped.
 */
import { KIND_ZH, type BulletinContent, type RankedUnit } from './bulletin-content.ts';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (v: number | null) => (v === null ? '—' : `${v}%`);
const signed = (v: number | null, unit = '') => (v === null ? '—' : `${v > 0 ? '+' : ''}${v}${unit}`);

const UNIT_WORD: Record<string, string> = { township: '村（社区）', district: '乡镇（街道）' };

function table(head: string[], rows: unknown[][]): string {
  if (rows.length === 0) return '<p class="none">无</p>';
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const unitRow = (u: RankedUnit) => [u.rank ?? '不参评', u.name, u.received, u.due, u.closed, pct(u.onTimeRate), signed(u.onTimeChange, '个百分点'), pct(u.satisfaction), u.overdue];

export function renderHtml(c: BulletinContent): string {
  const t = c.totals;
  const unit = UNIT_WORD[c.region.level] ?? '单位';
  const red = c.units.filter((u) => u.list === 'red');
  const black = c.units.filter((u) => u.list === 'black');
  const th = c.thresholds;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(c.title)}</title><style>
  @page { size: A4; margin: 18mm 16mm; }
  body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; font-size: 11pt; color: #111; }
  h1 { color: #c00; text-align: center; font-size: 24pt; letter-spacing: 4pt; margin: 0 0 6pt; }
  .no { text-align: center; margin-bottom: 4pt; } hr { border: 0; border-top: 2px solid #c00; margin: 6pt 0 12pt; }
  h2 { font-size: 13pt; margin: 14pt 0 6pt; } table { width: 100%; border-collapse: collapse; font-size: 9.5pt; }
  th, td { border: 1px solid #555; padding: 3pt 4pt; text-align: center; } th { background: #eee; }
  .red { color: #c00; } .black { color: #000; } .rule, .none { font-size: 9pt; color: #444; }
  </style></head><body>
  <h1>${esc(KIND_ZH[c.kind])}</h1>
  <div class="no">${esc(c.number.label)}</div><hr>
  <p><b>${esc(c.title)}</b></p>
  <p>统计期间：${esc(c.period.start)} 至 ${esc(c.period.end)}。本期受理 ${t.current.received} 件（较上期 ${signed(t.change.received)}），办结 ${t.current.closed} 件（${signed(t.change.closed)}），按期结案率 ${pct(t.current.onTimeRate)}（${signed(t.change.onTimeRate, '个百分点')}），满意率 ${pct(t.current.satisfaction)}（${signed(t.change.satisfaction, '个百分点')}），期末超期未结 ${t.current.overdue} 件。</p>
  <h2>一、${esc(unit)}排名</h2>
  ${table(['名次', unit, '受理', '到期', '办结', '按期结案率', '较上期', '满意率', '期末超期'], c.units.map(unitRow))}
  <p class="rule">${esc(c.tieRules.zh)}</p>
  <h2>二、红黑榜</h2>
  <p class="rule">公开标准：红榜——到期案件不少于 ${th.redMinDue} 件、按期结案率 ≥ ${th.redOnTime}%、满意率 ≥ ${th.redSatisfaction}%（无评价视同达标）且期末无超期；黑榜——按期结案率低于 ${th.blackOnTime}%，或期末超期未结 ≥ ${th.blackOverdue} 件，或评价不少于 ${th.blackMinRatings} 件时满意率低于 ${th.blackSatisfaction}%。同时符合两榜者只上黑榜。</p>
  <p class="red"><b>红榜：</b>${red.length ? red.map((u) => esc(u.name)).join('、') : '本期无'}</p>
  ${table(['黑榜', '原因'], black.map((u) => [u.name, u.reasons.join('；')]))}
  <h2>三、超期未结案件（共 ${c.overdue.total} 件${c.overdue.total > c.overdue.items.length ? `，列出前 ${c.overdue.items.length} 件` : ''}）</h2>
  ${table(['案件编号', '类别', unit, '层级', '超期天数', '督办', '现状'], c.overdue.items.map((x) => [x.no, x.category, x.unit, x.level, x.days, x.supervision, x.status]))}
  <h2>四、督办案件（共 ${c.supervised.total} 件）</h2>
  ${table(['案件编号', '类别', unit, '层级', '超期天数', '督办', '现状'], c.supervised.items.map((x) => [x.no, x.category, x.unit, x.level, x.days, x.supervision, x.status]))}
  ${c.indices ? `<h2>五、党组织服务力指数（按党员平均指数排名）</h2>
  ${table(['名次', '党组织', '所在村社', '党员数', '平均指数', '通过审核的走访'], c.indices.branches.map((b) => [b.rank, b.name, b.unit, b.members, b.average, b.valuedLogs]))}` : ''}
  <p class="rule">请排名靠后和上黑榜的单位认真分析原因，限期整改超期、督办案件。</p>
  </body></html>`;
}
