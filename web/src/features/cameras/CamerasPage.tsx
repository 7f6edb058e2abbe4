/**
 * 智能摄像头: the cameras of the user's area on a map and in a table (online, offline, last event,
 * false-positive rate), the live episodes with their snapshot, what the platform did (speaker warning,
 * left, case, people told) and a false-positive mark, and the cleaning companies' performance on
 * overflowing bins. Live: trigger and case events reload it, and it refreshes every ten seconds.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Col, Image, List, Row, Space, Table, Tabs, Tag, Typography } from 'antd';
import { CAMERA_STREAM_EVENTS } from '../../../../src/client-events.ts';
import { useLive } from '../../shared/live.ts';
import { api, type Me } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { EmptyHint, ListSkeleton, LoadFailed, tableState, useLoadState } from '../../shared/Loading.tsx';
import { href, navigate, useSegments } from '../../shared/router.ts';
import { formatTime, useCategoryNames } from '../cases/caseUtil.ts';
import { AddCameraButton } from './AddCameraButton.tsx';
import { PointsMap } from '../../shared/PointsMap.tsx';
import type { CameraView, Cleaning, EpisodeView } from '../../../../src/cameras/cameras.contract.ts';

type Camera = CameraView;
type Episode = EpisodeView;
/** What src/cameras/actions.ts writes (plain strings in the contract): an episode's action, and the kinds of its log lines. */
type EpisodeAction = 'none' | 'pending' | 'acting' | 'warned' | 'overstay' | 'left' | 'case' | 'notified' | 'suppressed';
type LogKind = 'speaker' | 'case' | 'notify' | 'left' | 'overstay' | 'quiet' | 'capped';

const STATE_COLOR: Record<string, string> = { online: '#1d6f42', offline: '#cf1322', never: '#8c8c8c' };
const ACTION_COLOR: Record<string, string> = { warned: 'gold', left: 'green', case: 'blue', notified: 'blue', suppressed: 'default', none: 'default', pending: 'processing', acting: 'processing', overstay: 'orange' };
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);

function EpisodeItem({ e, onMark, categoryName }: { e: Episode; onMark: ((id: string, fp: boolean) => void) | null; categoryName: (code: string | null) => string }) {
  return (
    <List.Item data-testid="episode" actions={!onMark ? [] : [
      <Button key="fp" size="small" danger={e.falsePositive !== true} type={e.falsePositive === true ? 'primary' : 'default'} onClick={() => onMark(e.id, true)} data-testid="mark-fp">{t('falsePositive')}</Button>,
      <Button key="ok" size="small" type={e.falsePositive === false ? 'primary' : 'default'} onClick={() => onMark(e.id, false)} data-testid="mark-real">{t('realDetection')}</Button>,
    ]}>
      <List.Item.Meta
        avatar={e.snapshot ? <Image width={72} height={54} style={{ objectFit: 'cover', borderRadius: 4 }} src={`/api/media/${e.snapshot}/thumb`} preview={{ src: `/api/media/${e.snapshot}` }} /> : <div style={{ width: 72, height: 54, background: '#f0f0f0', borderRadius: 4 }} />}
        title={<Space size={4} wrap>
          <span>{e.camera}</span><Tag>{categoryName(e.category)}</Tag>
          <Tag color={ACTION_COLOR[e.action] ?? 'default'} data-testid="episode-action">{t(`camAction_${e.action as EpisodeAction}`)}</Tag>
          {e.closedAt === null && <Tag color="red">{t('ongoing')}</Tag>}
        </Space>}
        description={<div>
          <div>{formatTime(e.openedAt)} · {t('detections')} {e.detections} · {t('confidence')} {Math.round(e.maxConfidence * 100)}%</div>
          {e.actions.map((a, i) => <div key={i}><Typography.Text type={a.ok ? 'secondary' : 'danger'}>{formatTime(a.at)} {t(`camLog_${a.kind as LogKind}`)}{a.detail ? `：${a.detail}` : ''}</Typography.Text></div>)}
        </div>} />
    </List.Item>
  );
}

export function CamerasPage({ me }: { me: Me }) {
  const { message } = App.useApp();
  const [cams, setCams] = useState<Camera[]>([]);
  const [episodes, setEpisodes] = useState<Episode[]>([]);
  const [cleaning, setCleaning] = useState<Cleaning[]>([]);
  // the chosen camera is in the address (/app/cameras/<id>)
  const seg = useSegments();
  const chosen = seg[0] === 'cameras' && seg[1] ? seg[1] : null;
  const setChosen = (id: string | null) => navigate(id ? href('cameras', id) : href('cameras'));
  const categoryName = useCategoryNames();
  const load = useCallback(async () => {
    const [c, e, k] = await Promise.all([
      api<{ items: Camera[] }>('/api/cameras'),
      api<{ items: Episode[] }>(`/api/cameras/episodes?limit=50${chosen ? `&cameraId=${chosen}` : ''}`),
      api<{ items: Cleaning[] }>('/api/cameras/cleaning'),
    ]);
    setCams(c.items);
    setEpisodes(e.items);
    setCleaning(k.items);
  }, [chosen]);
  const [status, track] = useLoadState();
  const retry = () => track(load());
  useEffect(() => {
    track(load());
    const timer = setInterval(() => track(load()), 10_000);
    return () => clearInterval(timer);
  }, [load, track]);
  useLive('/api/events/stream', CAMERA_STREAM_EVENTS, () => track(load()));
  const points = useMemo(() => cams.map((c) => ({ id: c.id, name: c.name, lat: c.lat, lon: c.lon, color: STATE_COLOR[c.state] })), [cams]);
  const mark = async (id: string, falsePositive: boolean) => {
    await api(`/api/cameras/episodes/${id}/mark`, { body: { falsePositive } }).catch((e: Error) => message.error(errorText(e)));
    void load();
  };
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={11}>
        <Card title={t('cameras')} size="small" extra={<Space>
          {chosen && <Button size="small" onClick={() => setChosen(null)}>{t('allCameras')}</Button>}
          {me.permissions.includes('cameras.configure') && <AddCameraButton onAdded={() => void load()} />}
        </Space>}>
          <PointsMap testId="camera-map" points={points} onPick={setChosen} height={280} labels={false} />
          <Table<Camera> rowKey="id" size="small" dataSource={cams} {...tableState({ ...status, reload: retry }, t('noCameras'))} pagination={{ pageSize: 10, size: 'small' }} style={{ marginTop: 12 }} data-testid="camera-table" scroll={{ x: 'max-content' }}
            onRow={(r) => ({ onClick: () => setChosen(r.id), style: { cursor: 'pointer', background: r.id === chosen ? '#f0f7f2' : undefined } })}
            columns={[
              { title: t('name'), dataIndex: 'name', render: (n: string, c) => <span>{n}{c.speaker && <Tag style={{ marginLeft: 4 }}>{t('speaker')}</Tag>}</span> },
              { title: t('state'), dataIndex: 'state', render: (s: Camera['state']) => <Tag color={s === 'online' ? 'green' : s === 'offline' ? 'red' : 'default'}>{t(`camState_${s}`)}</Tag> },
              { title: t('lastEvent'), dataIndex: 'lastEventAt', render: (v: string | null) => (v ? formatTime(v) : '—') },
              { title: t('episodes30d'), dataIndex: 'episodes30d' },
              { title: t('falsePositiveRate'), dataIndex: 'falsePositiveRate', render: pct },
            ]} />
        </Card>
      </Col>
      <Col xs={24} lg={13}>
        <Card size="small">
          <Tabs items={[
            { key: 'live', label: t('liveDetections'), children: episodes.length === 0 ? (status.loading ? <ListSkeleton /> : status.error ? <LoadFailed error={status.error} retry={retry} /> : <EmptyHint text={t('noEpisodes')} />) : <List data-testid="episode-list" dataSource={episodes} renderItem={(e) => <EpisodeItem e={e} categoryName={categoryName} onMark={me.permissions.includes('cameras.review') ? (id, fp) => void mark(id, fp) : null} />} /> },
            { key: 'cleaning', label: t('cleaningPerformance'), children: (
              <Table<Cleaning> rowKey={(r) => `${r.organisation}-${r.village}`} size="small" dataSource={cleaning} {...tableState({ ...status, reload: retry }, t('noCleaning'))} pagination={false} data-testid="cleaning-table" scroll={{ x: 'max-content' }}
                columns={[
                  { title: t('organisation'), dataIndex: 'organisation' }, { title: t('area'), dataIndex: 'village' },
                  { title: t('binsOverflowed'), dataIndex: 'bins' }, { title: t('binsDone'), dataIndex: 'done' },
                  { title: t('medianMinutes'), dataIndex: 'medianMinutes', render: (v: number | null) => v ?? '—' },
                  { title: t('p90Minutes'), dataIndex: 'p90Minutes', render: (v: number | null) => v ?? '—' },
                  { title: t('onTime'), dataIndex: 'onTimeRate', render: pct },
                ]} />) },
          ]} />
        </Card>
      </Col>
    </Row>
  );
}
