/**
 * The area's tasks for the grid worker, by state: a member's claim to confirm (or decline, with a
 * reason, when someone closer or better placed should take it), the tasks in hand and the open ones,
 * each to end with a reason when it is no longer needed.
 */
import { useState } from 'react';
import { App, Button, Card, Empty, Input, List, Modal, Segmented, Space, Spin, Tag, Typography } from 'antd';
import type { LogPage } from '../../../../src/partywork/partywork.contract.ts';
import { api } from '../../shared/api.ts';
import { t, tf } from '../../shared/i18n.ts';
import { useApi } from '../../shared/useApi.ts';
import { useSubmit } from '../points/useSubmit.ts';
import { KIND_COLOR, kindText, STATE_COLOR, stateText, STATUS_COLOR, when, type TaskView } from './plain.ts';

type State = TaskView['state'];
const ORDER: State[] = ['claimed', 'active', 'open', 'closed'];

export function TaskList({ tasks, onChanged }: { tasks: TaskView[] | undefined; onChanged: () => void }) {
  const { message } = App.useApp();
  const { busy, run } = useSubmit();
  const [state, setState] = useState<State | null>(null);
  const [asking, setAsking] = useState<{ task: TaskView; action: 'decline' | 'close' } | null>(null);
  const [reason, setReason] = useState('');
  const [visits, setVisits] = useState<string | null>(null);
  if (!tasks) return <Spin style={{ marginTop: 48, width: '100%' }} />;
  const count = (s: State) => tasks.filter((x) => x.state === s).length;
  // the claims to confirm first, when there are any
  const shown = state ?? (count('claimed') ? 'claimed' : 'active');
  const act = async (x: TaskView, action: 'accept' | 'decline' | 'close') => {
    const body = action === 'accept' ? undefined : { reason: reason.trim() };
    if (!(await run(() => api(`/api/partywork/tasks/${x.id}/${action}`, { method: 'POST', body }), (e) => void message.error(e)))) return;
    message.success(action === 'accept' ? tf('pw_accepted', { name: x.memberName ?? '' }) : t(action === 'decline' ? 'pw_declined' : 'pw_closedDone'));
    setAsking(null);
    setReason('');
    onChanged();
  };
  const rows = tasks.filter((x) => x.state === shown);
  return (
    <Card size="small" data-testid="pw-tasks">
      <Segmented value={shown} onChange={(v) => setState(v as State)} style={{ marginBottom: 8, maxWidth: '100%', overflowX: 'auto' }} data-testid="pw-task-states"
        options={ORDER.map((s) => ({ value: s, label: `${stateText(s)} ${count(s)}` }))} />
      {rows.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pw_noTasksHere')} /> : (
        <List size="small" dataSource={rows} renderItem={(x) => (
          <List.Item style={{ flexWrap: 'wrap', gap: 8 }} data-testid="pw-task">
            <div style={{ minWidth: 0, flex: 1 }}>
              <Space size={4} wrap>
                <Tag color={KIND_COLOR[x.kind]} style={{ marginInlineEnd: 0 }}>{kindText(x.kind)}</Tag>
                <span style={{ fontWeight: 500 }}>{x.subject}</span>
                <Tag color={STATE_COLOR[x.state]}>{stateText(x.state)}</Tag>
              </Space>
              <div style={{ fontSize: 13, color: '#555', marginTop: 2 }}>
                {tf('pw_every', { n: x.frequencyDays })}
                {x.memberName && ` · ${tf(x.state === 'claimed' ? 'pw_claimedBy' : 'pw_heldBy', { name: x.memberName })}`}
              </div>
              {x.reason && <div style={{ fontSize: 13, color: '#8c8c8c' }}>{tf('pw_reason', { r: x.reason })}</div>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{when(x.updatedAt)}</Typography.Text>
              {x.state !== 'open' && (
                <Button type="link" size="small" onClick={() => setVisits(visits === x.id ? null : x.id)} data-testid="pw-task-visits">{t(visits === x.id ? 'pw_hideVisits' : 'pw_showVisits')}</Button>
              )}
              {visits === x.id && <TaskVisits taskId={x.id} />}
            </div>
            <Space size={6} wrap>
              {x.state === 'claimed' && <Button type="primary" loading={busy} onClick={() => void act(x, 'accept')} data-testid="pw-accept">{tf('pw_accept', { name: x.memberName ?? '' })}</Button>}
              {x.state === 'claimed' && <Button disabled={busy} onClick={() => setAsking({ task: x, action: 'decline' })}>{t('pw_decline')}</Button>}
              {x.state !== 'closed' && <Button type="text" disabled={busy} onClick={() => setAsking({ task: x, action: 'close' })}>{t('pw_close')}</Button>}
            </Space>
          </List.Item>
        )} />
      )}
      <Modal open={!!asking} title={t(asking?.action === 'decline' ? 'pw_declineReason' : 'pw_closeReason')} okText={t('pw_confirm')} cancelText={t('pw_cancel')}
        okButtonProps={{ disabled: !reason.trim(), loading: busy }} onOk={() => asking && void act(asking.task, asking.action)} onCancel={() => setAsking(null)}>
        <Input.TextArea rows={3} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="pw-task-reason" />
      </Modal>
    </Card>
  );
}

/** A task's visits, newest first, with their review: how the member has kept it up. */
function TaskVisits({ taskId }: { taskId: string }) {
  const logs = useApi<LogPage>(`/api/partywork/logs?taskId=${taskId}&limit=50`);
  if (!logs.data) return <Spin size="small" />;
  if (!logs.data.items.length) return <div style={{ fontSize: 13, color: '#8c8c8c' }}>{t('pw_noLogs')}</div>;
  return (
    <List size="small" style={{ marginTop: 4, background: '#fafafa', borderRadius: 6 }} dataSource={[...logs.data.items].sort((a, b) => b.visitedAt.localeCompare(a.visitedAt))} data-testid="pw-task-logs"
      renderItem={(l) => (
        <List.Item style={{ flexWrap: 'nowrap', padding: '4px 8px' }}>
          <div style={{ minWidth: 0, fontSize: 13 }}>
            <div style={{ wordBreak: 'break-word' }}>{l.note}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{when(l.visitedAt)} · {l.memberName}</Typography.Text>
          </div>
          <Tag color={STATUS_COLOR[l.status]} style={{ marginLeft: 8, marginInlineEnd: 0 }}>{t(`pw_st_${l.status}`)}{l.points ? ` ${tf('pw_pointsPlus', { n: l.points })}` : ''}</Tag>
        </List.Item>
      )} />
  );
}
