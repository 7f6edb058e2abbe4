/** The shell: log-in, then a layout whose navigation depends on the user's permissions. */
import { useCallback, useEffect, useState } from 'react';
import { App as AntApp, Button, ConfigProvider, Layout, Menu, Segmented, Space, Spin, Tag, Typography } from 'antd';
import type { Locale } from 'antd/es/locale/index.js';
import enUSModule from 'antd/es/locale/en_US.js';
import zhCNModule from 'antd/es/locale/zh_CN.js';
import { api, type Me } from './api.ts';
import { setLang, t, useLang } from './i18n.ts';
import { CasesPage } from './pages/cases/CasesPage.tsx';
import { ReportPage } from './pages/citizen/ReportPage.tsx';
import { CaseSettingsPage } from './pages/CaseSettingsPage.tsx';
import { TasksPage } from './pages/cases/TasksPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { OrganisationsPage } from './pages/OrganisationsPage.tsx';
import { RegionsPage } from './pages/RegionsPage.tsx';
import { CamerasPage } from './pages/CamerasPage.tsx';
import { NotificationBell } from './pages/NotificationBell.tsx';
import { InspectPage } from './pages/InspectPage.tsx';
import { ReservoirsPage } from './pages/ReservoirsPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';

// antd ships these as ES modules without "type": "module"; TypeScript (NodeNext) types the default
// import as the namespace, Vite hands over the default export. One cast settles it.
const zhCN = zhCNModule as unknown as Locale;
const enUS = enUSModule as unknown as Locale;

type Route = 'home' | 'cases' | 'tasks' | 'inspect' | 'reservoirs' | 'cameras' | 'regions' | 'users' | 'organisations' | 'settings';

const routeFromPath = (): Route => {
  const m = /^\/app\/(\w+)/.exec(location.pathname);
  return (m?.[1] as Route) ?? 'home';
};

export function LangSwitch() {
  const lang = useLang();
  return <Button size="small" data-testid="lang-switch" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{t('language')}</Button>;
}

function Shell({ me, onLogout }: { me: Me; onLogout: () => void }) {
  const [route, setRoute] = useState<Route>(routeFromPath());
  useEffect(() => {
    const onPop = () => setRoute(routeFromPath());
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const go = (r: Route) => {
    history.pushState(null, '', r === 'home' ? '/' : `/app/${r}`);
    setRoute(r);
  };
  const can = (p: string) => me.permissions.includes(p);
  const hasRole = (...roles: string[]) => me.memberships.some((m) => roles.includes(m.role));
  const items = [
    { key: 'home', label: t('home') },
    can('cases.read') && hasRole('operator', 'shift_lead', 'dispatcher', 'leader', 'admin') && { key: 'cases', label: t('cases') },
    hasRole('grid_worker', 'handler') && { key: 'tasks', label: t('myTasks') },
    hasRole('grid_worker', 'handler') && { key: 'inspect', label: t('inspect') },
    can('cases.read') && hasRole('operator', 'shift_lead', 'dispatcher', 'leader', 'admin', 'handler') && { key: 'reservoirs', label: t('reservoirs') },
    can('cases.read') && hasRole('operator', 'shift_lead', 'dispatcher', 'leader', 'admin') && { key: 'cameras', label: t('cameras') },
    can('regions.read') && { key: 'regions', label: t('regions') },
    can('users.read') && { key: 'users', label: t('users') },
    can('orgs.read') && { key: 'organisations', label: t('organisations') },
    can('categories.write') && { key: 'settings', label: t('caseSettings') },
  ].filter(Boolean) as { key: Route; label: string }[];
  const allowed = items.some((i) => i.key === route) ? route : 'home';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="md" collapsedWidth={0} theme="dark" width={200}>
        <div style={{ color: '#fff', padding: '16px 20px', fontSize: 18, fontWeight: 600 }}>{t('appName')}</div>
        <Menu theme="dark" mode="inline" selectedKeys={[allowed]} items={items} onClick={(e) => go(e.key as Route)} data-testid="nav" />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="vb-header" style={{ background: '#fff', display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '0 20px' }}>
          <Typography.Text type="secondary" className="vb-wide-only">{t('appSub')}</Typography.Text>
          <Space>
            <NotificationBell meId={me.id} />
            <span data-testid="user-name" className="vb-user-name" title={me.displayName}>{me.displayName}</span>
            {[...new Set(me.memberships.map((m) => m.role))].map((r) => <Tag color="blue" key={r} className="vb-wide-only">{t(`role_${r}`)}</Tag>)}
            <LangSwitch />
            <Button size="small" onClick={onLogout} data-testid="logout">{t('logout')}</Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 16 }}>
          {allowed === 'home' && <HomePage me={me} />}
          {allowed === 'cases' && <CasesPage />}
          {allowed === 'tasks' && <TasksPage mode="tasks" />}
          {allowed === 'inspect' && <InspectPage me={me} />}
          {allowed === 'reservoirs' && <ReservoirsPage me={me} />}
          {allowed === 'cameras' && <CamerasPage me={me} />}
          {allowed === 'regions' && <RegionsPage />}
          {allowed === 'users' && <UsersPage me={me} />}
          {allowed === 'organisations' && <OrganisationsPage />}
          {allowed === 'settings' && <CaseSettingsPage />}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** Residents and tourists: a phone-first page (村情通) without the staff navigation. */
function ResidentShell({ me, onLogout }: { me: Me; onLogout: () => void }) {
  const [tab, setTab] = useState<'home' | 'report' | 'ask'>('home');
  return (
    <Layout style={{ minHeight: '100vh', maxWidth: 640, margin: '0 auto' }}>
      <Layout.Header style={{ background: '#1d6f42', color: '#fff', display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '0 12px' }}>
        <span style={{ fontSize: 17, fontWeight: 600 }}>{t('appName')} · {t('residentHome')}</span>
        <Space size={6}>
          <LangSwitch />
          <Button size="small" onClick={onLogout} data-testid="logout">{t('logout')}</Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 12, paddingBottom: 72 }}>
        {tab === 'home' && (<>
          <HomePage me={me} />
          <div style={{ marginTop: 12 }}><TasksPage mode="reports" /></div>
        </>)}
        {tab === 'report' && <ReportPage me={me} mode="problem" onDone={() => setTab('home')} />}
        {tab === 'ask' && <ReportPage me={me} mode="question" onDone={() => setTab('home')} />}
      </Layout.Content>
      <div style={{ position: 'fixed', bottom: 0, left: 0, right: 0, background: '#fff', borderTop: '1px solid #e5e5e5', padding: '8px 12px', display: 'flex', justifyContent: 'center' }}>
        <Segmented block style={{ width: '100%', maxWidth: 616 }} value={tab} onChange={(v) => setTab(v as typeof tab)} data-testid="resident-nav"
          options={[{ value: 'home', label: t('navHome') }, { value: 'report', label: t('navReport') }, { value: 'ask', label: t('navAsk') }]} />
      </div>
    </Layout>
  );
}

export function App() {
  const lang = useLang();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const load = useCallback(() => api<Me>('/api/me').then(setMe, () => setMe(null)), []);
  useEffect(() => void load(), [load]);
  const logout = async () => {
    await api('/api/auth/logout', { method: 'POST' }).catch(() => {});
    history.pushState(null, '', '/');
    setMe(null);
  };
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1d6f42' } }}>
      <AntApp>
        {me === undefined ? <Spin style={{ marginTop: 120, width: '100%' }} /> : me === null ? <LoginPage onLoggedIn={load} /> : me.kind === 'staff' ? <Shell me={me} onLogout={logout} /> : <ResidentShell me={me} onLogout={logout} />}
      </AntApp>
    </ConfigProvider>
  );
}
