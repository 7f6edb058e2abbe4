/**
 * Strings of the home page (首页), the workbench of each kind of user (issue 15). Put together with the others in
 * web/src/dictionaries.ts.
 */
export const homeZh = {
  residentHint: '点下方「随手拍」上报身边的问题，「咨询」向村镇提问；处理进展会在这里通知您。', hm_title_room: '今日工作台', hm_title_leader: '辖区概况', hm_title_grid: '我的工作',
  hm_hello: '{name}，您好', hm_newToday: '今日新增', hm_closedToday: '今日办结', hm_open: '在办事件',
  hm_overdue: '超期未结', hm_escalated: '升级至乡镇及以上', hm_trend: '近14天事件趋势', hm_received: '新增',
  hm_closed: '办结', hm_overdueList: '超期事件', hm_escalatedList: '升级事件', hm_noneOverdue: '没有超期事件', hm_noneEscalated: '没有升级事件',
  hm_alarms: '未解除告警', hm_noAlarms: '没有未解除的告警', hm_cameras: '离线摄像头', hm_noOffline: '摄像头全部在线',
  hm_camerasOf: '共 {n} 路', hm_map: '在办事件分布', hm_seeAll: '查看全部', hm_loadFailed: '加载失败，请稍后刷新',
  hm_month: '本月', hm_received_m: '本月受理', hm_closeRate: '结案率', hm_onTimeRate: '按期结案率',
  hm_satisfaction: '满意率', hm_overdueOpen: '超期未结', hm_sixMonths: '近6个月按期结案率与受理量',
  hm_worstVillages: '需关注的村（本月）', hm_exportVillages: '导出各村指标', hm_noVillages: '本月各村都没有事件', hm_villageLine: '超期 {o} 件 · 按期 {r}',
  hm_myTasks: '我的待办', hm_nearestFirst: '离我最近的在前', hm_byDeadline: '按时限先后',
  hm_noTasks: '没有待办事件，辛苦了', hm_toSign: '待签收', hm_inHand: '处理中', hm_newReports: '辖区新上报',
  hm_toTake: '辖区新上报，可就地处置', hm_toTakeHint: '点开可自行处理', hm_noneToTake: '辖区内没有待受理的新上报',
  hm_checkins: '本月巡查', hm_dueIn: '剩 {d}', hm_late: '已超时 {d}', hm_distance: '{m} 米', hm_distanceKm: '{km} 公里',
  hm_report: '我要报事', hm_ask: '我要咨询', hm_myPoints: '我的积分', hm_pointsLine: '可用 {s} 分 · 今年已挣 {e} 分',
};

export const homeEn: Record<keyof typeof homeZh, string> = {
  residentHint: 'Tap "Report" below to report a problem, "Ask" to ask the village or township; progress shows up here.',
  hm_title_room: 'Today\'s workbench', hm_title_leader: 'Area overview', hm_title_grid: 'My work',
  hm_hello: 'Hello, {name}', hm_newToday: 'New today', hm_closedToday: 'Closed today',
  hm_open: 'Open cases', hm_overdue: 'Overdue', hm_escalated: 'At township level or above',
  hm_trend: 'Cases, last 14 days', hm_received: 'New', hm_closed: 'Closed',
  hm_overdueList: 'Overdue cases', hm_escalatedList: 'Escalated cases', hm_noneOverdue: 'No overdue cases', hm_noneEscalated: 'No escalated cases',
  hm_alarms: 'Open alarms', hm_noAlarms: 'No open alarms', hm_cameras: 'Cameras offline',
  hm_noOffline: 'All cameras online', hm_camerasOf: '{n} cameras', hm_map: 'Open cases on the map',
  hm_seeAll: 'See all', hm_loadFailed: 'Could not load: refresh in a moment',
  hm_month: 'This month', hm_received_m: 'Received this month', hm_closeRate: 'Closed',
  hm_onTimeRate: 'Closed on time', hm_satisfaction: 'Satisfied', hm_overdueOpen: 'Overdue, open',
  hm_sixMonths: 'On-time rate and cases received, last 6 months', hm_worstVillages: 'Villages to watch (this month)', hm_exportVillages: 'Export all villages',
  hm_noVillages: 'No cases in any village this month', hm_villageLine: '{o} overdue · {r} on time',
  hm_myTasks: 'My tasks', hm_nearestFirst: 'Nearest first', hm_byDeadline: 'By deadline',
  hm_noTasks: 'Nothing to do: well done', hm_toSign: 'To accept', hm_inHand: 'In hand',
  hm_newReports: 'New reports in my area',
  hm_toTake: 'New reports nearby you can handle on the spot', hm_toTakeHint: 'Open one to handle it yourself', hm_noneToTake: 'No new reports waiting in your area', hm_checkins: 'Patrols this month',
  hm_dueIn: '{d} left', hm_late: '{d} late', hm_distance: '{m} m', hm_distanceKm: '{km} km',
  hm_report: 'Report a problem', hm_ask: 'Ask a question', hm_myPoints: 'My points',
  hm_pointsLine: '{s} to spend · {e} earned this year',
};
