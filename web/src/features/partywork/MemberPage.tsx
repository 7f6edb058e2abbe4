/**
 * 党员联户 on the member's phone: my service points (the valued visits' points), the tasks I hold — with
 * 走亲打卡 on an active one and how long since the last visit — the open tasks of my area to take
 * (nearest first when the phone gives its position), and my visits with their review. Visits written
 * offline wait on the phone (queue.ts) and go when the connection is back. The open part is in the
 * address: /app/party/tasks, /app/party/logs, /app/party/checkin/<taskId>. Above my tasks, 我的服务力 (IndexCard.tsx);
 * on a visit, 「转为事件」 (LogCase.tsx).
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Empty, List, Popconfirm, Segmented, Space, Spin, Tag, Typography } from 'antd';
import type { LogPage, MyPartyWork } from '../../../../src/partywork/partywork.contract.ts';
import type { MyPoints } from '../../../../src/points/points.contract.ts';
import { api, type Me } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { getLang, t, tf } from '../../shared/i18n.ts';
import { href, navigate, useSegments } from '../../shared/router.ts';
import { useApi } from '../../shared/useApi.ts';
import { useSubmit } from '../points/useSubmit.ts';
import { CheckIn } from './CheckIn.tsx';
import { IndexCard } from './IndexCard.tsx';
import { MyDutiesCard } from './Duties.tsx';
import { LogCaseAction } from './LogCase.tsx';
import { discard, flush, readQueue, type QueuedVisit } from './queue.ts';
import { far, KIND_COLOR, kindText, metres, needText, STATE_COLOR, stateText, STATUS_COLOR, when, type LogView, type TaskView } from './plain.ts';

const BASE = 'party';
const DAY = 86_400_000;

export function MemberPage({ me }: { me: Me }) {
  const seg = useSegments();
  const { message } = App.useApp();
  const work = useApi<MyPartyWork>('/api/me/partywork');
  const logs = useApi<LogPage>('/api/me/partywork/logs?limit=200');
  // the ledger's balance, corrections included (the visits below are the latest 200 only)
  const account = useApi<MyPoints>('/api/me/points?ledger=party_service&limit=1');
  const [queue, setQueue] = useState<QueuedVisit[]>(() => readQueue(me.id));
  const [here, setHere] = useState<{ lat: number; lon: number } | null>(null);
  const reload = useCallback(() => { work.reload(); logs.reload(); account.reload(); setQueue(readQueue(me.id)); }, [work, logs, account, me.id]);

  // the visits kept on the phone go as soon as there is a connection: now, and whenever it comes back
  const sync = useCallback(async (say: boolean) => {
    if (!readQueue(me.id).some((v) => !v.refused)) return;
    const r = await flush(me.id);
    setQueue(readQueue(me.id));
    if (r.sent) { message.success(tf('pw_synced', { n: r.sent })); logs.reload(); }
    else if (say) message.warning(t('pw_syncFailed'));
  }, [me.id, message, logs]);
  useEffect(() => {
    void sync(false);
    const online = () => void sync(false);
    addEventListener('online', online);
    return () => removeEventListener('online', online);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me.id]);
  useEffect(() => {
    navigator.geolocation?.getCurrentPosition((p) => setHere({ lat: p.coords.latitude, lon: p.coords.longitude }), () => undefined, { maximumAge: 300_000, timeout: 10_000 });
  }, []);

  const items = useMemo(() => logs.data?.items ?? [], [logs.data]);
  const points = account.data?.spendable;
  const pending = items.filter((l) => l.status === 'pending').length;
  const lastVisit = useMemo(() => {
    const m = new Map<string, string>();
    for (const l of [...items, ...queue]) if (!m.has(l.taskId) || m.get(l.taskId)! < l.visitedAt) m.set(l.taskId, l.visitedAt);
    return m;
  }, [items, queue]);

  // a visit to a task no longer held (given back, ended) is named by the task, asked for once
  const [ended, setEnded] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!work.data) return;
    const known = new Set([...work.data.tasks, ...work.data.openTasks].map((x) => x.id));
    for (const id of new Set(items.map((l) => l.taskId))) {
      if (known.has(id) || id in ended) continue;
      setEnded((e) => ({ ...e, [id]: '' }));
      void api<TaskView>(`/api/partywork/tasks/${id}`).then((x) => setEnded((e) => ({ ...e, [id]: x.subject })), () => undefined);
    }
  }, [work.data, items, ended]);

  if (work.error && (work.error as { code?: string }).code === 'PARTY_NOT_MEMBER') return <Alert type="info" showIcon title={t('pw_notMember')} data-testid="pw-not-member" />;
  if (!work.data) return work.error ? <Alert type="error" title={errorText(work.error)} /> : <Spin style={{ marginTop: 48, width: '100%' }} />;

  const tasks = work.data.tasks;
  const subjects = new Map([...Object.entries(ended).filter(([, v]) => v), ...[...tasks, ...work.data.openTasks].map((x) => [x.id, x.subject] as const)]);
  const tab = seg[1] === 'logs' ? 'logs' : seg[1] === 'checkin' ? 'checkin' : 'tasks';
  const checking = tab === 'checkin' ? tasks.find((x) => x.id === seg[2] && x.state === 'active') : undefined;

  return (
    <div data-testid="pw-member" style={{ maxWidth: 720 }}>
      <Card size="small" style={{ background: 'linear-gradient(135deg, #a8071a, #d4380d)', color: '#fff' }} styles={{ body: { padding: 14 } }}>
        <div style={{ fontSize: 13, opacity: 0.9 }}>{work.data.member.name} · {work.data.member.branchName}</div>
        <div style={{ display: 'flex', alignItems: 'baseline', gap: 8, marginTop: 4 }}>
          <span style={{ fontSize: 32, fontWeight: 600 }} data-testid="pw-points">{points ?? '—'}</span>
          <span>{t('pw_points')}</span>
          {pending > 0 && <Tag color="gold" style={{ marginLeft: 'auto' }}>{tf('pw_pendingN', { n: pending })}</Tag>}
        </div>
        <div style={{ fontSize: 12, opacity: 0.85 }}>{t('pw_pointsHint')}</div>
      </Card>
      {tab === 'tasks' && <IndexCard />}
      {tab === 'tasks' && <MyDutiesCard />}
      <QueueBar queue={queue} onSync={() => void sync(true)} onDiscard={(id) => { discard(me.id, id); setQueue(readQueue(me.id)); }} />
      {checking ? (
        <CheckIn me={me} task={checking} onBack={() => navigate(href(BASE, 'tasks'))}
          onDone={(queued) => { setQueue(readQueue(me.id)); if (!queued) logs.reload(); navigate(href(BASE, 'logs')); }} />
      ) : (<>
        <Segmented block style={{ margin: '12px 0' }} value={tab === 'logs' ? 'logs' : 'tasks'} onChange={(v) => navigate(href(BASE, String(v)))} data-testid="pw-tabs"
          options={[{ value: 'tasks', label: t('pw_tabTasks') }, { value: 'logs', label: t('pw_tabLogs') }]} />
        {tab === 'logs'
          ? <Logs logs={items} queue={queue} subjects={subjects} loading={logs.loading} />
          : <Tasks held={tasks} open={work.data.openTasks} here={here} lastVisit={lastVisit} onChanged={reload} />}
      </>)}
    </div>
  );
}

function QueueBar({ queue, onSync, onDiscard }: { queue: QueuedVisit[]; onSync: () => void; onDiscard: (id: string) => void }) {
  const waiting = queue.filter((v) => !v.refused);
  const refused = queue.filter((v) => v.refused);
  if (!queue.length) return null;
  return (
    <Space direction="vertical" style={{ width: '100%', marginTop: 8 }} size={6}>
      {waiting.length > 0 && (
        <Alert type="warning" showIcon data-testid="pw-queue" title={tf('pw_queueN', { n: waiting.length })}
          action={<Button size="small" onClick={onSync} data-testid="pw-sync">{t('pw_syncNow')}</Button>} />
      )}
      {refused.map((v) => (
        <Alert key={v.id} type="error" showIcon data-testid="pw-refused" title={`${t('pw_refused')}：${v.subject} · ${when(v.visitedAt)}`} description={v.refused}
          action={<Button size="small" danger onClick={() => onDiscard(v.id)}>{t('pw_discard')}</Button>} />
      ))}
    </Space>
  );
}

function TaskLine({ x, here, children }: { x: TaskView; here: { lat: number; lon: number } | null; children?: ReactNode }) {
  return (
    <div style={{ minWidth: 0, flex: 1 }}>
      <Space size={4} wrap>
        <Tag color={KIND_COLOR[x.kind]} style={{ marginInlineEnd: 0 }}>{kindText(x.kind)}</Tag>
        <span style={{ fontWeight: 500, wordBreak: 'break-word' }}>{x.subject}</span>
      </Space>
      <div style={{ fontSize: 13, color: '#555', marginTop: 2 }}>
        {tf('pw_every', { n: x.frequencyDays })}
        {here && x.point ? ` · ${tf('pw_away', { d: far(metres(here, x.point)) })}` : ''}
      </div>
      {x.note && <div style={{ fontSize: 13, color: '#555', wordBreak: 'break-word' }}>{x.note}</div>}
      {children}
    </div>
  );
}

function Tasks({ held, open, here, lastVisit, onChanged }: {
  held: TaskView[]; open: TaskView[]; here: { lat: number; lon: number } | null; lastVisit: Map<string, string>; onChanged: () => void;
}) {
  const { message } = App.useApp();
  const { busy, run } = useSubmit();
  const act = async (x: TaskView, action: 'claim' | 'release') => {
    if (await run(() => api(`/api/partywork/tasks/${x.id}/${action}`, { method: 'POST' }), (e) => void message.error(e))) {
      message.success(t(action === 'claim' ? 'pw_claimed' : 'pw_released'));
      onChanged();
    }
  };
  // nearest first when the phone says where it is; a task without a marked place last
  const openSorted = here ? [...open].sort((a, b) => (a.point ? metres(here, a.point) : 1e9) - (b.point ? metres(here, b.point) : 1e9)) : open;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Card size="small" title={t('pw_held')} data-testid="pw-held">
        {held.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pw_noHeld')} /> : (
          <List size="small" dataSource={held} renderItem={(x) => {
            const last = lastVisit.get(x.id);
            const due = x.state === 'active' && (!last || Date.now() - new Date(last).getTime() > x.frequencyDays * DAY);
            return (
              // the actions under the task, not beside it: a phone's width is the task's words
              <List.Item style={{ display: 'block' }} data-testid="pw-held-task">
                <TaskLine x={x} here={here}>
                  <Space size={4} wrap style={{ marginTop: 4 }}>
                    <Tag color={STATE_COLOR[x.state]}>{x.state === 'claimed' ? t('pw_claimed') : stateText(x.state)}</Tag>
                    {x.state === 'active' && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{last ? tf('pw_lastVisit', { d: when(last) }) : t('pw_neverVisited')}</Typography.Text>}
                    {due && <Tag color="red">{t('pw_due')}</Tag>}
                  </Space>
                </TaskLine>
                <div style={{ display: 'flex', gap: 8, marginTop: 8, alignItems: 'center' }}>
                  {x.state === 'active' && <Button type="primary" style={{ flex: 1, maxWidth: 360 }} onClick={() => navigate(href(BASE, 'checkin', x.id))} data-testid="pw-checkin">{t('pw_checkin')}</Button>}
                  <Popconfirm title={t('pw_releaseAsk')} okText={t('pw_confirm')} cancelText={t('pw_cancel')} onConfirm={() => act(x, 'release')}>
                    <Button size="small" type="link" disabled={busy} style={{ marginLeft: 'auto' }}>{t('pw_release')}</Button>
                  </Popconfirm>
                </div>
              </List.Item>
            );
          }} />
        )}
      </Card>
      <Card size="small" title={t('pw_open')} data-testid="pw-open">
        {openSorted.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pw_noOpen')} /> : (
          <List size="small" dataSource={openSorted} renderItem={(x) => (
            <List.Item style={{ flexWrap: 'nowrap', gap: 8 }} data-testid="pw-open-task">
              <TaskLine x={x} here={here} />
              <Button onClick={() => void act(x, 'claim')} disabled={busy} data-testid="pw-claim">{t('pw_claim')}</Button>
            </List.Item>
          )} />
        )}
      </Card>
    </Space>
  );
}

function Logs({ logs, queue, subjects, loading }: { logs: LogView[]; queue: QueuedVisit[]; subjects: Map<string, string>; loading: boolean }) {
  const waiting = queue.filter((v) => !v.refused);
  if (!logs.length && !waiting.length) return <Card size="small">{loading ? <Spin /> : <Empty description={t('pw_noLogs')} />}</Card>;
  return (
    <Card size="small" data-testid="pw-logs">
      <List size="small">
        {waiting.map((v) => (
          <List.Item key={v.id} data-testid="pw-log-waiting" style={{ flexWrap: 'nowrap' }}>
            <div style={{ minWidth: 0 }}>
              <div style={{ fontWeight: 500 }}>{v.subject}</div>
              <div style={{ fontSize: 13, wordBreak: 'break-word' }}>{v.note}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{when(v.visitedAt)}</Typography.Text>
            </div>
            <Tag color="orange" style={{ marginLeft: 8, marginInlineEnd: 0 }}>{t('pw_waiting')}</Tag>
          </List.Item>
        ))}
        {logs.map((l) => (
          <List.Item key={l.id} data-testid="pw-log" style={{ flexWrap: 'nowrap', alignItems: 'flex-start' }}>
            <div style={{ minWidth: 0 }}>
              <div style={{ fontWeight: 500 }}>{subjects.get(l.taskId) ?? t('pw_visit')}</div>
              <div style={{ fontSize: 13, wordBreak: 'break-word' }}>{l.note}</div>
              {l.needs.length > 0 && <div>{l.needs.map((n) => <Tag key={n} style={{ marginTop: 4 }}>{needText(n)}</Tag>)}</div>}
              {l.status === 'rejected' && l.rejectReason && <div style={{ fontSize: 13, color: '#cf1322' }}>{tf('pw_reason', { r: l.rejectReason })}</div>}
              {l.pointsNote && <div style={{ fontSize: 12, color: '#8c8c8c' }}>{getLang() === 'en' ? l.pointsNote.en : l.pointsNote.zh}</div>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{when(l.visitedAt)}</Typography.Text>
              {/* a visit that found what a visit cannot fix (孔奶奶 unwell) becomes the grid worker's case */}
              <div style={{ marginTop: 4 }}><LogCaseAction log={l} /></div>
            </div>
            <div style={{ marginLeft: 8, textAlign: 'right', whiteSpace: 'nowrap' }}>
              <Tag color={STATUS_COLOR[l.status]} style={{ marginInlineEnd: 0 }} data-testid="pw-log-status">{t(`pw_st_${l.status}`)}</Tag>
              {l.status === 'valued' && <div style={{ fontSize: 17, fontWeight: 600, color: l.points ? '#1d6f42' : '#999', marginTop: 4 }} data-testid="pw-log-points">{tf('pw_pointsPlus', { n: l.points ?? 0 })}</div>}
            </div>
          </List.Item>
        ))}
      </List>
    </Card>
  );
}
