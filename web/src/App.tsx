/** The shell: log-in, then a layout whose navigation depends on the user's permissions. */
import { useCallback, useEffect, useState } from 'react';
import { MenuOutlined } from '@ant-design/icons';
import { App as AntApp, Button, ConfigProvider, Drawer, Grid, Layout, Menu, Segmented, Space, Spin, Tag, Typography } from 'antd';
import type { Locale } from 'antd/es/locale/index.js';
import enUSModule from 'antd/es/locale/en_US.js';
import zhCNModule from 'antd/es/locale/zh_CN.js';
import { api, type Me } from './api.ts';
import { setLang, t, useLang } from './i18n.ts';
import { caseHref, MeContext, type Feature, type Features } from './me.ts';
import { href, navigate, useSegments } from './router.ts';
import { CasesPage } from './pages/cases/CasesPage.tsx';
import { ReportPage } from './pages/citizen/ReportPage.tsx';
import { CaseSettingsPage } from './pages/CaseSettingsPage.tsx';
import { TasksPage } from './pages/cases/TasksPage.tsx';
import { HomePage } from './features/home/HomePage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { OrganisationsPage } from './pages/OrganisationsPage.tsx';
import { RegionsPage } from './pages/RegionsPage.tsx';
import { CamerasPage } from './pages/CamerasPage.tsx';
import { NotificationBell } from './pages/NotificationBell.tsx';
import { InspectPage } from './pages/InspectPage.tsx';
import { ReservoirsPage } from './pages/ReservoirsPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { HouseholdsPage } from './pages/households/HouseholdsPage.tsx';
import { MyHouseholdPage } from './pages/households/MyHouseholdPage.tsx';
import { MyPointsPage } from './pages/points/MyPointsPage.tsx';
import { PointsAdminPage } from './pages/points/PointsAdminPage.tsx';
import { closeAllLive } from './live.ts';

// antd ships these as ES modules without "type": "module"; TypeScript (NodeNext) types the default
// import as the namespace, Vite hands over the default export. One cast settles it.
const zhCN = zhCNModule as unknown as Locale;
const enUS = enUSModule as unknown as Locale;

type Route = 'home' | 'cases' | 'tasks' | 'inspect' | 'reservoirs' | 'cameras' | 'report' | 'ask' | 'reports' | 'regions' | 'users' | 'organisations' | 'settings' | 'households' | 'points' | 'my-points';

export function LangSwitch() {
  const lang = useLang();
  return <Button size="small" data-testid="lang-switch" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{t('language')}</Button>;
}

/** Old links (`/app/case/<id>`, a notification's) open the case where this user works on it. */
function useCaseRedirect(features: Features) {
  const seg = useSegments();
  useEffect(() => {
    if (seg[0] === 'case' && seg[1]) navigate(caseHref(features, seg[1]), { replace: true });
  }, [seg, features]);
}

function Shell({ me, features, onLogout }: { me: Me; features: Features; onLogout: () => void }) {
  const seg = useSegments();
  useCaseRedirect(features);
  const screens = Grid.useBreakpoint();
  // phones (and the first render, before the breakpoint is known, when md is undefined) get the drawer
  const phone = screens.md === false;
  const [drawer, setDrawer] = useState(false);
  const has = (f: Feature) => features.features.includes(f);
  const can = (p: string) => me.permissions.includes(p);
  const items = [
    { key: 'home', label: t('home') },
    has('cases') && { key: 'cases', label: t('cases') },
    has('tasks') && { key: 'tasks', label: t('myTasks') },
    // grid workers earn points of their own (满意 on the cases they handle): their balance, history and rules
    me.memberships.some((m) => m.role === 'grid_worker') && { key: 'my-points', label: t('pt_nav') },
    has('inspect') && { key: 'inspect', label: t('inspect') },
    has('reservoirs') && { key: 'reservoirs', label: t('reservoirs') },
    has('cameras') && { key: 'cameras', label: t('cameras') },
    has('report') && { key: 'report', label: t('navReport') },
    has('report') && { key: 'ask', label: t('navAsk') },
    has('report') && { key: 'reports', label: t('myReports') },
    can('regions.read') && { key: 'regions', label: t('regions') },
    can('users.read') && { key: 'users', label: t('users') },
    can('orgs.read') && { key: 'organisations', label: t('organisations') },
    (can('households.read') || can('households.proxy')) && { key: 'households', label: t('hh_nav') },
    (can('points.read') || can('points.manage')) && { key: 'points', label: t('pt_admin') },
    can('categories.write') && { key: 'settings', label: t('caseSettings') },
  ].filter(Boolean) as { key: Route; label: string }[];
  const route = (seg[0] ?? 'home') as Route;
  const allowed = items.some((i) => i.key === route) ? route : 'home';
  const go = (r: Route) => {
    setDrawer(false); // a pick closes the drawer on the phone
    navigate(href(...(r === 'home' ? [] : [r])));
  };
  const menu = <Menu theme="dark" mode="inline" selectedKeys={[allowed]} items={items} onClick={(e) => go(e.key as Route)} data-testid="nav" />;
  const roles = [...new Set(me.memberships.map((m) => m.role))];
  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!phone && (
        <Layout.Sider theme="dark" width={200}>
          <div style={{ color: '#fff', padding: '16px 20px', fontSize: 18, fontWeight: 600 }}>{t('appName')}</div>
          {menu}
        </Layout.Sider>
      )}
      {phone && (
        <Drawer open={drawer} placement="left" size={260} onClose={() => setDrawer(false)} closable={false} data-testid="nav-drawer"
          styles={{ body: { padding: 0, background: '#001529', display: 'flex', flexDirection: 'column' } }}>
          <div style={{ color: '#fff', padding: '16px 20px' }}>
            <div style={{ fontSize: 18, fontWeight: 600 }}>{t('appName')}</div>
            <div style={{ fontSize: 13, opacity: 0.8, marginTop: 4, wordBreak: 'break-all' }}>{me.displayName}</div>
            <div style={{ marginTop: 6 }}>{roles.map((r) => <Tag color="blue" key={r}>{t(`role_${r}`)}</Tag>)}</div>
          </div>
          <div style={{ flex: 1 }}>{menu}</div>
          <Space style={{ padding: 16 }}>
            <LangSwitch />
            <Button size="small" onClick={onLogout} data-testid="logout">{t('logout')}</Button>
          </Space>
        </Drawer>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header className="vb-header" style={{ background: '#fff', display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8, padding: phone ? '0 8px' : '0 20px' }}>
          {phone
            ? <Space size={8} style={{ minWidth: 0 }}>
                <Button icon={<MenuOutlined />} onClick={() => setDrawer(true)} data-testid="nav-open" aria-label={t('menu')} />
                <span style={{ fontWeight: 600, whiteSpace: 'nowrap' }} data-testid="page-title">{allowed === 'home' ? t('appName') : items.find((i) => i.key === allowed)?.label}</span>
              </Space>
            : <Typography.Text type="secondary">{t('appSub')}</Typography.Text>}
          <Space size={phone ? 6 : 8} style={{ minWidth: 0 }}>
            <NotificationBell />
            <span data-testid="user-name" className="vb-user-name" title={me.displayName}>{me.displayName}</span>
            {!phone && roles.map((r) => <Tag color="blue" key={r}>{t(`role_${r}`)}</Tag>)}
            {!phone && <LangSwitch />}
            {!phone && <Button size="small" onClick={onLogout} data-testid="logout">{t('logout')}</Button>}
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: phone ? 8 : 16, minWidth: 0 }}>
          {allowed === 'home' && <HomePage me={me} />}
          {allowed === 'cases' && <CasesPage />}
          {allowed === 'tasks' && <TasksPage mode="tasks" />}
          {allowed === 'inspect' && <InspectPage me={me} />}
          {allowed === 'reservoirs' && <ReservoirsPage me={me} />}
          {allowed === 'cameras' && <CamerasPage me={me} />}
          {allowed === 'report' && <ReportPage me={me} mode="problem" onDone={() => go('reports')} />}
          {allowed === 'ask' && <ReportPage me={me} mode="question" onDone={() => go('reports')} />}
          {allowed === 'reports' && <TasksPage mode="reports" />}
          {allowed === 'regions' && <RegionsPage />}
          {allowed === 'users' && <UsersPage me={me} />}
          {allowed === 'organisations' && <OrganisationsPage />}
          {allowed === 'settings' && <CaseSettingsPage />}
          {allowed === 'households' && <HouseholdsPage me={me} />}
          {allowed === 'points' && <PointsAdminPage me={me} />}
          {allowed === 'my-points' && <MyPointsPage me={me} ledger="grid_worker" base="my-points" />}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** Residents and tourists: a phone-first page (村情通) without the staff navigation. */
function ResidentShell({ me, features, onLogout }: { me: Me; features: Features; onLogout: () => void }) {
  const seg = useSegments();
  useCaseRedirect(features);
  const tab: 'home' | 'report' | 'ask' | 'household' | 'points' = seg[0] === 'report' || seg[0] === 'ask' || seg[0] === 'household' || seg[0] === 'points' ? seg[0] : 'home';
  const setTab = (v: typeof tab) => navigate(href(...(v === 'home' ? [] : [v])));
  return (
    <Layout style={{ minHeight: '100vh', maxWidth: 640, margin: '0 auto' }}>
      <Layout.Header style={{ background: '#1d6f42', color: '#fff', display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8, padding: '0 12px' }}>
        <span style={{ fontSize: 17, fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{t('appName')} · {t('residentHome')}</span>
        <Space size={6}>
          <NotificationBell />
          <LangSwitch />
          <Button size="small" onClick={onLogout} data-testid="logout">{t('logout')}</Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 12, paddingBottom: 72 }}>
        {tab === 'home' && (<>
          {seg[0] !== 'reports' && <HomePage me={me} />}
          <div style={{ marginTop: 12 }}><TasksPage mode="reports" /></div>
        </>)}
        {tab === 'report' && <ReportPage me={me} mode="problem" onDone={() => setTab('home')} />}
        {tab === 'ask' && <ReportPage me={me} mode="question" onDone={() => setTab('home')} />}
        {tab === 'household' && <MyHouseholdPage />}
        {tab === 'points' && <MyPointsPage me={me} />}
      </Layout.Content>
      <div style={{ position: 'fixed', bottom: 0, left: 0, right: 0, background: '#fff', borderTop: '1px solid #e5e5e5', padding: '8px 12px', display: 'flex', justifyContent: 'center' }}>
        <Segmented block style={{ width: '100%', maxWidth: 616 }} value={tab} onChange={(v) => setTab(v as typeof tab)} data-testid="resident-nav"
          options={[{ value: 'home', label: t('navHome') }, { value: 'report', label: t('navReport') }, { value: 'ask', label: t('navAsk') }, { value: 'household', label: t('hh_mine') }, { value: 'points', label: t('pt_navShort') }]} />
      </div>
    </Layout>
  );
}

const NO_FEATURES: Features = { features: [], reservoirs: 0, cameras: 0, organisationKinds: [] };

export function App() {
  const lang = useLang();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [features, setFeatures] = useState<Features | null>(null);
  const load = useCallback(() => Promise.all([api<Me>('/api/me'), api<Features>('/api/me/features').catch(() => NO_FEATURES)])
    .then(([m, f]) => { setFeatures(f); setMe(m); }, () => setMe(null)), []);
  useEffect(() => void load(), [load]);
  const logout = async () => {
    await api('/api/auth/logout', { method: 'POST' }).catch(() => {});
    closeAllLive(); // the next person in this tab must not inherit this one's stream
    navigate('/');
    setMe(null);
  };
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1d6f42' } }}>
      <AntApp>
        {me === undefined ? <Spin style={{ marginTop: 120, width: '100%' }} /> : me === null || !features ? <LoginPage onLoggedIn={load} /> : (
          <MeContext.Provider value={{ me, features }}>
            {me.kind === 'staff' ? <Shell me={me} features={features} onLogout={logout} /> : <ResidentShell me={me} features={features} onLogout={logout} />}
          </MeContext.Provider>
        )}
      </AntApp>
    </ConfigProvider>
  );
}
