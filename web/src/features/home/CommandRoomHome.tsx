/**
 * The command room's workbench (受理员, 派遣员, 值班长, 处置人员, 管理员): today's counts with the 14-day trend,
 * the overdue and escalated cases, open alarms, offline cameras and a map of the open cases. Every number
 * is an API's (GET /api/cases/summary; the lists' own filters), and the page follows the tab's one live
 * stream: a case, alarm or camera event reloads what it changes, at most once a second.
 */
import { Suspense } from 'react';
import { Alert, Button, Card, Col, Empty, List, Row, Statistic, Tag, Typography } from 'antd';
import type { AlarmView } from '../../../../src/sensors/sensors.contract.ts';
import type { CameraView } from '../../../../src/cameras/cameras.contract.ts';
import type { CaseSummary } from '../../../../src/cases/cases.contract.ts';
import type { Severity } from '../sensors/kinds.ts';
import { ALARM_STREAM_EVENTS, CAMERA_STREAM_EVENTS, CASE_STREAM_EVENTS } from '../../../../src/client-events.ts';
import { t, tf } from '../../shared/i18n.ts';
import { useLive } from '../../shared/live.ts';
import { caseHref, streamUrl, useMe } from '../../shared/me.ts';
import { href, navigate } from '../../shared/router.ts';
import type { MapPoint } from '../../shared/PointsMap.tsx';
import { lazyPage } from '../../shared/screens.ts';
import { formatTime, type CaseRow } from '../cases/caseUtil.ts';
import { useApi, useThrottled } from '../../shared/useApi.ts';
import { CaseShortList } from './CaseShortList.tsx';
import { Tiles } from './Tiles.tsx';
import { TrendChart } from './TrendChart.tsx';

const OPEN = ['REPORTED', 'PENDING_ACCEPT', 'REGISTERED', 'DISPATCHED', 'PROCESSING', 'EXTENSION_REQUESTED', 'SUSPENDED', 'VERIFYING'];
export const OPEN_QUERY = OPEN.map((s) => `state=${s}`).join('&');
const ABOVE_VILLAGE = 'level=township&level=district&level=city';
// Leaflet comes with the map, not with the console's first load
const PointsMap = lazyPage(() => import('../../shared/PointsMap.tsx'), 'PointsMap');
const SEVERITY_COLOR: Record<string, string> = { warning: 'gold', major: 'orange', critical: 'red' };
const LIVE_TYPES = [...new Set([...CASE_STREAM_EVENTS, ...ALARM_STREAM_EVENTS, ...CAMERA_STREAM_EVENTS])];

export function CommandRoomHome() {
  const { me, features } = useMe();
  const can = (p: string) => me.permissions.includes(p);
  const summary = useApi<CaseSummary>('/api/cases/summary');
  const overdue = useApi<{ items: CaseRow[] }>('/api/cases?overdue=true&limit=6');
  const escalated = useApi<{ items: CaseRow[] }>(`/api/cases?${OPEN_QUERY}&${ABOVE_VILLAGE}&limit=6`);
  const open = useApi<{ items: CaseRow[] }>(`/api/cases?${OPEN_QUERY}&limit=200`);
  const alarms = useApi<{ items: AlarmView[] }>(can('sensors.read') ? '/api/sensors/alarms?open=true' : null);
  const cameras = useApi<{ items: CameraView[] }>(can('cameras.read') && features.cameras > 0 ? '/api/cameras' : null);
  const reload = useThrottled(() => [summary, overdue, escalated, open, alarms, cameras].forEach((x) => x.reload()));
  useLive(streamUrl(me), LIVE_TYPES, reload);

  const s = summary.data;
  const offline = cameras.data?.items.filter((c) => c.state === 'offline');
  const late = new Set(overdue.data?.items.map((c) => c.id));
  const pins: MapPoint[] = [
    ...(open.data?.items ?? []).map((c) => ({ id: c.id, name: c.no, lat: c.lat, lon: c.lon, color: late.has(c.id) ? '#cf1322' : c.level !== 'village' ? '#d46b08' : '#1677ff' })),
    ...(offline ?? []).map((c) => ({ id: `camera:${c.id}`, name: c.name, lat: c.lat, lon: c.lon, color: '#8c8c8c' })),
  ];
  const tiles: [keyof CaseSummary, string, string?][] = [
    ['newToday', t('hm_newToday')], ['closedToday', t('hm_closedToday')], ['open', t('hm_open')], ['overdue', t('hm_overdue'), '#cf1322'], ['escalated', t('hm_escalated'), '#d46b08'],
  ];
  return (
    <Row gutter={[12, 12]} data-testid="workbench-room">
      <Col span={24}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('hm_title_room')}</Typography.Title>
      </Col>
      {summary.error !== undefined && <Col span={24}><Alert type="error" showIcon title={t('hm_loadFailed')} /></Col>}
      <Col span={24}>
        <Tiles>
          {tiles.map(([key, label, color]) => (
            <Card size="small" key={key} loading={!s} hoverable onClick={() => navigate(href('cases'))}>
              <Statistic title={label} value={s ? (s[key] as number) : 0} styles={color && s && (s[key] as number) > 0 ? { content: { color } } : undefined} data-testid={`wb-${key}`} />
            </Card>
          ))}
        </Tiles>
      </Col>
      <Col xs={24} lg={14}>
        <Card size="small" title={t('hm_trend')} loading={!s}>
          {s && <TrendChart testId="wb-trend" labels={s.trend.map((d) => d.day.slice(5))}
            series={[{ name: t('hm_received'), data: s.trend.map((d) => d.received), color: '#1677ff', kind: 'bar' }, { name: t('hm_closed'), data: s.trend.map((d) => d.closed), color: '#1d6f42' }]} />}
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card size="small" title={t('hm_map')} loading={!open.data}>
          {pins.length ? <Suspense fallback={null}><PointsMap points={pins} labels={pins.length <= 12} height={220} testId="wb-map"
            onPick={(id) => (id.startsWith('camera:') ? navigate(href('cameras')) : navigate(caseHref(features, id)))} /></Suspense> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <CaseShortList title={t('hm_overdueList')} rows={overdue.data?.items} empty={t('hm_noneOverdue')} testId="wb-overdue-list"
          extra={<Button type="link" size="small" onClick={() => navigate(href('cases'))}>{t('hm_seeAll')}</Button>} />
      </Col>
      <Col xs={24} lg={12}>
        <CaseShortList title={t('hm_escalatedList')} rows={escalated.data?.items} empty={t('hm_noneEscalated')} testId="wb-escalated-list" />
      </Col>
      {alarms.data && (
        <Col xs={24} lg={12}>
          <Card size="small" title={<>{t('hm_alarms')} <Tag data-testid="wb-alarms">{alarms.data.items.length}</Tag></>}
            extra={<Button type="link" size="small" onClick={() => navigate(href('reservoirs'))}>{t('hm_seeAll')}</Button>}>
            {alarms.data.items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hm_noAlarms')} /> : (
              <List size="small" dataSource={alarms.data.items.slice(0, 6)} renderItem={(a) => (
                <List.Item style={{ cursor: 'pointer' }} onClick={() => navigate(href('reservoirs'))}>
                  <span style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{a.asset} · {a.reason}</span>
                  <span style={{ whiteSpace: 'nowrap' }}><Tag color={SEVERITY_COLOR[a.severity]}>{t(`alarm_${a.severity as Severity}`)}</Tag><Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatTime(a.raisedAt)}</Typography.Text></span>
                </List.Item>
              )} />
            )}
          </Card>
        </Col>
      )}
      {offline && (
        <Col xs={24} lg={12}>
          <Card size="small" title={<>{t('hm_cameras')} <Tag data-testid="wb-cameras-offline">{offline.length}</Tag></>}
            extra={<Typography.Text type="secondary">{tf('hm_camerasOf', { n: cameras.data!.items.length })}</Typography.Text>}>
            {offline.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hm_noOffline')} /> : (
              <List size="small" dataSource={offline.slice(0, 6)} renderItem={(c) => (
                <List.Item style={{ cursor: 'pointer' }} onClick={() => navigate(href('cameras'))}>
                  <span>{c.name}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.lastEventAt ? formatTime(c.lastEventAt) : t('camState_never')}</Typography.Text>
                </List.Item>
              )} />
            )}
          </Card>
        </Col>
      )}
    </Row>
  );
}
