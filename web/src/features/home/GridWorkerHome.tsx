/**
 * The grid worker's home, on the phone: my open tasks with their clocks — nearest first when the phone
 * gives its position, else by deadline — how many wait to be accepted and are in hand, the new reports of
 * my area, and my patrols (巡查) this month.
 */
import { Button, Card, Col, Row, Segmented, Space, Statistic, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { InspectionSummary } from '../../../../src/inspections/inspections.contract.ts';
import { t, tf } from '../../shared/i18n.ts';
import { useLive } from '../../shared/live.ts';
import { streamUrl, useMe } from '../../shared/me.ts';
import { href, navigate } from '../../shared/router.ts';
import { clock, type CaseRow } from '../cases/caseUtil.ts';
import { CASE_STREAM_EVENTS } from '../../../../src/client-events.ts';
import { useApi, useThrottled } from '../../shared/useApi.ts';
import { CaseShortList } from './CaseShortList.tsx';
import { Tiles } from './Tiles.tsx';
import { monthStart } from './LeaderHome.tsx';

const MINE = ['DISPATCHED', 'PROCESSING', 'EXTENSION_REQUESTED'].map((s) => `state=${s}`).join('&');
const NEW = ['REPORTED', 'PENDING_ACCEPT'].map((s) => `state=${s}`).join('&');

/** Metres between two WGS-84 points (haversine): enough to order a village's tasks. */
export function metres(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

const far = (m: number) => (m < 1000 ? tf('hm_distance', { m: Math.round(m) }) : tf('hm_distanceKm', { km: (m / 1000).toFixed(1) }));

export function GridWorkerHome() {
  const { me, features } = useMe();
  const tasks = useApi<{ items: CaseRow[] }>(`/api/cases?mine=true&${MINE}&limit=100`);
  const fresh = useApi<{ items: CaseRow[] }>(features.features.includes('cases') || me.permissions.includes('cases.read') ? `/api/cases?${NEW}&limit=100` : null);
  const patrols = useApi<{ items: InspectionSummary[] }>(features.features.includes('inspect') ? '/api/inspections' : null);
  const reload = useThrottled(() => { tasks.reload(); fresh.reload(); });
  useLive(streamUrl(me), CASE_STREAM_EVENTS, reload);
  const [here, setHere] = useState<[number, number] | null>(null);
  const [order, setOrder] = useState<'near' | 'deadline'>('deadline');
  useEffect(() => {
    navigator.geolocation?.getCurrentPosition((p) => { setHere([p.coords.longitude, p.coords.latitude]); setOrder('near'); }, () => {}, { maximumAge: 300_000, timeout: 10_000 });
  }, []);
  const rows = useMemo(() => {
    const list = [...(tasks.data?.items ?? [])];
    const due = (c: CaseRow) => { const k = clock(c); return k.at ? new Date(k.at).getTime() : Number.MAX_SAFE_INTEGER; };
    if (order === 'near' && here) list.sort((a, b) => metres(here, [a.lon, a.lat]) - metres(here, [b.lon, b.lat]));
    else list.sort((a, b) => due(a) - due(b));
    return tasks.data ? list : undefined;
  }, [tasks.data, order, here]);
  // others' new reports in the area: a grid worker may take one and handle it on the spot (就地处置)
  const toTake = useMemo(() => {
    if (!fresh.data) return undefined;
    const list = fresh.data.items.filter((c) => c.reporterId !== me.id);
    if (here) list.sort((a, b) => metres(here, [a.lon, a.lat]) - metres(here, [b.lon, b.lat]));
    return list.slice(0, 6);
  }, [fresh.data, here, me.id]);
  const since = monthStart(new Date()).getTime();
  const mine = (tasks.data?.items ?? []);
  const counts: [string, number | undefined, string][] = [
    ['toSign', tasks.data && mine.filter((c) => c.state === 'DISPATCHED').length, t('hm_toSign')],
    ['inHand', tasks.data && mine.filter((c) => c.state !== 'DISPATCHED').length, t('hm_inHand')],
    ['newReports', fresh.data?.items.filter((c) => c.reporterId !== me.id).length, t('hm_newReports')],
    ['checkins', patrols.data?.items.filter((p) => p.inspectorId === me.id && new Date(p.startedAt).getTime() >= since).length, t('hm_checkins')],
  ];
  return (
    <Row gutter={[8, 8]} data-testid="workbench-grid">
      {(features.features.includes('report') || features.features.includes('inspect')) && (
        <Col span={24}>
          <Space size={6}>
            {features.features.includes('report') && <Button onClick={() => navigate(href('report'))}>{t('hm_report')}</Button>}
            {features.features.includes('inspect') && <Button onClick={() => navigate(href('inspect'))}>{t('inspect')}</Button>}
          </Space>
        </Col>
      )}
      <Col span={24}>
        <Tiles min={76}>
          {counts.filter(([key, n]) => n !== undefined || (key !== 'checkins' || patrols.loading) && (key !== 'newReports' || fresh.loading)).map(([key, n, label]) => (
            <Card size="small" key={key} styles={{ body: { padding: 8 } }} loading={n === undefined}>
              <Statistic title={<span style={{ fontSize: 12 }}>{label}</span>} value={n ?? 0} data-testid={`wb-${key}`} />
            </Card>
          ))}
        </Tiles>
      </Col>
      <Col span={24}>
        <CaseShortList title={t('hm_myTasks')} rows={rows} empty={t('hm_noTasks')} testId="wb-tasks"
          extra={here ? <Segmented size="small" value={order} onChange={(v) => setOrder(v as typeof order)}
            options={[{ value: 'near', label: t('hm_nearestFirst') }, { value: 'deadline', label: t('hm_byDeadline') }]} data-testid="wb-order" /> : null}
          aside={here ? (c) => <Tag style={{ marginInlineEnd: 0 }}>{far(metres(here, [c.lon, c.lat]))}</Tag> : undefined} />
      </Col>
      {fresh.data && (
        <Col span={24}>
          <CaseShortList title={t('hm_toTake')} rows={toTake} empty={t('hm_noneToTake')} testId="wb-to-take"
            extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('hm_toTakeHint')}</Typography.Text>}
            aside={here ? (c) => <Tag style={{ marginInlineEnd: 0 }}>{far(metres(here, [c.lon, c.lat]))}</Tag> : undefined} />
        </Col>
      )}
    </Row>
  );
}
