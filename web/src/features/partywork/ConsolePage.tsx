/**
 * 党建工作台: the community/street console for the staff who read an area's party work (leaders, the
 * command room, township and community staff, the administrator): the 12-month 走亲 trend above, then
 * the members, the branches (with the year-end 先锋考评 sheet), the 联户 tasks, 免于走访 and the rankings.
 */
import { useState } from 'react';
import { Card, Select, Space, Tabs, Typography } from 'antd';
import type { BranchSummaries } from '../../../../src/partywork/partywork.contract.ts';
import type { Me } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { useApi } from '../../shared/useApi.ts';
import { BranchesTab, MembersTab, TasksTab } from './ConsoleTabs.tsx';
import { ConsoleTrend } from './ConsoleTrend.tsx';
import { OverdueCard, TargetCard } from './Duties.tsx';
import { ExemptionsTab } from './Exemptions.tsx';
import { Rankings } from './Rankings.tsx';

export function ConsolePage({ me }: { me: Me }) {
  // the places the user works in that they may read; none chosen is all of their area
  const scopes = me.scopes['partywork.read'] ?? [];
  const places = Object.keys(me.regionNames).filter((c) => scopes.some((s) => c.startsWith(s))).sort();
  const [place, setPlace] = useState<string | undefined>(places.length === 1 ? places[0] : undefined);
  const [tab, setTab] = useState('members');
  // the village's administrator records a branch's 免于走访; the township or street above approves it
  const canManage = (me.scopes['partywork.manage'] ?? []).length > 0;
  const canApprove = (me.scopes['partywork.exempt_approve'] ?? []).length > 0;
  const branches = useApi<BranchSummaries>(`/api/partywork/branches/summary${place ? `?region=${place}` : ''}`);
  return (
    <Space direction="vertical" size={12} style={{ width: '100%', maxWidth: 1080 }} data-testid="pwc-page">
      <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('pwc_title')}{place ? ` · ${me.regionNames[place]}` : ''}</Typography.Title>
        {places.length > 1 && <Select allowClear placeholder={t('pwc_allPlaces')} value={place} onChange={setPlace} style={{ minWidth: 160 }} data-testid="pwc-place"
          options={places.map((c) => ({ value: c, label: me.regionNames[c] }))} />}
      </Space>
      <ConsoleTrend region={place} />
      <OverdueCard region={place} />
      <TargetCard region={place} />
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        {/* a tab asks afresh each time it is opened: an exemption approved in one shows as 免 in 党员 */}
        <Tabs activeKey={tab} onChange={setTab} destroyOnHidden data-testid="pwc-tabs" items={[
          { key: 'members', label: t('pwc_tabMembers'), children: <MembersTab region={place} branches={branches.data?.items ?? []} canManage={canManage} /> },
          { key: 'branches', label: t('pwc_tabBranches'), children: <BranchesTab data={branches.data} error={branches.error} /> },
          { key: 'tasks', label: t('pwc_tabTasks'), children: <TasksTab region={place} /> },
          { key: 'exemptions', label: t('pwx_tab'), children: <ExemptionsTab region={place} canApprove={canApprove} /> },
          { key: 'rankings', label: t('pw_tabRank'), children: <div data-testid="pw-rankings-page"><Rankings me={me} /></div> },
        ]} />
      </Card>
    </Space>
  );
}
