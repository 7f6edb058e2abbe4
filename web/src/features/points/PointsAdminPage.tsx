/**
 * 积分管理 in the console: the points items (rules and their versions), the review queue, objections
 * for the township's 复核, the village scoring group, the village's settings, the people's accounts with
 * their history, and the liability report.
 * One village is chosen at the top; the tabs a person sees follow their permissions (the server checks
 * each call again, in its area).
 */
import { Card, Select, Space, Tabs } from 'antd';
import type { Me } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { useMyVillages } from '../../shared/useMyVillages.ts';
import { href, navigate, useSegments } from '../../shared/router.ts';
import { AccountsTab } from './AccountsTab.tsx';
import { QueueTab, RecheckTab } from './ClaimsTabs.tsx';
import { RankingsTab } from './RankingsTab.tsx';
import { RulesTab } from './RulesTab.tsx';
import { ReportTab, ScorersTab, SettingsTab } from './VillageTabs.tsx';

export type { Village } from '../../shared/useMyVillages.ts';

export function PointsAdminPage({ me }: { me: Me }) {
  const seg = useSegments();
  const can = (p: string) => me.permissions.includes(p);
  const { villages, village, setVillage } = useMyVillages(me);
  const tabs = [
    can('points.manage') && { key: 'rules', label: t('pt_tabRules'), children: <RulesTab me={me} villages={villages} /> },
    { key: 'queue', label: t('pt_tabQueue'), children: <QueueTab village={village} /> },
    can('points.recheck') && { key: 'recheck', label: t('pt_tabRecheck'), children: <RecheckTab village={village} /> },
    { key: 'scorers', label: t('pt_tabScorers'), children: <ScorersTab me={me} village={village} /> },
    { key: 'settings', label: t('pt_tabSettings'), children: <SettingsTab me={me} village={village} villages={villages} /> },
    can('points.read') && { key: 'accounts', label: t('pt_tabAccounts'), children: <AccountsTab village={village} /> },
    { key: 'report', label: t('pt_tabReport'), children: <ReportTab village={village} /> },
    can('points.read') && { key: 'rankings', label: t('rk_tab'), children: <RankingsTab me={me} village={village} /> },
  ].filter(Boolean) as { key: string; label: string; children: React.ReactNode }[];
  const tab = tabs.some((x) => x.key === seg[1]) ? seg[1] : tabs[0].key;
  return (
    <Card title={t('pt_admin')} data-testid="points-admin">
      {/* above the tabs, not in the title bar: on a phone the title bar has no room for it */}
      <Space wrap style={{ marginBottom: 8 }}>
        <span style={{ whiteSpace: 'nowrap' }}>{t('pt_village')}</span>
        <Select showSearch optionFilterProp="label" style={{ width: 260, maxWidth: 'calc(100vw - 96px)' }} value={village} onChange={setVillage} placeholder={t('pt_pickVillage')} data-testid="points-village"
          options={villages.map((v) => ({ value: v.code, label: `${v.name}（${v.township}）` }))} />
      </Space>
      <Tabs activeKey={tab} onChange={(k) => navigate(href('points', k))} items={tabs} destroyOnHidden data-testid="points-tabs" />
    </Card>
  );
}
