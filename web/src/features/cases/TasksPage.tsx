/** The grid worker's phone view: my tasks (assigned to me or my organisation), and my area's new reports. */
import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, List, Segmented, Tag } from 'antd';
import { api } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { EmptyHint, ListSkeleton, LoadFailed } from '../../shared/Loading.tsx';
import { useMe } from '../../shared/me.ts';
import { href, navigate, useSegments } from '../../shared/router.ts';
import { CaseDetail } from './CaseDetail.tsx';
import { clock, formatTime, MY_EVENTS, STATE_COLOR, useCaseEvents, type CaseRow, type CaseState } from './caseUtil.ts';

export function TasksPage({ mode }: { mode: 'tasks' | 'reports' }) {
  // undefined until the first answer (a skeleton, not "no tasks"); a failed first load shows why, with a retry
  const [rows, setRows] = useState<CaseRow[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [tab, setTab] = useState<'open' | 'done'>('open');
  // the open case is in the address (/app/tasks/<id>, /app/reports/<id>): a reload keeps it
  const page = mode === 'tasks' ? 'tasks' : 'reports';
  const seg = useSegments();
  const open = seg[0] === page && seg[1] ? seg[1] : null;
  const { me } = useMe();
  // residents' list is on their home page; a party member's on its own page
  const setOpen = (id: string | null) => navigate(id ? href(page, id) : mode === 'reports' && me.kind !== 'staff' ? '/' : href(page));
  const load = useCallback(() => {
    const q = mode === 'tasks' ? 'mine=true&limit=100' : 'limit=100';
    return api<{ items: CaseRow[] }>(`/api/cases?${q}`).then((r) => { setRows(r.items); setError(null); }, setError);
  }, [mode]);
  useEffect(() => void load(), [load]);
  const { message } = App.useApp();
  useCaseEvents(useCallback((type, data) => {
    void load();
    // residents: a note in the page when one of their cases moves on
    if (mode === 'reports' && data.payload?.no && data.payload.state && type !== 'case.reported') message.info(`${data.payload.no}：${t(`plain_${data.payload.state as CaseState}`)}`);
  }, [load, mode, message]), mode === 'reports' ? MY_EVENTS : undefined);
  const done = (r: CaseRow) => ['CLOSED', 'RATED', 'ARCHIVED', 'REJECTED', 'MERGED'].includes(r.state);
  // residents see one list (a handful of reports, newest first); staff split open and done
  const shown = rows && (mode === 'reports' ? rows : rows.filter((r) => (tab === 'done') === done(r)));
  if (open) return (<div>
    <Button onClick={() => { setOpen(null); void load(); }} style={{ marginBottom: 8 }} data-testid="back">← {mode === 'tasks' ? t('myTasks') : t('myReports')}</Button>
    <CaseDetail id={open} compact plain={mode === 'reports'} />
  </div>);
  return (
    <Card title={mode === 'tasks' ? t('myTasks') : t('myReports')} size="small" extra={mode === 'tasks' && <Segmented size="small" data-testid="tasks-tab" value={tab} onChange={(v) => setTab(v as 'open' | 'done')} options={[{ value: 'open', label: t('state_PROCESSING') }, { value: 'done', label: t('state_CLOSED') }]} />}>
      {!shown ? (error ? <LoadFailed error={error} retry={() => void load()} /> : <ListSkeleton />)
        : shown.length === 0 ? <EmptyHint text={mode === 'reports' ? t('noReports') : tab === 'done' ? t('noDoneTasks') : t('noTasks')} /> : (
        <List data-testid="task-list" dataSource={shown} renderItem={(r) => {
          const { at, overdue } = clock(r);
          return (
            <List.Item onClick={() => setOpen(r.id)} style={{ cursor: 'pointer' }} data-testid="task-item">
              <List.Item.Meta title={<span>{r.title} <Tag color={STATE_COLOR[r.state]}>{t(mode === 'reports' ? `plain_${r.state as CaseState}` : `state_${r.state as CaseState}`)}</Tag>{r.reportCount > 1 && <Tag color="orange">{t('reportCount')} {r.reportCount}</Tag>}</span>}
                description={<span>{r.no} · {formatTime(r.reportedAt)}{at && <span style={{ color: overdue ? '#cf1322' : undefined }}> · {t('deadline')} {formatTime(at)}</span>}</span>} />
            </List.Item>
          );
        }} />
      )}
    </Card>
  );
}
