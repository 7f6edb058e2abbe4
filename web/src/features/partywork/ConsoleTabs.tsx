/**
 * The console's lists: members (names masked, filtered by branch and status, searched by name), branches
 * with this month's work and the 先锋考评 sheet to download, and the tasks by state with their visits.
 * Lists rather than tables: each row wraps on a 390-px phone instead of scrolling sideways.
 */
import { useState } from 'react';
import { Alert, Button, Empty, Input, List, Segmented, Select, Space, Spin, Tag, Typography } from 'antd';
import type { BranchSummaries, MemberFiguresPage, TaskOverview } from '../../../../src/partywork/partywork.contract.ts';
import { errorText } from '../../shared/errors.ts';
import { t, tf } from '../../shared/i18n.ts';
import { useApi } from '../../shared/useApi.ts';
import { monthLabel } from './ConsoleTrend.tsx';
import { ExemptButton } from './Exemptions.tsx';
import { KIND_COLOR, kindText, STATE_COLOR, stateText, when } from './plain.ts';

type Status = MemberFiguresPage['items'][number]['status'];
type Post = MemberFiguresPage['items'][number]['posts'][number];
type TaskState = TaskOverview['items'][number]['state'];
const PAGE = 20;
const q = (params: Record<string, string | number | undefined>) => {
  const s = Object.entries(params).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');
  return s ? `?${s}` : '';
};
const Figure = ({ n, label, testId }: { n: number | string; label: string; testId?: string }) => (
  <div style={{ textAlign: 'center', minWidth: 44 }} data-testid={testId}>
    <div style={{ fontSize: 16, fontWeight: 600, lineHeight: 1.2 }}>{n}</div>
    <Typography.Text type="secondary" style={{ fontSize: 11, whiteSpace: 'nowrap' }}>{label}</Typography.Text>
  </div>
);
const Problem = ({ error }: { error: unknown }) => <Alert type="error" title={errorText(error)} />;

export function MembersTab({ region, branches, canManage }: { region?: string; branches: BranchSummaries['items']; canManage: boolean }) {
  const [branchId, setBranchId] = useState<string | undefined>();
  const [status, setStatus] = useState<Status | 'all'>('all');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const r = useApi<MemberFiguresPage>(`/api/partywork/members/figures${q({ region, branchId, status: status === 'all' ? undefined : status, q: search.trim() || undefined, limit: PAGE, offset: (page - 1) * PAGE })}`);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={10} data-testid="pwc-members">
      <Space wrap>
        <Select allowClear placeholder={t('pwc_allBranches')} value={branchId} onChange={(v) => { setBranchId(v); setPage(1); }} style={{ minWidth: 200, maxWidth: '100%' }}
          options={branches.map((b) => ({ value: b.id, label: b.name }))} data-testid="pwc-member-branch" />
        <Segmented value={status} onChange={(v) => { setStatus(v as Status | 'all'); setPage(1); }} data-testid="pwc-member-status"
          options={(['all', 'serving', 'retired', 'mobile'] as const).map((s) => ({ value: s, label: t(`pwc_status_${s}`) }))} />
        <Input.Search allowClear placeholder={t('pwc_searchName')} maxLength={20} onSearch={(v) => { setSearch(v); setPage(1); }} style={{ width: 200 }} data-testid="pwc-member-search" />
      </Space>
      {r.error ? <Problem error={r.error} /> : !r.data ? <Spin style={{ width: '100%', margin: '32px 0' }} /> : (<>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{tf('pwc_membersLine', { n: r.data.total, m: monthLabel(r.data.month) })}</Typography.Text>
        <List size="small" dataSource={r.data.items} locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pwc_noMembers')} /> }}
          pagination={r.data.total > PAGE ? { current: page, pageSize: PAGE, total: r.data.total, onChange: setPage, size: 'small', showSizeChanger: false } : false}
          renderItem={(m) => (
            <List.Item style={{ flexWrap: 'wrap', gap: 8 }} data-testid="pwc-member">
              <div style={{ minWidth: 0, flex: '1 1 200px' }}>
                <div style={{ fontWeight: 500 }}>{m.name} <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>{m.branchName}</Typography.Text></div>
                <Space size={[4, 4]} wrap style={{ marginTop: 4 }}>
                  <Tag style={{ marginInlineEnd: 0 }}>{t(`pwc_status_${m.status}`)}</Tag>
                  {m.exempt && <Tag color="purple" style={{ marginInlineEnd: 0 }}>{t('pw_exemptMark')}</Tag>}
                  <Tag color={m.reported ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>{t(m.reported ? 'pwc_reported' : 'pwc_notReported')}</Tag>
                  <Tag color={m.identityShown ? 'red' : 'default'} style={{ marginInlineEnd: 0 }}>{t(m.identityShown ? 'pwc_shown' : 'pwc_notShown')}</Tag>
                  {m.posts.map((p: Post) => <Tag key={p} color="gold" style={{ marginInlineEnd: 0 }}>{t(`pwc_post_${p}`)}</Tag>)}
                </Space>
                <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{m.lastVisitAt ? tf('pw_lastVisit', { d: when(m.lastVisitAt) }) : t('pw_neverVisited')}</Typography.Text></div>
              </div>
              <Space size={4}>
                {canManage && !m.exempt && <ExemptButton userId={m.userId} name={m.name} onDone={r.reload} />}
                <Figure n={m.visits} label={t('pwc_visitsMonth')} />
                <Figure n={m.valued} label={t('pwc_valuedMonth')} />
                <Figure n={m.index ?? '—'} label={t('pwc_indexMonth')} />
              </Space>
            </List.Item>
          )} />
      </>)}
    </Space>
  );
}

/** The years a sheet can be asked for: this one and the four before it (China's time). */
function years(): number[] {
  const y = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
  return [y, y - 1, y - 2, y - 3, y - 4];
}

export function BranchesTab({ data, error }: { data: BranchSummaries | undefined; error: unknown }) {
  const [year, setYear] = useState(years()[0]);
  if (error) return <Problem error={error} />;
  if (!data) return <Spin style={{ width: '100%', margin: '32px 0' }} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={10} data-testid="pwc-branches">
      <Space wrap>
        <Typography.Text>{t('pwc_appraisalYear')}</Typography.Text>
        <Select value={year} onChange={setYear} style={{ width: 110 }} options={years().map((y) => ({ value: y, label: tf('pwc_year', { y }) }))} data-testid="pwc-year" />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('pwc_appraisalHint')}</Typography.Text>
      </Space>
      <List size="small" dataSource={data.items} locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pwc_noBranches')} /> }}
        renderItem={(b) => (
          <List.Item style={{ flexWrap: 'wrap', gap: 8 }} data-testid="pwc-branch">
            <div style={{ minWidth: 0, flex: '1 1 220px' }}>
              <div style={{ fontWeight: 500, wordBreak: 'break-word' }}>{b.name} <Tag color={b.kind === 'residential' ? 'volcano' : 'default'} style={{ marginInlineStart: 4 }}>{t(`pwc_kind_${b.kind}`)}</Tag></div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{b.regionName} · {tf('pwc_memberCount', { n: b.memberCount })}</Typography.Text>
            </div>
            <Space size={4} wrap>
              <Figure n={b.visits} label={t('pwc_visitsMonth')} />
              <Figure n={b.valued} label={t('pwc_valuedMonth')} />
              <Figure n={b.averageIndex === null ? '—' : b.averageIndex.toFixed(1)} label={t('pwc_averageIndex')} />
              <Button size="small" href={`/api/partywork/branches/${b.id}/appraisal.xlsx?year=${year}`} download data-testid="pwc-appraisal">{t('pwc_exportAppraisal')}</Button>
            </Space>
          </List.Item>
        )} />
    </Space>
  );
}

const STATES: TaskState[] = ['active', 'claimed', 'open', 'closed'];

export function TasksTab({ region }: { region?: string }) {
  const [state, setState] = useState<TaskState>('active');
  const [page, setPage] = useState(1);
  const r = useApi<TaskOverview>(`/api/partywork/tasks/overview${q({ region, state, limit: PAGE, offset: (page - 1) * PAGE })}`);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={10} data-testid="pwc-tasks">
      <Segmented value={state} onChange={(v) => { setState(v as TaskState); setPage(1); }} data-testid="pwc-task-state"
        options={STATES.map((s) => ({ value: s, label: r.data ? `${stateText(s)} ${r.data.counts[s]}` : stateText(s) }))} />
      {r.error ? <Problem error={r.error} /> : !r.data ? <Spin style={{ width: '100%', margin: '32px 0' }} /> : (
        <List size="small" dataSource={r.data.items} locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pw_noTasksHere')} /> }}
          pagination={r.data.total > PAGE ? { current: page, pageSize: PAGE, total: r.data.total, onChange: setPage, size: 'small', showSizeChanger: false } : false}
          renderItem={(x) => (
            <List.Item style={{ flexWrap: 'wrap', gap: 8 }} data-testid="pwc-task">
              <div style={{ minWidth: 0, flex: '1 1 220px' }}>
                <div style={{ fontWeight: 500, wordBreak: 'break-word' }}>
                  <Tag color={KIND_COLOR[x.kind]}>{kindText(x.kind)}</Tag>{x.householdLabel ?? x.subject}
                  <Tag color={STATE_COLOR[x.state]} style={{ marginInlineStart: 6 }}>{stateText(x.state)}</Tag>
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {x.memberName ? tf('pw_heldBy', { name: x.memberName }) : t('pwc_noMember')} · {tf('pw_every', { n: x.frequencyDays })}
                </Typography.Text>
                <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{x.lastVisitAt ? tf('pw_lastVisit', { d: when(x.lastVisitAt) }) : t('pw_neverVisited')}</Typography.Text></div>
              </div>
              <Space size={4}>
                <Figure n={x.visits} label={t('pwc_visitsAll')} />
                <Figure n={x.valued} label={t('pwc_valuedAll')} />
              </Space>
            </List.Item>
          )} />
      )}
    </Space>
  );
}
