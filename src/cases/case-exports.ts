/**
 * Exports of what a staff member sees (issue 18, item 5): the case queue with its filters and the KPI
 * table as CSV/XLSX, and the cases in scope as GeoJSON for a GIS. Rows come from the same service calls
 * as the screens (`CasesService.list` — scope in SQL, each case presented as the caller may see it —
 * and `kpis`), so an export never shows more than the page does. No free text beyond the title and no
 * reporter: a file leaves the platform, so it carries what a table shows, not what a case holds.
 */
import type { Actor } from '../platform/access.ts';
import type { Cell, Table } from '../platform/table-export.ts';
import type { RegionsService } from '../regions/index.ts';
import type { UsersService } from '../people/index.ts';
import { levelLabel, ratingLabel, severityLabel, sourceLabel, stateLabel, type Lang } from './case-labels.ts';
import type { CaseView, KpiRow } from './cases.contract.ts';
import type { CasesService } from './cases.service.ts';
import type { CaseFilter } from './cases.repository.ts';
import type { KpiGroup } from './kpis.ts';

/** The most rows one export holds (the answer says when it stopped there: `x-export-truncated`). */
export const EXPORT_MAX_ROWS = 20_000;
const PAGE = 2_000;

export type QueueFilter = Omit<CaseFilter, 'scopes' | 'reporterId' | 'assignedTo' | 'limit' | 'offset'> & { mine?: boolean };

const shanghai = (iso: string | null | undefined) => (iso ? new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : null);
const minutes = (x: number | null) => (x === null ? null : Math.round(x));

const W = (zh: string, en: string, width: number) => ({ zh, en, width });
const QUEUE_COLUMNS = [
  W('编号', 'No.', 18), W('标题', 'Title', 30), W('类别', 'Category', 14), W('状态', 'State', 10), W('层级', 'Level', 8),
  W('来源', 'Source', 8), W('紧急程度', 'Severity', 8), W('所属村社', 'Village', 12), W('区划代码', 'Region code', 17),
  W('办理单位/人', 'Handled by', 16), W('上报时间', 'Reported', 17), W('办理期限', 'Deadline', 17), W('办结时间', 'Closed', 17),
  W('按期办结', 'On time', 8), W('评价', 'Rating', 10), W('督办', 'Supervision', 6), W('经度', 'Longitude', 11), W('纬度', 'Latitude', 11),
];

export class CaseExports {
  constructor(private cases: CasesService, private regions: RegionsService, private users: UsersService) {}

  /** The caller's queue, filtered as on the page, every page of it up to EXPORT_MAX_ROWS. */
  async queueRows(actor: Actor, f: QueueFilter): Promise<{ rows: CaseView[]; truncated: boolean }> {
    const rows: CaseView[] = [];
    for (let offset = 0; offset < EXPORT_MAX_ROWS; offset += PAGE) {
      const page = await this.cases.list(actor, { ...f, limit: Math.min(PAGE, EXPORT_MAX_ROWS - offset), offset });
      rows.push(...page);
      if (page.length < PAGE) return { rows, truncated: false };
    }
    const more = await this.cases.list(actor, { ...f, limit: 1, offset: EXPORT_MAX_ROWS });
    return { rows, truncated: more.length > 0 };
  }

  async queueTable(actor: Actor, f: QueueFilter, lang: Lang): Promise<{ table: Table; truncated: boolean }> {
    const { rows, truncated } = await this.queueRows(actor, f);
    const [categories, villages, names] = await Promise.all([
      this.categoryNames(lang),
      this.regions.names([...new Set(rows.map((r) => r.villageCode))]),
      this.users.namesOf(rows.flatMap((r) => [r.assigneeId, r.assignedOrgId]).filter((x): x is string => !!x)),
    ]);
    const zh = lang === 'zh';
    const cells = (r: CaseView): Cell[] => [
      r.no, r.title, r.categoryCode ? categories.get(r.categoryCode) ?? r.categoryCode : '', stateLabel(r.state, lang), levelLabel(r.level, lang),
      sourceLabel(r.source, lang), severityLabel(r.severity, lang), villages[r.villageCode] ?? r.villageCode, r.regionCode,
      [r.assignedOrgId, r.assigneeId].map((id) => (id ? names[id] : null)).filter(Boolean).join(' / '),
      shanghai(r.reportedAt), shanghai(r.deadline), shanghai(r.closedAt),
      r.closedOnTime === true ? (zh ? '是' : 'yes') : r.closedOnTime === false ? (zh ? '否' : 'no') : '',
      ratingLabel(r.rating, lang), r.supervision || null, r.lon, r.lat,
    ];
    return {
      truncated,
      table: {
        name: zh ? '事件列表' : 'cases',
        heading: [zh ? `事件列表（导出于 ${shanghai(new Date().toISOString())}，共 ${rows.length} 条）` : `Cases (exported ${shanghai(new Date().toISOString())}, ${rows.length} rows)`],
        columns: QUEUE_COLUMNS.map((c) => ({ header: zh ? c.zh : c.en, width: c.width })),
        rows: rows.map(cells),
      },
    };
  }

  async kpiTable(actor: Actor, q: { regionCode: string; from: Date; to: Date; groupBy: KpiGroup }, lang: Lang): Promise<Table> {
    const items = await this.cases.kpis(actor, q);
    const zh = lang === 'zh';
    const groups = items.map((r) => r.group).filter((g): g is string => !!g);
    const label = await this.groupLabels(q.groupBy, groups, lang);
    const [region] = Object.values(await this.regions.names([q.regionCode]));
    const cols = [
      W(q.groupBy === 'none' ? '范围' : '分组', q.groupBy === 'none' ? 'Scope' : 'Group', 16), W('受理', 'Received', 8), W('到期', 'Due', 8),
      W('办结', 'Closed', 8), W('按期办结', 'Closed on time', 10), W('结案率(%)', 'Close rate (%)', 11), W('按期结案率(%)', 'On-time rate (%)', 13),
      W('超期未结', 'Overdue open', 10), W('平均办理(分钟)', 'Mean handling (min)', 14), W('P90办理(分钟)', 'P90 handling (min)', 14),
      W('评价数', 'Ratings', 8), W('满意率(%)', 'Satisfaction (%)', 11), W('返工率(%)', 'Rework rate (%)', 11), W('首次响应(分钟)', 'First response (min)', 14),
    ];
    const row = (r: KpiRow): Cell[] => [
      r.group === null ? region ?? q.regionCode : label(r.group), r.received, r.due, r.closed, r.closedOnTime, r.closeRate, r.onTimeRate,
      r.overdueOpen, minutes(r.meanHandlingMinutes), minutes(r.p90HandlingMinutes), r.ratings, r.satisfaction, r.reworkRate, minutes(r.firstResponseMinutes),
    ];
    const period = `${shanghai(q.from.toISOString())} — ${shanghai(q.to.toISOString())}`;
    return {
      name: zh ? '考核指标' : 'KPIs',
      heading: [zh ? `${region ?? q.regionCode} 考核指标` : `KPIs of ${region ?? q.regionCode}`, zh ? `统计期间 ${period}` : `Period ${period}`],
      columns: cols.map((c) => ({ header: zh ? c.zh : c.en, width: c.width })),
      rows: items.map(row),
    };
  }

  /** The queue's cases as a GeoJSON FeatureCollection (WGS 84 points; the same columns as the table, codes not words). */
  async geoJson(actor: Actor, f: QueueFilter) {
    const { rows, truncated } = await this.queueRows(actor, f);
    return {
      type: 'FeatureCollection' as const,
      truncated,
      features: rows.map((r) => ({
        type: 'Feature' as const,
        id: r.no,
        geometry: { type: 'Point' as const, coordinates: [r.lon, r.lat] },
        properties: {
          no: r.no, title: r.title, categoryCode: r.categoryCode, state: r.state, level: r.level, source: r.source, severity: r.severity,
          villageCode: r.villageCode, regionCode: r.regionCode, reportedAt: r.reportedAt, deadline: r.deadline ?? null, closedAt: r.closedAt ?? null,
          supervision: r.supervision,
        },
      })),
    };
  }

  private async categoryNames(lang: Lang): Promise<Map<string, string>> {
    return new Map((await this.cases.categories(true)).map((c) => [c.code, lang === 'zh' ? c.name : c.nameEn]));
  }

  private async groupLabels(groupBy: KpiGroup, groups: string[], lang: Lang): Promise<(g: string) => string> {
    if (groupBy === 'category') { const m = await this.categoryNames(lang); return (g) => m.get(g) ?? g; }
    if (groupBy === 'level') return (g) => levelLabel(g, lang);
    if (groupBy === 'village') { const m = await this.regions.names(groups); return (g) => m[g] ?? g; }
    if (groupBy === 'organisation') { const m = await this.users.namesOf(groups); return (g) => m[g] ?? g; }
    return (g) => g;
  }
}
