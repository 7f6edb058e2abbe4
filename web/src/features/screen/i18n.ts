/**
 * Strings of the big screen (大屏, issue 18): its boards, panels and the wall's messages. Put together with
 * the others in web/src/dictionaries.ts. Case states and sources are the cases feature's words.
 */
export const screenZh = {
  sc_title: '{region}乡村大脑', sc_board_party: '数字党建', sc_board_governance: '智慧治理', sc_board_service: '智慧便民', sc_board_industry: '数字产业',
  sc_kpis: '核心指标', sc_reportedToday: '今日上报', sc_closedToday: '今日办结', sc_onTimeRate: '按期办结率', sc_satisfaction: '群众满意率', sc_open: '在办事件',
  sc_last30: '近30日', sc_trend: '近30日事件趋势', sc_reported: '上报', sc_closed: '办结', sc_bySource: '事件来源', sc_byState: '事件状态（近30日）',
  sc_villages: '各村事件排行（近30日）', sc_villageLine: '在办 {n}', sc_ticker: '事件动态', sc_new: '新上报', sc_done: '办结',
  sc_map: '事件分布', sc_pinsOpen: '在办事件', sc_reservoirs: '水库', sc_cameras: '摄像头', sc_asOf: '数据截至 {time}', sc_stale: '数据延迟',
  sc_noData: '暂无数据', sc_noCases: '本区域近30日没有事件', sc_weather: '天气：未接入', sc_live: '实时', sc_offline: '连接中断，正在重连…',
  sc_res_normal: '正常', sc_res_warning: '预警', sc_res_major: '重大', sc_res_critical: '危急', sc_res_info: '提示',
  sc_cam_online: '在线', sc_cam_offline: '离线', sc_cam_never: '未接入',
  sc_partyCounts: '党建概况', sc_members: '党员', sc_branches: '党支部', sc_visitsToday: '今日走访', sc_visitsMonth: '本月走访', sc_partyMonth: '本月网格走亲',
  sc_valuedMonth: '有效走访', sc_valuedRate: '有效率', sc_retired: '其中离退休党员', sc_partyTrend: '近12个月网格走亲', sc_visits: '走访', sc_valued: '有效走访',
  sc_noVisits: '近12个月还没有走访记录', sc_branchRank: '支部服务力排行（本月）', sc_branchLine: '党员 {n} · 有效走访 {v}',
  sc_service_hint: '智慧便民：办事需求与咨询的受理、平均响应时间、积分兑换与便民服务。相关数据接入大屏后在此显示。',
  sc_industry_hint: '数字产业：民宿、农家乐、景点与农产品的经营数据。村庄服务（places）模块上线后在此显示。',
  sc_refused: '无法显示大屏', sc_refusedHint: '请联系管理员', sc_login: '登录后查看', sc_loading: '正在加载大屏…',
  sc_errorRetry: '大屏数据暂时无法读取，稍后自动重试',
  sc_nav: '大屏', sc_openScreen: '打开大屏（新窗口，按 F11 全屏）', sc_kiosks: '大屏授权（无人值守显示屏）',
  sc_kioskHint: '为村委会大厅、指挥室墙面等无人登录的显示屏生成授权地址：只能显示指定区域的大屏，到期或停用后自动失效。地址只显示这一次。',
  sc_kioskRegion: '区域代码（12位）', sc_kioskName: '显示屏名称（如 余东村文化礼堂）', sc_days: '天', sc_kioskAdd: '生成授权地址',
  sc_kioskShownOnce: '授权地址只显示这一次，请立即复制到显示屏的浏览器中打开', sc_noKiosks: '还没有大屏授权', sc_kioskUntil: '有效期至', sc_kioskSeen: '最近访问',
  sc_kioskConfirm: '停用后该显示屏将无法显示大屏，确定？', sc_kiosk_active: '有效', sc_kiosk_expired: '已过期', sc_kiosk_revoked: '已停用',
};

export const screenEn: Record<keyof typeof screenZh, string> = {
  sc_title: '{region} Village Brain', sc_board_party: 'Party work', sc_board_governance: 'Governance', sc_board_service: 'Services', sc_board_industry: 'Industry',
  sc_kpis: 'Key figures', sc_reportedToday: 'Reported today', sc_closedToday: 'Closed today', sc_onTimeRate: 'Closed on time', sc_satisfaction: 'Satisfied', sc_open: 'Open cases',
  sc_last30: 'last 30 days', sc_trend: 'Cases, last 30 days', sc_reported: 'Reported', sc_closed: 'Closed', sc_bySource: 'Sources', sc_byState: 'States (last 30 days)',
  sc_villages: 'Villages by cases (last 30 days)', sc_villageLine: '{n} open', sc_ticker: 'Live cases', sc_new: 'New', sc_done: 'Closed',
  sc_map: 'Cases on the map', sc_pinsOpen: 'Open cases', sc_reservoirs: 'Reservoirs', sc_cameras: 'Cameras', sc_asOf: 'Data as of {time}', sc_stale: 'Stale',
  sc_noData: 'No data', sc_noCases: 'No cases in this region in the last 30 days', sc_weather: 'Weather: not connected', sc_live: 'Live', sc_offline: 'Connection lost, reconnecting…',
  sc_res_normal: 'Normal', sc_res_warning: 'Warning', sc_res_major: 'Major', sc_res_critical: 'Critical', sc_res_info: 'Info',
  sc_cam_online: 'Online', sc_cam_offline: 'Offline', sc_cam_never: 'Never seen',
  sc_partyCounts: 'Party at a glance', sc_members: 'Members', sc_branches: 'Branches', sc_visitsToday: 'Visits today', sc_visitsMonth: 'Visits this month', sc_partyMonth: 'Grid visits this month',
  sc_valuedMonth: 'Valued visits', sc_valuedRate: 'Valued share', sc_retired: 'Of them retired', sc_partyTrend: 'Grid visits, last 12 months', sc_visits: 'Visits', sc_valued: 'Valued',
  sc_noVisits: 'No visits logged in the last 12 months', sc_branchRank: 'Branches by service index (this month)', sc_branchLine: '{n} members · {v} valued visits',
  sc_service_hint: 'Services: questions and service requests handled, response times, points exchanged. Shown here once they feed the screen.',
  sc_industry_hint: 'Industry: homestays, restaurants, sights and farm products. Shown here once the village services (places) module lands.',
  sc_refused: 'The screen cannot be shown', sc_refusedHint: 'Ask an administrator', sc_login: 'Log in to view', sc_loading: 'Loading the screen…',
  sc_errorRetry: 'The screen\'s data cannot be read just now: trying again shortly',
  sc_nav: 'Big screen', sc_openScreen: 'Open the big screen (new window; F11 for full screen)', sc_kiosks: 'Kiosk tokens (unattended walls)',
  sc_kioskHint: 'An address for a wall nobody logs in at (a village hall, a command room): it shows one region\'s screen only and stops working when it expires or is revoked. The address is shown once.',
  sc_kioskRegion: 'Region code (12 digits)', sc_kioskName: 'Wall name (e.g. Yudong village hall)', sc_days: 'days', sc_kioskAdd: 'Issue an address',
  sc_kioskShownOnce: 'The address is shown only now: copy it into the wall\'s browser', sc_noKiosks: 'No kiosk tokens yet', sc_kioskUntil: 'Valid until', sc_kioskSeen: 'Last seen',
  sc_kioskConfirm: 'The wall will stop showing the screen. Revoke?', sc_kiosk_active: 'Active', sc_kiosk_expired: 'Expired', sc_kiosk_revoked: 'Revoked',
};
