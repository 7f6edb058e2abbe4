/**
 * The registry of screens: each feature declares its screens (`features/<name>/screens.tsx`) and
 * App.tsx builds the navigation and the page from the list — a new screen is an entry in its feature,
 * not three edits to the shell. Who sees a screen is said by what the server offers the user
 * (`/api/me/features`) or a permission, never by a role's name (the server owns role semantics).
 */
import { createElement, use, type ComponentType, type ReactNode } from 'react';
import type { Feature, Me } from './api.ts';
import type { Key } from './i18n.ts';

export interface ScreenContext {
  me: Me;
  /** Go to another screen by key ('' is the home page). */
  go: (key: string) => void;
}

export interface Screen {
  /** The address: /app/<key>/… */
  key: string;
  /** The dictionary key of its name in the navigation. */
  label: Key;
  /** Which shell shows it: the staff console, the residents' phone page (村情通), or both. */
  shell: 'staff' | 'resident' | 'both';
  /** Whether this user sees it. */
  visible: (can: (permission: string) => boolean, has: (feature: Feature) => boolean) => boolean;
  render: (ctx: ScreenContext) => ReactNode;
  /** Starts loading the page's code: the shell calls it for the address it opens on while it asks who is logged in, and waits for it (it never fails). */
  preload?: () => Promise<void>;
  /** What the page asks for first, asked for as soon as the shell knows who is logged in (shared/prefetch.ts), when the address opens on this screen. */
  prefetch?: (me: Me) => void;
  /**
   * On the resident's phone: listed under 更多 instead of a tab of its own. The bottom bar has room for
   * six whole words on a 360-px phone; what a villager opens now and then (my household, the shop, the
   * loan quota) waits one tap further.
   */
  more?: boolean;
}

export const always = () => true;

/** A tab of the settings page (设置): each feature declares its own, the page shows those the user may use. */
export interface SettingsTab {
  key: string;
  label: Key;
  visible: (can: (permission: string) => boolean) => boolean;
  render: () => ReactNode;
}

/** A lazily loaded page that can be asked to start loading before it renders. */
export type LazyPage<P extends object> = ComponentType<P> & { preload: () => Promise<void> };

/**
 * A page loaded with its first visit, not with the app: the console's first load stays small (antd and
 * React only), and each feature's code (Leaflet, ECharts with the pages that draw) comes when it is opened.
 * It suspends (the shell's `<Suspense>` shows a spinner) while its code loads. `preload()` fetches it
 * early; a page whose code is already here renders at once — React's `lazy` would still suspend for one
 * round of the event loop, committing the spinner first.
 */
export function lazyPage<K extends string, P extends object>(load: () => Promise<{ [k in K]: ComponentType<P> }>, name: K): LazyPage<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const start = () => (loading ??= load().then((m) => (loaded = m[name]), (e: unknown) => {
    loading = undefined; // the next render (a new visit) tries again; this one shows the failure
    throw e;
  }));
  const Page = (props: P) => createElement(loaded ?? use(start()), props);
  return Object.assign(Page, { preload: () => start().then(() => undefined, () => undefined) });
}
