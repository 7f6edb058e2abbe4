/**
 * 联户任务, the grid worker's page: the visits waiting for review first (oldest first — a visit sent late
 * from a phone offline says so, with its distance to the place and the position's accuracy), then the
 * area's tasks (a member's claim to confirm or decline, a task to end), then a new task. The open tab is
 * in the address: /app/party-work/review | tasks | new | rank. A visit that needs more than a visit opens a case
 * from its review card (LogCase.tsx); the rankings tab shows the area's 服务力 (Rankings.tsx).
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { App, Badge, Button, Card, Empty, Image, Input, List, Modal, Segmented, Space, Spin, Tag } from 'antd';
import type { LogPage, SettingsView, TaskPage } from '../../../../src/partywork/partywork.contract.ts';
import { api, type Me } from '../../shared/api.ts';
import { getLang, t, tf } from '../../shared/i18n.ts';
import { href, navigate, useSegments } from '../../shared/router.ts';
import { useApi } from '../../shared/useApi.ts';
import { useSubmit } from '../points/useSubmit.ts';
import { PublishForm } from './PublishForm.tsx';
import { OverdueTag, TargetCard, useOverdue } from './Duties.tsx';
import { Rankings } from './Rankings.tsx';
import { LogCaseAction } from './LogCase.tsx';
import { TaskList } from './TaskList.tsx';
import { flagText, KIND_COLOR, kindText, needText, span, when, type LogView, type TaskView } from './plain.ts';

const BASE = 'party-work';
const TABS = ['review', 'tasks', 'new', 'rank'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABEL = { review: 'pw_tabReview', tasks: 'pw_tabTaskList', new: 'pw_tabPublish', rank: 'pw_tabRank' } as const;

export function GridPage({ me }: { me: Me }) {
  const seg = useSegments();
  const reviewer = me.permissions.includes('partywork.review');
  // the rankings for whoever reads the area's party work
  const tabs = TABS.filter((x) => (x !== 'review' || reviewer) && (x !== 'rank' || me.permissions.includes('partywork.read')));
  const tab: Tab = (tabs as readonly string[]).includes(seg[1]) ? (seg[1] as Tab) : tabs[0];
  const queue = useApi<LogPage>(reviewer ? '/api/partywork/logs?status=pending&limit=200' : null);
  const tasks = useApi<TaskPage>('/api/partywork/tasks?limit=200');
  const toConfirm = tasks.data?.items.filter((x) => x.state === 'claimed').length ?? 0;
  const label = (x: Tab, n: number) => <span>{t(TAB_LABEL[x])}{n > 0 && <Badge count={n} size="small" style={{ marginLeft: 6 }} />}</span>;
  return (
    <div data-testid="pw-grid" style={{ maxWidth: 880 }}>
      {/* each tab as wide as its words (at least): four tabs on a 390-px phone, 审核走访 with its count whole */}
      <Segmented block value={tab} onChange={(v) => navigate(href(BASE, String(v)))} style={{ marginBottom: 12 }} styles={{ item: { flex: '1 0 auto' } }} data-testid="pw-grid-tabs"
        options={tabs.map((x) => ({ value: x, label: label(x, x === 'review' ? queue.data?.total ?? 0 : x === 'tasks' ? toConfirm : 0) }))} />
      {(tab === 'review' || tab === 'tasks') && me.permissions.includes('partywork.read') && <TargetCard />}
      {tab === 'review' && <Review logs={queue.data?.items} tasks={tasks.data?.items ?? []} onDone={() => { queue.reload(); }} />}
      {tab === 'tasks' && <TaskList tasks={tasks.data?.items} onChanged={tasks.reload} />}
      {tab === 'rank' && <Rankings me={me} />}
      {tab === 'new' && <PublishForm me={me} onDone={() => { tasks.reload(); navigate(href(BASE, 'tasks')); }} />}
    </div>
  );
}

function Review({ logs, tasks, onDone }: { logs: LogView[] | undefined; tasks: TaskView[]; onDone: () => void }) {
  const byId = useMemo(() => new Map(tasks.map((x) => [x.id, x])), [tasks]);
  // the visits waiting more than 3 working days (escalated to the community): marked on their cards
  const overdue = useOverdue(true);
  // what a valued visit pays where it was made (the visit rules may differ by village): asked once per place
  const regions = [...new Set((logs ?? []).map((l) => l.regionCode))].sort().join(',');
  const [pays, setPays] = useState<Record<string, number>>({});
  useEffect(() => {
    for (const r of regions ? regions.split(',') : []) {
      void api<SettingsView>(`/api/partywork/settings/${r}`).then((s) => setPays((p) => ({ ...p, [r]: s.pointsPerLog })), () => undefined);
    }
  }, [regions]);
  if (!logs) return <Spin style={{ marginTop: 48, width: '100%' }} />;
  if (!logs.length) return <Card size="small"><Empty description={t('pw_noReview')} /></Card>;
  return (
    <List dataSource={logs} data-testid="pw-review" renderItem={(l) => (
      <ReviewCard key={l.id} log={l} task={byId.get(l.taskId)} pays={pays[l.regionCode]} onDone={onDone} overdue={<OverdueTag item={overdue.get(l.id)} />} />
    )} />
  );
}

function ReviewCard({ log, task, pays, onDone, overdue }: { log: LogView; task: TaskView | undefined; pays: number | undefined; onDone: () => void; overdue?: ReactNode }) {
  const { message } = App.useApp();
  const { busy, run } = useSubmit();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const late = new Date(log.receivedAt).getTime() - new Date(log.visitedAt).getTime();
  const review = async (decision: 'valued' | 'rejected') => {
    let answer: LogView | null = null;
    const ok = await run(async () => { answer = await api<LogView>(`/api/partywork/logs/${log.id}/review`, { body: { decision, ...(decision === 'rejected' ? { reason: reason.trim() } : {}) } }); }, (e) => void message.error(e));
    if (!ok || !answer) return;
    const a: LogView = answer;
    if (decision === 'rejected') message.success(t('pw_rejectedDone'));
    else if (a.points) message.success(tf('pw_reviewedPts', { name: a.memberName, n: a.points }));
    else message.info(tf('pw_reviewedNone', { note: a.pointsNote?.[getLang()] ?? '' }));
    setRejecting(false);
    onDone();
  };
  return (
    <Card size="small" style={{ marginBottom: 10 }} data-testid="pw-review-item"
      title={<Space size={4} wrap style={{ whiteSpace: 'normal' }}>
        {task && <Tag color={KIND_COLOR[task.kind]} style={{ marginInlineEnd: 0 }}>{kindText(task.kind)}</Tag>}
        <span>{task?.subject ?? t('pw_visit')}</span>
        {overdue}
      </Space>}>
      <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}>
        <div style={{ minWidth: 0, flex: 1 }}>
          <div style={{ fontSize: 13, color: '#555' }}>{tf('pw_by', { name: log.memberName })} · {tf('pw_at', { t: when(log.visitedAt) })}</div>
          <div style={{ margin: '6px 0', wordBreak: 'break-word' }}>{log.note}</div>
          <Space size={4} wrap>
            {log.needs.map((n) => <Tag key={n} color="blue">{needText(n)}</Tag>)}
            {log.distanceM !== null && <Tag color={log.flags.includes('outside_geofence') ? 'orange' : 'green'}>{tf('pw_distance', { d: Math.round(log.distanceM) })}</Tag>}
            <Tag color={log.flags.includes('low_accuracy') ? 'orange' : 'default'}>{tf('pw_accuracy', { a: Math.round(log.accuracyM) })}</Tag>
            {log.flags.filter((f) => f !== 'low_accuracy').map((f) => <Tag key={f} color="orange" data-testid="pw-flag">{flagText(f)}</Tag>)}
            {late > 3_600_000 && <Tag color="purple">{tf('pw_late', { d: span(late) })}</Tag>}
          </Space>
        </div>
        {log.photoId && <Image src={`/api/media/${log.photoId}/thumb`} preview={{ src: `/api/media/${log.photoId}` }} width={72} height={72} style={{ objectFit: 'cover', borderRadius: 4 }} />}
      </div>
      <Space wrap style={{ marginTop: 10 }}>
        <Button type="primary" loading={busy} onClick={() => void review('valued')} data-testid="pw-value">{pays ? tf('pw_valuedPts', { n: pays }) : t('pw_valued')}</Button>
        <Button danger disabled={busy} onClick={() => setRejecting(true)} data-testid="pw-reject">{t('pw_reject')}</Button>
        <LogCaseAction log={log} grid />
      </Space>
      <Modal open={rejecting} title={t('pw_rejectReason')} okText={t('pw_reject')} cancelText={t('pw_cancel')} okButtonProps={{ danger: true, disabled: !reason.trim(), loading: busy }}
        onOk={() => void review('rejected')} onCancel={() => setRejecting(false)}>
        <Input.TextArea rows={3} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('pw_reasonPh')} data-testid="pw-reject-reason" />
      </Modal>
    </Card>
  );
}
