/**
 * 水库监测: the reservoirs of the user's area on a map coloured by state, the chosen reservoir's water
 * level over the last day with its characteristic levels drawn in (ECharts, loaded with the page), and
 * its alarms with acknowledge and the case they opened. Live: alarm events reload the page.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { App, Button, Card, Col, Empty, List, Row, Table, Tag, Typography } from 'antd';
import { ALARM_STREAM_EVENTS } from '../../../../src/client-events.ts';
import { useLive } from '../../shared/live.ts';
import { api, type Me } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { caseHref, useMe } from '../../shared/me.ts';
import { EmptyHint, tableState, useLoadState } from '../../shared/Loading.tsx';
import { href, navigate, useSegments } from '../../shared/router.ts';
import { formatTime } from '../cases/caseUtil.ts';
import { DevicesCard } from './DevicesCard.tsx';
import { PointsMap } from '../../shared/PointsMap.tsx';
import type { AlarmView, AssetView, ReadingHistory } from '../../../../src/sensors/sensors.contract.ts';
import type { AssetState, Severity } from './kinds.ts';

type Asset = AssetView;
type Alarm = AlarmView;

const COLOR: Record<string, string> = { normal: '#1d6f42', warning: '#d4b106', major: '#d46b08', critical: '#cf1322' };


function LevelChart({ asset }: { asset: Asset }) {
  const el = useRef<HTMLDivElement>(null);
  const level = asset.devices.find((d) => d.kind === 'water_level');
  useEffect(() => {
    if (!el.current || !level) return;
    let chart: { dispose(): void; resize(): void } | null = null;
    let gone = false;
    // the chart follows its box (a phone turned, the drawer gone) instead of keeping its first width
    const watch = new ResizeObserver(() => chart?.resize());
    watch.observe(el.current);
    const to = new Date();
    const from = new Date(to.getTime() - 24 * 3_600_000);
    void Promise.all([
      import('echarts'),
      api<ReadingHistory>(`/api/sensors/devices/${level.id}/history?key=level&from=${from.toISOString()}&to=${to.toISOString()}&buckets=96`),
    ]).then(([echarts, h]) => {
      if (gone || !el.current) return;
      const c = echarts.init(el.current);
      chart = c;
      const lines = [[t('floodLimit'), asset.floodLimit, '#d4b106'], [t('designFlood'), asset.designFloodLevel, '#d46b08'], [t('checkFlood'), asset.checkFloodLevel, '#cf1322'], [t('crest'), asset.crestLevel, '#595959']]
        .filter(([, v]) => v !== null) as [string, number, string][];
      const values = h.points.map((p) => p.max);
      const narrow = (el.current.clientWidth || 600) < 480;
      c.setOption({
        animation: false,
        // the characteristic levels are labelled inside the plot, so the chart needs no wide margin on a phone
        grid: { left: 44, right: narrow ? 12 : 24, top: 16, bottom: 28 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'time', splitNumber: narrow ? 3 : 6 },
        yAxis: { type: 'value', scale: true, name: 'm', min: Math.floor(Math.min(...values, ...lines.map((l) => l[1])) - 0.5), max: Math.ceil(Math.max(...values, ...lines.map((l) => l[1])) + 0.3) },
        series: [{
          type: 'line', name: t('waterLevel'), showSymbol: false, data: h.points.map((p) => [p.t, p.max]), lineStyle: { color: '#2f7ed8', width: 2 },
          markLine: { symbol: 'none', data: lines.map(([name, v, color]) => ({ name, yAxis: v, lineStyle: { color, type: 'dashed' }, label: { formatter: `${name} ${v}`, color, position: 'insideEndTop', fontSize: narrow ? 10 : 12 } })) },
        }],
      });
    });
    return () => {
      gone = true;
      watch.disconnect();
      chart?.dispose();
    };
  }, [asset, level]);
  if (!level) return <Empty />;
  return <div ref={el} data-testid="level-chart" style={{ height: 260 }} />;
}


export function ReservoirsPage({ me }: { me: Me }) {
  const { message } = App.useApp();
  const [assets, setAssets] = useState<Asset[]>([]);
  const [alarms, setAlarms] = useState<Alarm[]>([]);
  // the reservoir (/app/reservoirs/<id>) or alarm (/app/reservoirs/alarm/<id>) shown is in the address
  const seg = useSegments();
  const alarmId = seg[1] === 'alarm' ? seg[2] ?? null : null;
  const fromUrl = seg[1] && seg[1] !== 'alarm' ? seg[1] : null;
  const [first, setFirst] = useState<string | null>(null);
  const chosen = fromUrl ?? alarms.find((a) => a.id === alarmId)?.assetId ?? first;
  const setChosen = (id: string | null) => navigate(id ? href('reservoirs', id) : href('reservoirs'));
  const { features } = useMe();
  // the grid worker sees alarms; the command rooms and handlers acknowledge and clear them (sensors.permissions.ts)
  const canHandle = me.permissions.includes('alarms.handle');
  const load = useCallback(async () => {
    const [a, al] = await Promise.all([api<{ items: Asset[] }>('/api/sensors/assets'), api<{ items: Alarm[] }>('/api/sensors/alarms?open=true')]);
    setAssets(a.items);
    setAlarms(al.items);
    setFirst((c) => c ?? a.items.find((x) => x.state !== 'normal')?.id ?? a.items[0]?.id ?? null);
  }, []);
  const [status, track] = useLoadState();
  useEffect(() => track(load()), [load, track]);
  useLive('/api/events/stream', ALARM_STREAM_EVENTS, () => track(load()));
  const asset = assets.find((a) => a.id === chosen) ?? null;
  const points = useMemo(() => assets.map((a) => ({ id: a.id, name: a.name, lat: a.lat, lon: a.lon, color: COLOR[a.state] })), [assets]);
  /** acknowledge | clear */
  const act = async (id: string, action: 'acknowledge' | 'clear') => {
    try {
      await api(`/api/sensors/alarms/${id}/${action}`, { body: {} });
      void load();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const value = (a: Asset, kind: string) => {
    const d = a.devices.find((x) => x.kind === kind);
    return d?.value != null ? `${d.value} ${d.unit}` : '—';
  };
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={11}>
        <Card title={t('reservoirs')} size="small">
          <PointsMap testId="reservoir-map" points={points} onPick={setChosen} />
          <Table<Asset> rowKey="id" size="small" dataSource={assets} {...tableState({ ...status, reload: () => track(load()) }, t('noReservoirs'))} pagination={false} style={{ marginTop: 12 }} data-testid="reservoir-table" scroll={{ x: 'max-content' }}
            onRow={(r) => ({ onClick: () => setChosen(r.id), style: { cursor: 'pointer', background: r.id === chosen ? '#f0f7f2' : undefined } })}
            columns={[
              { title: t('name'), dataIndex: 'name' },
              { title: t('waterLevel'), render: (_, a) => value(a, 'water_level') },
              { title: t('rainfall'), render: (_, a) => value(a, 'rainfall') },
              { title: t('state'), dataIndex: 'state', render: (s: AssetState) => <Tag color={COLOR[s]} data-testid={`state-${s}`}>{t(`alarm_${s}`)}</Tag> },
            ]} />
        </Card>
      </Col>
      <Col xs={24} lg={13}>
        {asset && (
          <Card size="small" title={<span>{asset.name} <Tag color={COLOR[asset.state]}>{t(`alarm_${asset.state as AssetState}`)}</Tag></span>} data-testid="reservoir-detail">
            <Typography.Text type="secondary">{t('floodLimit')} {asset.floodLimit ?? '—'} m · {t('designFlood')} {asset.designFloodLevel ?? '—'} m · {t('checkFlood')} {asset.checkFloodLevel ?? '—'} m · {t('crest')} {asset.crestLevel ?? '—'} m</Typography.Text>
            <LevelChart asset={asset} />
          </Card>
        )}
        {asset && <DevicesCard assetId={asset.id} canEdit={me.permissions.includes('sensors.configure')} />}
        <Card size="small" title={t('openAlarms')} style={{ marginTop: 16 }}>
          <List data-testid="alarm-list" dataSource={alarms} loading={status.loading} locale={{ emptyText: status.loading ? ' ' : <EmptyHint text={t('noAlarms')} /> }} renderItem={(al) => (
            <List.Item data-testid={`alarm-${al.id}`} style={al.id === alarmId ? { background: '#fff7e6' } : undefined} actions={[
              canHandle && al.state === 'active_unack' && <Button key="a" size="small" onClick={() => void act(al.id, 'acknowledge')} data-testid="alarm-ack">{t('acknowledge')}</Button>,
              canHandle && al.state === 'active_ack' && <Button key="c" size="small" onClick={() => void act(al.id, 'clear')} data-testid="alarm-clear">{t('clearAlarm')}</Button>,
            ].filter(Boolean)}>
              <List.Item.Meta title={<span style={{ cursor: 'pointer' }} onClick={() => navigate(href('reservoirs', 'alarm', al.id))}>{al.asset} <Tag color={COLOR[al.severity]}>{t(`alarm_${al.severity as Severity}`)}</Tag>{al.state === 'active_ack' && <Tag>{t('acknowledged')}</Tag>}</span>}
                description={<span>{al.reason} · {formatTime(al.startedAt)}{al.caseId && <> · <Tag color="blue" style={{ cursor: 'pointer' }} onClick={() => navigate(caseHref(features, al.caseId!))} data-testid="alarm-case">{t('caseOpened')}</Tag></>}{al.rules && <Typography.Text type="secondary"> · {t('alarmRulesTab')} {al.rules === 'built-in' ? t('builtInRules') : al.rules}</Typography.Text>}</span>} />
            </List.Item>
          )} />
        </Card>
      </Col>
    </Row>
  );
}
