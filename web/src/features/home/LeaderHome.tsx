/**
 * A leader's home: the area's KPIs this month (受理, 结案率, 按期结案率, 满意率, 超期未结 — GET /api/kpis, the same
 * numbers as the KPI report), the on-time rate and the cases received over the last six months, and the
 * villages to watch (most overdue, then the lowest on-time rate).
 */
import { Card, Col, Empty, List, Row, Statistic, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { KpiRow } from '../../../../src/cases/cases.contract.ts';
import { api, type RegionSummary } from '../../shared/api.ts';
import { getLang, t, tf } from '../../shared/i18n.ts';
import { useMe } from '../../shared/me.ts';
import { useApi } from '../../shared/useApi.ts';
import { Tiles } from './Tiles.tsx';
import { TrendChart } from './TrendChart.tsx';

/** The first instant of a Shanghai month, `back` months before this one. */
export function monthStart(now: Date, back = 0): Date {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - back, 1) - 8 * 3_600_000);
}

const pct = (v: number | null) => (v === null ? '—' : `${v}%`);

/** The widest region the leader leads: their first leader membership's. */
function leaderRegion(memberships: { role: string; regionCode: string }[]): string {
  return (memberships.find((m) => m.role === 'leader') ?? memberships[0]).regionCode;
}

export function LeaderHome() {
  const { me } = useMe();
  const region = leaderRegion(me.memberships);
  const now = new Date();
  const from = monthStart(now).toISOString();
  const to = now.toISOString();
  const month = useApi<{ items: KpiRow[] }>(`/api/kpis?region=${region}&from=${from}&to=${to}`);
  const villages = useApi<{ items: KpiRow[] }>(`/api/kpis?region=${region}&from=${from}&to=${to}&groupBy=village`);
  const tree = useApi<{ items: RegionSummary[] }>(me.permissions.includes('regions.read') ? '/api/regions/tree' : null);
  const nameOf = (code: string) => tree.data?.items.find((r) => r.code === code)?.name ?? me.regionNames[code] ?? code;
  const [history, setHistory] = useState<{ label: string; row: KpiRow | undefined }[] | null>(null);
  useEffect(() => {
    const end = new Date();
    void Promise.all([5, 4, 3, 2, 1, 0].map(async (back) => {
      const a = monthStart(end, back);
      const b = back === 0 ? end : monthStart(end, back - 1);
      const r = await api<{ items: KpiRow[] }>(`/api/kpis?region=${region}&from=${a.toISOString()}&to=${b.toISOString()}`);
      return { label: new Date(a.getTime() + 8 * 3_600_000).toISOString().slice(0, 7), row: r.items[0] };
    })).then(setHistory, () => setHistory([]));
  }, [region]);
  const k = month.data?.items[0];
  // most overdue first, then the lowest on-time rate (none yet: after those with one), then the busiest
  const watch = (villages.data?.items ?? []).filter((v) => v.group && (v.overdueOpen > 0 || v.due > 0 || v.received > 0))
    .sort((a, b) => b.overdueOpen - a.overdueOpen || (a.onTimeRate ?? 101) - (b.onTimeRate ?? 101) || b.received - a.received).slice(0, 6);
  const tiles: [string, string | number, string][] = k ? [
    ['received', k.received, t('hm_received_m')], ['closeRate', pct(k.closeRate), t('hm_closeRate')], ['onTimeRate', pct(k.onTimeRate), t('hm_onTimeRate')],
    ['satisfaction', pct(k.satisfaction), t('hm_satisfaction')], ['overdueOpen', k.overdueOpen, t('hm_overdueOpen')],
  ] : [];
  return (
    <Row gutter={[12, 12]} data-testid="workbench-leader">
      <Col span={24}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('hm_title_leader')} · {nameOf(region)}</Typography.Title>
        <Typography.Text type="secondary">{t('hm_month')}</Typography.Text>
      </Col>
      <Col span={24}>
        <Tiles>
          {(k ? tiles : (['received', 'closeRate', 'onTimeRate', 'satisfaction', 'overdueOpen'] as const).map((x) => [x, 0, ''] as [string, number, string])).map(([key, value, label]) => (
            <Card size="small" loading={!k} key={key}><Statistic title={label} value={value} data-testid={`wb-kpi-${key}`} /></Card>
          ))}
        </Tiles>
      </Col>
      <Col xs={24} lg={14}>
        <Card size="small" title={t('hm_sixMonths')} loading={!history}>
          {history && <TrendChart testId="wb-months" labels={history.map((h) => h.label)} series={[
            { name: t('hm_received'), data: history.map((h) => h.row?.received ?? 0), color: '#1677ff', kind: 'bar' },
            { name: t('hm_onTimeRate'), data: history.map((h) => h.row?.onTimeRate ?? null), color: '#1d6f42', axis: 1 },
          ]} />}
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card size="small" title={t('hm_worstVillages')} loading={!villages.data} data-testid="wb-villages"
          extra={<a href={`/api/kpis/export/xlsx?region=${region}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&groupBy=village&lang=${getLang()}`} download data-testid="wb-kpi-export">{t('hm_exportVillages')}</a>}>
          {watch.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hm_noVillages')} /> : (
            <List size="small" dataSource={watch} renderItem={(v) => (
              <List.Item data-testid="wb-village-row">
                <span>{nameOf(v.group!)}</span>
                <Typography.Text type={v.overdueOpen > 0 ? 'danger' : 'secondary'}>{tf('hm_villageLine', { o: v.overdueOpen, r: pct(v.onTimeRate) })}</Typography.Text>
              </List.Item>
            )} />
          )}
        </Card>
      </Col>
    </Row>
  );
}
