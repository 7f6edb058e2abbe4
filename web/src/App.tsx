/** The shell: log-in, then a layout whose navigation depends on the user's permissions. */
import { Suspense, useCallback, useEffect, useState } from 'react';
import { MenuOutlined, RightOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, ConfigProvider, Drawer, Grid, Layout, Menu, Segmented, Space, Spin, Tag, Typography } from 'antd';
import type { Locale } from 'antd/es/locale/index.js';
import enUSModule from 'antd/es/locale/en_US.js';
import zhCNModule from 'antd/es/locale/zh_CN.js';
import { api, SESSION_ENDED, type Me, type Role } from './shared/api.ts';
import { setLang, t, useLang } from './shared/i18n.ts';
import { caseHref, MeContext, type Feature, type Features } from './shared/me.ts';
import { href, navigate, useSegments } from './shared/router.ts';
import { NotificationBell } from './features/notify/NotificationBell.tsx';
import { closeAllLive } from './shared/live.ts';
import type { Screen } from './shared/screens.ts';
import { SCREENS } from './screens.tsx';
import { lazyPage } from './shared/screens.ts';

// a villager's reports under their home page: loaded with it, not with the log-in page
const TasksPage = lazyPage(() => import('./features/cases/TasksPage.tsx'), 'TasksPage');
// the workbench (its lists, charts and map) comes after log-in, not with the log-in page
const HomePage = lazyPage<'HomePage', { me: Me }>(() => import('./features/home/HomePage.tsx'), 'HomePage');
// and the log-in page (its form and tabs) is not loaded by someone already logged in
const LoginPage = lazyPage<'LoginPage', { onLoggedIn: () => void }>(() => import('./features/people/LoginPage.tsx'), 'LoginPage');

// antd ships these as ES modules without "type": "module"; TypeScript (NodeNext) types the default
// import as the namespace, Vite hands over the default export. One cast settles it.
// (en_US costs nothing to import: antd's ConfigProvider imports it itself as its default locale)
const zhCN = zhCNModule as unknown as Locale;
const enUS = enUSModule as unknown as Locale;

/** The screens the address names (/app/<key>/…); none: the home page. */
function addressScreens(): Screen[] {
  const key = location.pathname.startsWith('/app/') ? decodeURIComponent(location.pathname.slice(5).split('/')[0]) : '';
  return SCREENS.filter((x) => x.key === key);
}

/**
 * The page the address names starts loading while /api/me answers, and the shell waits for both: the
 * page renders with the shell instead of suspending. A page that suspends commits the spinner first,
 * and React then holds its content back for 300 ms after a fallback appears (its reveal throttle): the
 * cold queue showed its rows ≈ 350 ms after its code had arrived. Never fails (a page whose code does
 * not load shows its error when it renders).
 */
function preloadAddress(): Promise<unknown> {
  const screens = addressScreens();
  if (screens.length === 0) return HomePage.preload();
  return Promise.all(screens.map((x) => x.preload?.()));
}

const NO_FEATURES: Features = { features: [], reservoirs: 0, cameras: 0, organisationKinds: [] };

/** Who is logged in, what they may use, and the address's page code; its screen's first data is asked for once `me` is known. */
function loadSession(): Promise<[Me, Features, unknown]> {
  const me = api<Me>('/api/me');
  void me.then((m) => addressScreens().forEach((x) => x.prefetch?.(m)), () => {});
  return Promise.all([me, api<Features>('/api/me/features').catch(() => NO_FEATURES), preloadAddress()]);
}

/** Who is logged in at start (null: nobody), asked before the first render: main.tsx draws once it is known. */
export type FirstSession = [Me, Features] | null;

/**
 * The first ask, started by main.tsx as soon as the code is evaluated. The app is drawn once it has answered
 * and the address's page code is here, so the first render is the page itself: React and antd set themselves
 * up once, and the screen's first data (its `prefetch`) is asked for the moment `me` is known instead of
 * after a first render of a spinner (≈ 200 ms of main thread on a slow machine). index.html shows a spinner
 * of its own meanwhile.
 */
export function startSession(): Promise<FirstSession> {
  return loadSession().then(([me, features]): FirstSession => [me, features], () => null);
}

/** The screens this user sees in a shell. */
function screensFor(me: Me, features: Features, shell: 'staff' | 'resident'): Screen[] {
  const has = (f: Feature) => features.features.includes(f);
  const can = (p: string) => me.permissions.includes(p);
  return SCREENS.filter((x) => (x.shell === shell || x.shell === 'both') && x.visible(can, has));
}

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
  const visible = screensFor(me, features, 'staff');
  const items = [{ key: 'home', label: t('home') }, ...visible.map((x) => ({ key: x.key, label: t(x.label) }))];
  const route = seg[0] ?? 'home';
  const current = visible.find((x) => x.key === route);
  const allowed = current ? route : 'home';
  const go = (r: string) => {
    setDrawer(false); // a pick closes the drawer on the phone
    navigate(href(...(r === 'home' || r === '' ? [] : [r])));
  };
  const menu = <Menu theme="dark" mode="inline" selectedKeys={[allowed]} items={items} onClick={(e) => go(e.key)} data-testid="nav" />;
  const roles = [...new Set(me.memberships.map((m) => m.role as Role))];
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
          {/* keyed by the screen: leaving one unmounts it (a page that suspends must not keep the last one's state hidden) */}
          <Suspense key={allowed} fallback={<Spin style={{ marginTop: 48, width: '100%' }} />}>{current ? current.render({ me, go }) : <HomePage me={me} />}</Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** Residents and tourists: a phone-first page (村情通) without the staff navigation. */
function ResidentShell({ me, features, onLogout }: { me: Me; features: Features; onLogout: () => void }) {
  const seg = useSegments();
  useCaseRedirect(features);
  const tabs = screensFor(me, features, 'resident');
  const more = tabs.filter((x) => x.more);
  const current = tabs.find((x) => x.key === seg[0]);
  const onMore = seg[0] === 'more' && more.length > 0;
  const tab = current?.more || onMore ? 'more' : current?.key ?? 'home';
  const setTab = (v: string) => navigate(href(...(v === 'home' || v === '' ? [] : [v])));
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
        <Suspense key={tab} fallback={<Spin style={{ marginTop: 48, width: '100%' }} />}>
          {onMore && <MoreList screens={more} go={setTab} />}
          {!current && !onMore && (<>
            {/* /app/reports/<id>: the report opened over the list, without the home page above it */}
            {seg[0] !== 'reports' && <HomePage me={me} />}
            <div style={{ marginTop: 12 }}><TasksPage mode="reports" /></div>
          </>)}
          {current?.render({ me, go: setTab })}
        </Suspense>
      </Layout.Content>
      <div style={{ position: 'fixed', bottom: 0, left: 0, right: 0, background: '#fff', borderTop: '1px solid #e5e5e5', padding: '8px 12px', display: 'flex', justifyContent: 'center' }}>
        <Segmented block className="vb-tabbar" style={{ width: '100%', maxWidth: 616 }} value={tab} onChange={(v) => setTab(v)} data-testid="resident-nav"
          options={[{ value: 'home', label: t('navHome') }, ...tabs.filter((x) => !x.more).map((x) => ({ value: x.key, label: t(x.label) })),
            // from a screen under 更多 the bar already shows 更多 chosen: a tap on it goes back to the list
            ...(more.length ? [{ value: 'more', label: <span onClick={() => setTab('more')}>{t('navMore')}</span> }] : [])]} />
      </div>
    </Layout>
  );
}

/** 更多 on the resident's phone: the screens that have no tab of their own, one big row each. */
function MoreList({ screens, go }: { screens: Screen[]; go: (key: string) => void }) {
  return (
    <Card size="small" title={t('navMore')} data-testid="resident-more">
      {screens.map((x) => (
        <Button key={x.key} type="text" block size="large" onClick={() => go(x.key)} data-testid={`more-${x.key}`}
          style={{ display: 'flex', justifyContent: 'space-between', height: 52, borderBottom: '1px solid #f0f0f0', borderRadius: 0 }}>
          <span>{t(x.label)}</span><RightOutlined style={{ color: '#bbb' }} />
        </Button>
      ))}
    </Card>
  );
}

// one object for every render: antd re-derives the theme's tokens when it is handed a new one.
// zeroRuntime: components take their styles from antd's stylesheet (main.tsx) instead of generating
// them in the browser at their first render — the console's first screen took ≈ 400 ms of main thread
// to render, ≈ 230 ms without; the theme's tokens are still CSS variables set at runtime (the green).
const THEME = { token: { colorPrimary: '#1d6f42' }, zeroRuntime: true };

export function App({ first }: { first?: FirstSession }) {
  const lang = useLang();
  const [me, setMe] = useState<Me | null | undefined>(first === undefined ? undefined : first?.[0] ?? null);
  const [features, setFeatures] = useState<Features | null>(first?.[1] ?? null);
  const load = useCallback(() => loadSession().then(([m, f]) => { setFeatures(f); setMe(m); }, () => setMe(null)), []);
  useEffect(() => {
    if (first === undefined) void load();
  }, [load, first]);
  // a 401 anywhere: log in again, staying on this address (App renders the screen it names afterwards)
  useEffect(() => {
    const ended = () => { closeAllLive(); setMe(null); };
    addEventListener(SESSION_ENDED, ended);
    return () => removeEventListener(SESSION_ENDED, ended);
  }, []);
  const logout = async () => {
    await api('/api/auth/logout', { method: 'POST' }).catch(() => {});
    closeAllLive(); // the next person in this tab must not inherit this one's stream
    navigate('/');
    setMe(null);
  };
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={THEME}>
      <AntApp>
        {me === undefined ? <Spin style={{ marginTop: 120, width: '100%' }} /> : me === null || !features ? <Suspense fallback={<Spin style={{ marginTop: 120, width: '100%' }} />}><LoginPage onLoggedIn={load} /></Suspense> : (
          <MeContext.Provider value={{ me, features }}>
            {me.kind === 'staff' ? <Shell me={me} features={features} onLogout={logout} /> : <ResidentShell me={me} features={features} onLogout={logout} />}
          </MeContext.Provider>
        )}
      </AntApp>
    </ConfigProvider>
  );
}
