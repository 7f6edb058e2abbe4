/**
 * The language machinery and the words every part of the app shares: the shell's (App.tsx), buttons and
 * form words, roles and region levels. A feature's own words live in `features/<name>/i18n.ts` (a word
 * lives with the feature whose thing it names, e.g. a case's states with cases, and other features may
 * show it too). web/src/dictionaries.ts puts every dictionary together and main.tsx registers the result
 * at start (`registerDictionaries`), so shared/ never imports a feature.
 *
 * Keys are typed: `t`'s key is the union of every dictionary's keys, which dictionaries.ts hands to this
 * file through the `Registered` interface (declaration merging: types only, no import). A typo, or a key
 * built from a value without words (`state_${CaseState}` for a new state), is a tsc error.
 * `t('key')`; the language is kept in localStorage.
 */
import { useSyncExternalStore } from 'react';

export type Lang = 'zh' | 'en';

export const sharedZh = {
  // the shell (App.tsx): both layouts
  appName: '乡村大脑', appSub: '基层治理数字化平台', residentHome: '村情通', home: '首页', navHome: '我的', menu: '菜单', logout: '退出登录',
  language: 'English',
  // buttons and form words
  save: '保存', saved: '已保存', cancel: '取消', submit: '提交', edit: '编辑', delete: '删除', confirmDelete: '确定删除？', back: '返回', search: '搜索',
  upload: '拍照/上传', required: '必填', yes: '是', no: '否', total: '共', items: '条', live: '实时',
  name: '名称', kind: '类型', code_: '代码', category: '类别', state: '状态', reason: '理由', note: '说明', organisation: '单位', vendor: '厂商',
  severity: '紧急程度', urgent: '紧急', normal: '一般', version: '版本', createdAt: '创建时间', active: '启用', revoke: '停用', revoked: '已停用',
  keyShownOnce: '密钥只显示这一次，请立即复制并交给对方',
  // loading, failing and empty (shared/Loading.tsx)
  retry: '重试', clearFilters: '清除筛选',
  // roles (src/platform/access.ts) and region levels (src/regions/region-codes.ts), shown by many features
  role_resident: '村民', role_tourist: '游客', role_grid_worker: '网格员', role_party_member: '党员', role_operator: '受理员', role_shift_lead: '值班长',
  role_dispatcher: '派遣员', role_handler: '处置人员', role_leader: '领导', role_admin: '管理员',
  level_province: '省', level_city: '市', level_district: '区/县', level_township: '乡镇/街道', level_village: '村/社区', level_grid: '网格', level_microgrid: '微网格',
};

export const sharedEn: Record<keyof typeof sharedZh, string> = {
  appName: 'Village Brain', appSub: 'Grassroots governance platform', residentHome: 'Village app', home: 'Home', navHome: 'Mine', menu: 'Menu',
  logout: 'Log out', language: '中文',
  save: 'Save', saved: 'Saved', cancel: 'Cancel', submit: 'Submit', edit: 'Edit', delete: 'Delete', confirmDelete: 'Delete this?', back: 'Back',
  search: 'Search', upload: 'Take / upload photo', required: 'Required', yes: 'Yes', no: 'No', total: 'Total', items: 'items', live: 'Live',
  name: 'Name', kind: 'Kind', code_: 'Code', category: 'Category', state: 'State', reason: 'Reason', note: 'Note', organisation: 'Organisation',
  vendor: 'Vendor', severity: 'Severity', urgent: 'Urgent', normal: 'Normal', version: 'Version', createdAt: 'Created', active: 'Active',
  revoke: 'Revoke', revoked: 'Revoked', keyShownOnce: 'The key is shown only now: copy it and hand it over',
  retry: 'Try again', clearFilters: 'Clear filters',
  role_resident: 'Resident', role_tourist: 'Tourist', role_grid_worker: 'Grid worker', role_party_member: 'Party member', role_operator: 'Operator',
  role_shift_lead: 'Shift lead', role_dispatcher: 'Dispatcher', role_handler: 'Handler', role_leader: 'Leader', role_admin: 'Administrator',
  level_province: 'Province', level_city: 'City', level_district: 'District', level_township: 'Township', level_village: 'Village',
  level_grid: 'Grid', level_microgrid: 'Micro-grid',
};

/**
 * Filled in by web/src/dictionaries.ts (`declare module './shared/i18n.ts' { interface Registered { keys: … } }`):
 * the keys of every dictionary. Empty here so that shared/ names no feature.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Registered {}

/** Any key of any registered dictionary (the shared words' keys when no dictionaries.ts is in the program). */
export type Key = Registered extends { keys: infer K extends string } ? K : keyof typeof sharedZh;

export type Dictionary = Readonly<Record<string, string>>;

/** One dictionary: its name (for messages) and its words in both languages. */
export interface DictionaryPart {
  readonly name: string;
  readonly zh: Dictionary;
  readonly en: Dictionary;
}

/**
 * The dictionaries as one, per language. A key in two of them would make one silently override the other
 * (spread order decides): that throws, naming both, and test/web-i18n.test.ts keeps it from ever shipping.
 */
export function mergeDictionaries(parts: readonly DictionaryPart[]): Record<Lang, Dictionary> {
  const owner = new Map<string, string>();
  const clashes: string[] = [];
  const zh: Record<string, string> = {};
  const en: Record<string, string> = {};
  for (const part of parts) {
    for (const key of new Set([...Object.keys(part.zh), ...Object.keys(part.en)])) {
      const first = owner.get(key);
      if (first) clashes.push(`${key} (${first} and ${part.name})`);
      else owner.set(key, part.name);
    }
    Object.assign(zh, part.zh);
    Object.assign(en, part.en);
  }
  if (clashes.length) throw new Error(`dictionary keys defined twice: ${clashes.join(', ')}`);
  return { zh, en };
}

let dictionaries: Record<Lang, Dictionary> = { zh: sharedZh, en: sharedEn };

/**
 * Called once at start (main.tsx) with every dictionary put together (web/src/dictionaries.ts): before it only
 * the shared words are known, so features call `t` inside components and functions, never at module level.
 */
export function registerDictionaries(merged: Record<Lang, Dictionary>): void {
  dictionaries = merged;
}

// no localStorage outside a browser (test/web-i18n.test.ts imports the dictionaries in Node)
const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem('vb.lang');
let lang: Lang = stored === 'en' ? 'en' : 'zh';
const listeners = new Set<() => void>();

export function setLang(l: Lang): void {
  lang = l;
  localStorage.setItem('vb.lang', l);
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  listeners.forEach((f) => f());
}

export function getLang(): Lang {
  return lang;
}

export function t(key: Key): string {
  return dictionaries[lang][key] ?? dictionaries.zh[key] ?? key;
}

/** Whether a key built at run time has words (for families where some members deliberately have none). */
export function isKey(key: string): key is Key {
  return Object.hasOwn(dictionaries.zh, key);
}

/** A string with `{name}` placeholders filled in: tf('hm_hello', { name }). */
export function tf(key: Key, vars: Record<string, string | number>): string {
  return t(key).replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** Called after each language switch, for what React does not draw (a map's credit line); returns the unsubscribe. */
export function onLangChange(f: () => void): () => void {
  listeners.add(f);
  return () => void listeners.delete(f);
}

export function useLang(): Lang {
  return useSyncExternalStore(onLangChange, () => lang);
}
