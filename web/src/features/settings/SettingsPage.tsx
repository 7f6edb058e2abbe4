/** 设置: every feature's settings tabs that this user may use, in one page (each tab's code loads when it is opened). */
import { Suspense } from 'react';
import { Card, Spin, Tabs } from 'antd';
import { t } from '../../shared/i18n.ts';
import { useMe } from '../../shared/me.ts';
import type { SettingsTab } from '../../shared/screens.ts';

export function SettingsPage({ tabs }: { tabs: readonly SettingsTab[] }) {
  const { me } = useMe();
  const can = (p: string) => me.permissions.includes(p);
  return (
    <Card title={t('caseSettings')}>
      <Tabs items={tabs.filter((x) => x.visible(can)).map((x) => ({ key: x.key, label: t(x.label), children: <Suspense fallback={<Spin style={{ marginTop: 24, width: '100%' }} />}>{x.render()}</Suspense> }))} />
    </Card>
  );
}
