/** Every user-visible string, Chinese first. `t('key')`; the language is kept in localStorage. */
import { useSyncExternalStore } from 'react';

export type Lang = 'zh' | 'en';

const zh = {
  appName: '乡村大脑', appSub: '基层治理数字化平台', staffLogin: '工作人员登录', residentLogin: '村民 / 游客登录',
  username: '用户名', password: '密码', login: '登录', phone: '手机号', code: '验证码', getCode: '获取验证码',
  codeSent: '验证码已发送', codeDevHint: '开发模式：验证码写在服务器日志中（短信发件箱 sms_outbox）', logout: '退出登录',
  required: '必填', home: '首页', regions: '区划与网格', users: '用户管理', organisations: '组织机构', language: 'English',
  welcome: '您好', myRoles: '我的角色与辖区', scope: '辖区', roles: '角色', kind: '类型', name: '名称', code_: '代码',
  level: '层级', households: '户数', vintage: '代码年份', children: '下级', search: '搜索', newUser: '新建用户',
  displayName: '姓名', region: '区划', role: '角色', save: '保存', cancel: '取消', created: '已创建',
  noMap: '未配置底图瓦片（MAP_TILE_URL），仅显示区划边界', selectRegion: '在左侧选择区划', villages: '村/社区', grids: '网格',
  staff: '工作人员', resident: '村民', tourist: '游客', total: '共', items: '条', loginFailed: '登录失败',
  residentHome: '村情通', myVillage: '我的村', residentHint: '随手拍上报、办事咨询、积分等功能将在这里提供。',
  orgKind: '类型', errorTitle: '出错了', mapOf: '地图', noChildren: '没有下级区划',
  level_province: '省', level_city: '市', level_district: '区/县', level_township: '乡镇/街道', level_village: '村/社区', level_grid: '网格', level_microgrid: '微网格',
  kind_subdistrict: '街道', kind_town: '镇', kind_township: '乡', kind_community: '社区', kind_village: '村',
  role_resident: '村民', role_tourist: '游客', role_grid_worker: '网格员', role_party_member: '党员', role_operator: '受理员',
  role_shift_lead: '值班长', role_dispatcher: '派遣员', role_handler: '处置人员', role_leader: '领导', role_admin: '管理员',
  org_command_room: '指挥室', org_enforcement: '执法队', org_water_bureau: '水利局', org_cleaning: '保洁公司', org_property: '物业',
  org_bank: '银行', org_department: '职能部门', org_village_committee: '村(居)委会', org_mediation: '调解中心', org_market_regulation: '市场监管',
};

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  appName: 'Village Brain', appSub: 'Grassroots governance platform', staffLogin: 'Staff log-in', residentLogin: 'Residents & tourists',
  username: 'User name', password: 'Password', login: 'Log in', phone: 'Mobile number', code: 'Code', getCode: 'Send code',
  codeSent: 'Code sent', codeDevHint: 'Development: the code is in the server log (sms_outbox table)', logout: 'Log out',
  required: 'Required', home: 'Home', regions: 'Regions & grids', users: 'Users', organisations: 'Organisations', language: '中文',
  welcome: 'Hello', myRoles: 'My roles and areas', scope: 'Area', roles: 'Roles', kind: 'Kind', name: 'Name', code_: 'Code',
  level: 'Level', households: 'Households', vintage: 'Code vintage', children: 'Children', search: 'Search', newUser: 'New user',
  displayName: 'Name', region: 'Region', role: 'Role', save: 'Save', cancel: 'Cancel', created: 'Created',
  noMap: 'No tile server configured (MAP_TILE_URL): boundaries only', selectRegion: 'Pick a region on the left', villages: 'Villages', grids: 'Grids',
  staff: 'Staff', resident: 'Resident', tourist: 'Tourist', total: 'Total', items: 'items', loginFailed: 'Log-in failed',
  residentHome: 'Village app', myVillage: 'My village', residentHint: 'Reporting with photos, questions and points will live here.',
  orgKind: 'Kind', errorTitle: 'Something went wrong', mapOf: 'Map', noChildren: 'No sub-regions',
  level_province: 'Province', level_city: 'City', level_district: 'District', level_township: 'Township', level_village: 'Village', level_grid: 'Grid', level_microgrid: 'Micro-grid',
  kind_subdistrict: 'Subdistrict', kind_town: 'Town', kind_township: 'Township', kind_community: 'Community', kind_village: 'Village',
  role_resident: 'Resident', role_tourist: 'Tourist', role_grid_worker: 'Grid worker', role_party_member: 'Party member', role_operator: 'Operator',
  role_shift_lead: 'Shift lead', role_dispatcher: 'Dispatcher', role_handler: 'Handler', role_leader: 'Leader', role_admin: 'Administrator',
  org_command_room: 'Command room', org_enforcement: 'Enforcement', org_water_bureau: 'Water bureau', org_cleaning: 'Cleaning company', org_property: 'Property company',
  org_bank: 'Bank', org_department: 'Department', org_village_committee: 'Village committee', org_mediation: 'Mediation centre', org_market_regulation: 'Market regulation',
};

const dictionaries: Record<Lang, Record<Key, string>> = { zh, en };
let lang: Lang = (localStorage.getItem('vb.lang') as Lang) === 'en' ? 'en' : 'zh';
const listeners = new Set<() => void>();

export function setLang(l: Lang): void {
  lang = l;
  localStorage.setItem('vb.lang', l);
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  listeners.forEach((f) => f());
}

export function t(key: Key | string): string {
  return (dictionaries[lang] as Record<string, string>)[key] ?? (zh as Record<string, string>)[key] ?? key;
}

export function useLang(): Lang {
  return useSyncExternalStore((cb) => (listeners.add(cb), () => listeners.delete(cb)), () => lang);
}
