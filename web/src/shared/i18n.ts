/** Every user-visible string, Chinese first. `t('key')`; the language is kept in localStorage. */
import { useSyncExternalStore } from 'react';
import { homeEn, homeZh } from '../features/home/i18n.ts';
import { householdsEn, householdsZh } from '../features/households/i18n.ts';
import { intakeEn, intakeZh } from '../features/intake/i18n.ts';
import { mapsEn, mapsZh } from './map/i18n.ts';
import { pointsEn, pointsZh } from '../features/points/i18n.ts';

export type Lang = 'zh' | 'en';

const zh = {
  ...intakeZh,
  ...pointsZh,
  ...homeZh,
  appName: '乡村大脑', appSub: '基层治理数字化平台', staffLogin: '工作人员登录', residentLogin: '村民 / 游客登录',
  username: '用户名', password: '密码', login: '登录', phone: '手机号', code: '验证码', getCode: '获取验证码',
  codeSent: '验证码已发送', codeDevHint: '开发模式：验证码写在服务器日志中（短信发件箱 sms_outbox）', logout: '退出登录',
  required: '必填', home: '首页', regions: '区划与网格', users: '用户管理', organisations: '组织机构', language: 'English',
  welcome: '您好', myRoles: '我的角色与辖区', scope: '辖区', roles: '角色', kind: '类型', name: '名称', code_: '代码',
  level: '层级', households: '户数', vintage: '代码年份', children: '下级', search: '搜索', newUser: '新建用户',
  displayName: '姓名', region: '区划', role: '角色', save: '保存', cancel: '取消', created: '已创建',
  noMap: '离线底图：显示区划边界、名称和比例尺。如需街道、道路底图，可设置 MAP_TILE_URL 接入瓦片服务（如天地图）', selectRegion: '在左侧选择区划', villages: '村/社区', grids: '网格',
  staff: '工作人员', resident: '村民', tourist: '游客', total: '共', items: '条', loginFailed: '登录失败',
  tooManyAttempts: '尝试次数过多，请 {s} 秒后再试',
  residentHome: '村情通', myVillage: '我的村', residentHint: '点下方「随手拍」上报身边的问题，「咨询」向村镇提问；处理进展会在这里通知您。',
  orgKind: '类型', errorTitle: '出错了', mapOf: '地图', noChildren: '没有下级区划',
  level_province: '省', level_city: '市', level_district: '区/县', level_township: '乡镇/街道', level_village: '村/社区', level_grid: '网格', level_microgrid: '微网格',
  kind_subdistrict: '街道', kind_town: '镇', kind_township: '乡', kind_community: '社区', kind_village: '村',
  role_resident: '村民', role_tourist: '游客', role_grid_worker: '网格员', role_party_member: '党员', role_operator: '受理员',
  role_shift_lead: '值班长', role_dispatcher: '派遣员', role_handler: '处置人员', role_leader: '领导', role_admin: '管理员',
  org_command_room: '指挥室', org_enforcement: '执法队', org_water_bureau: '水利局', org_cleaning: '保洁公司', org_property: '物业',
  org_bank: '银行', org_department: '职能部门', org_village_committee: '村(居)委会', org_mediation: '调解中心', org_market_regulation: '市场监管',
  cases: '事件中心', myTasks: '我的任务', caseNo: '编号', title: '标题', category: '类别', state: '状态', reportedAt: '上报时间',
  deadline: '处置时限', overdue: '超期', elapsed: '用时', minutes: '分钟', hours: '小时', days: '天', live: '实时',
  onlyOverdue: '只看超期', source: '来源', timeline: '处置过程', photos: '照片', description: '描述', actions: '可执行操作',
  reason: '理由', note: '说明', rating: '评价', comment: '留言', until: '延期至', organisation: '单位', person: '人员',
  assignTo: '派遣给', severity: '紧急程度', urgent: '紧急', normal: '一般', upload: '拍照/上传', location: '位置', noTasks: '暂无任务',
  myReports: '我的上报', supervision_1: '催办', supervision_2: '督办', supervision_3: '通报', reporter: '上报人', submit: '提交',
  state_REPORTED: '上报', state_PENDING_ACCEPT: '待受理', state_REJECTED: '不予立案', state_REGISTERED: '已立案', state_DISPATCHED: '待签收',
  state_PROCESSING: '处置中', state_EXTENSION_REQUESTED: '延期申请中', state_SUSPENDED: '缓办', state_VERIFYING: '待核查',
  state_CLOSED: '已结案', state_RATED: '已评价', state_ARCHIVED: '已归档', state_MERGED: '已合并',
  action_report: '上报', action_submit: '提交受理', action_register: '立案', action_reject: '不予立案', action_self_handle: '自行处置',
  action_dispatch: '派遣', action_sign: '签收', action_return: '退回', action_feedback: '处置反馈', action_request_extension: '申请延期',
  action_approve_extension: '同意延期', action_deny_extension: '不同意延期', action_suspend: '缓办', action_resume: '恢复办理',
  action_close: '核查结案', action_rework: '返工', action_rate: '评价', action_archive: '归档', action_escalate: '上报上级',
  action_merge: '合并', action_urge: '催办', action_supervise: '督办', action_report_publicly: '通报', action_absorb: '合并重复上报',
  action_answer: '答复', action_me_too: '我也遇到', action_co_sign: '协办签收', action_co_feedback: '协办反馈', action_waive_co_handler: '免除协办', coHandlers: '协办单位', lead: '主办',
  co_pending: '待签收', co_signed: '办理中', co_done: '已反馈', co_waived: '已免除', waitingCo: '主办已反馈，等待协办单位',
  rating_satisfied: '满意', rating_basically_satisfied: '基本满意', rating_unsatisfied: '不满意',
  source_resident: '村民', source_tourist: '游客', source_grid_worker: '网格员', source_camera: '摄像头', source_sensor: '传感器',
  source_hotline: '热线', source_open311: 'Open311', source_patrol: '巡查',
  notifications: '消息', noNotifications: '暂无消息', clearAlarm: '解除', cameraPoliciesTab: '摄像头策略', customised: '已调整', saved: '已保存', resetDefault: '恢复默认', policy_action: '处置方式', policy_trigger: '触发（持续/次数）', policy_minConfidence: '最低置信度', policy_triggerAfterSeconds: '持续秒数', policy_triggerAfterCount: '识别次数', policy_silenceSeconds: '结束静默秒数', policy_cooldownSeconds: '冷却秒数', policy_graceSeconds: '喊话宽限秒数', policy_repeatCap: '每小时喊话上限', policy_quietFrom: '静音开始(时)', policy_quietTo: '静音结束(时)', policy_clip: '喊话内容', policyAction_warn_then_case: '先喊话，不走再立案', policyAction_notify_and_case: '即时通知并立案', policyAction_case: '立案', policyAction_none: '只记录', addCamera: '添加摄像头', cameraView: '监控范围', speakerUrl: '喇叭地址', cameras: '智能摄像头', allCameras: '全部摄像头', speaker: '喇叭', camState_online: '在线', camState_offline: '离线', camState_never: '未接入', lastEvent: '最近事件', episodes30d: '30天事件', falsePositiveRate: '误报率', liveDetections: '实时识别', cleaningPerformance: '保洁考核', area: '区域', binsOverflowed: '满溢次数', binsDone: '已清运', medianMinutes: '响应中位数(分钟)', p90Minutes: 'P90(分钟)', onTime: '按时率', falsePositive: '误报', realDetection: '属实', ongoing: '持续中', detections: '识别', confidence: '置信度', camAction_none: '未达阈值', camAction_pending: '处理中', camAction_acting: '处理中', camAction_warned: '已喊话', camAction_overstay: '仍未离开', camAction_left: '已劝离', camAction_case: '已立案', camAction_notified: '已通知并立案', camAction_suppressed: '冷却期内', camLog_speaker: '喇叭喊话', camLog_case: '立案', camLog_notify: '通知', camLog_left: '劝离', camLog_overstay: '宽限期满', camLog_quiet: '静音时段', camLog_capped: '喊话达上限', devices: '监测设备', addDevice: '添加设备', lastSeen: '最近数据', confirmRevokeDevice: '停用后该设备的数据将被拒收，确定？', alarmRulesTab: '告警规则', ruleSaved: '已保存为新版本', rulesHint: '按设备类型设置告警规则，也可为单个水库单独设置；每次保存生成一个新版本，告警会注明所依据的版本。', allReservoirs: '全部水库（按类型）', builtInRules: '内置规则', rule_inARow: '连续次数', rule_holdMinutes: '持续分钟', rule_hysteresis: '解除回差', rule_jump: '复测跳变', rule_riseCriticalPerH: '危急涨率(m/h)', rule_suddenChange: '突变阈值', rule_bandSigma: '历史区间(σ)', rule_bandMinSamples: '学习样本数', rule_rainWindowMin: '降雨窗口(分钟)', rule_rainWarnMm: '预警雨量(mm)', rule_thWarning: '预警阈值', rule_thMajor: '重大阈值', rule_thCritical: '危急阈值', off: '不启用', levelsFromReservoir: '水位阈值取自水库特征水位（汛限/设计/校核）', saveVersion: '保存为新版本', version: '版本', changes: '设置', dev_water_level: '水位', dev_rainfall: '雨量', dev_seepage_pressure: '渗压', dev_seepage_flow: '渗流量', dev_displacement: '位移', dev_settlement: '沉降', inspect: '一键巡库', resumeInspect: '继续巡查', checklist: '巡查项目', itemOk: '正常', itemFailed: '异常', whatsWrong: '问题描述（如：坝坡杂物较多）', toCase: '生成事件', finishInspect: '完成巡查', gpsPoints: '轨迹点', latestReadings: '最新监测', inspectDone: '巡查完成', noGps: '未获取定位', inspecting: '巡查中', lastInspected: '上次巡查', neverInspected: '尚未巡查', reservoirs: '水库监测', waterLevel: '水位', rainfall: '雨量', floodLimit: '汛限水位', designFlood: '设计洪水位', checkFlood: '校核洪水位', crest: '坝顶', openAlarms: '当前告警', noAlarms: '暂无告警', acknowledge: '确认', acknowledged: '已确认', caseOpened: '已生成事件', alarm_normal: '正常', alarm_warning: '预警', alarm_major: '重大', alarm_critical: '危急', caseSettings: '事件配置', open311Tab: 'Open311 密钥', clientName: '客户端名称（如 12345 热线）', addKey: '生成密钥', keyShownOnce: '密钥只显示这一次，请立即复制并交给对方', createdAt: '创建时间', revoked: '已停用', revoke: '停用', confirmRevoke: '停用后该客户端将无法提交，确定？', categoriesTab: '事件类别与时限', vendorCodesTab: '设备事件编码', calendarTab: '工作日历', addCategory: '新增类别',
  code4: '4 位数字：大类 2 位 + 小类 2 位', leadKind: '主办类型', limitNormal: '处置时限', limitUrgent: '紧急时限', limitSign: '签收时限',
  autoEscalate: '超时自动上报', active: '启用', points: '积分', duplicateRadius: '重复判定半径', sources: '可上报来源', yes: '是', no: '否',
  edit: '编辑', delete: '删除', confirmDelete: '确定删除？', vendor: '厂商', eventCode: '事件编码', workingDay: '工作日', dayOff: '休息日', date: '日期',
  unit_minutes: '分钟', unit_hours: '小时', unit_working_hours: '工作小时', unit_working_days: '工作日',
  noGeolocation: '无法获取定位，请选择所在村或在地图上点选', pickCategory: '请选择问题类别', pickWhere: '请选择位置', writeQuestion: '请写下您的问题',
  writeProblem: '请描述问题（时间、地点、情况）', outsideGrids: '该位置不在本平台服务的网格内，请确认位置或拨打热线', joinedTitle: '已加入，处理结果会通知您',
  askedTitle: '问题已提交，工作人员会尽快答复', reportedTitle: '上报成功，感谢您的参与', askTitle: '咨询 / 办事', reportTitle: '随手拍 · 上报问题',
  where_gps: '手机定位', where_photo: '照片位置', where_village: '所在村', where_map: '地图点选', useMyLocation: '使用当前位置', pickVillage: '选择所在村',
  nearbyTitle: '附近已有相同问题在处理，可直接加入', meToo: '我也遇到', reportCount: '上报', askSubmit: '提交问题', reportSubmit: '提交上报',
  navHome: '我的', waitingAnswer: '待答复', navReport: '随手拍', navAsk: '咨询',
  plain_PENDING_ACCEPT: '已收到，等待受理', plain_REGISTERED: '已受理，等待派人处理', plain_DISPATCHED: '已派人，等待接单', plain_PROCESSING: '正在处理',
  plain_EXTENSION_REQUESTED: '正在处理', plain_SUSPENDED: '暂缓办理', plain_VERIFYING: '已处理，正在核查', plain_CLOSED: '已办结，请评价',
  plain_RATED: '已办结', plain_ARCHIVED: '已办结', plain_REJECTED: '未予受理', plain_MERGED: '与其他上报合并处理', plain_REPORTED: '已收到',
  level_village_case: '村级', level_township_case: '乡镇级', level_district_case: '区级', level_city_case: '市级',
  menu: '菜单', noReports: '您还没有上报过问题', back: '返回',
  plainStep_report: '已上报', plainStep_report_mine: '您已上报', plainStep_register: '已受理', plainStep_dispatch: '已派网格员处理', plainStep_dispatch_org: '已交相关部门处理',
  plainStep_sign: '工作人员已接单', plainStep_feedback: '已处理，正在核查', plainStep_self_handle: '已现场处理', plainStep_close: '已处理，请评价', plainStep_rate: '已评价',
  plainStep_answer: '已答复', plainStep_escalate: '已转上级部门处理', plainStep_reject: '未予受理', plainStep_request_extension: '需要更多时间处理', plainStep_approve_extension: '处理时间已延长',
  plainStep_suspend: '暂缓办理', plainStep_resume: '恢复办理', plainStep_rework: '重新处理', plainStep_merge: '与其他上报合并处理', plainStep_me_too: '有人也遇到了这个问题', plainStep_me_too_mine: '您也遇到了这个问题',
  askWhere: '问哪里', askWhereHint: '不必在地图上选点：问题交给您所在或选择的村，也可以选乡镇', askWhereVillage: '选择村或乡镇', askWhereNone: '请选择要咨询的村或乡镇，或使用当前位置',
  askTo: '交给', townshipOption: '乡镇', draftRestored: '已恢复上次未提交的内容', clearDraft: '清空',
  err_LOCATION_REQUIRED: '请选择位置', err_QUESTION_REGION_UNKNOWN: '找不到要咨询的村或乡镇', err_RATE_LIMITED: '操作太频繁，请稍后再试', err_generic: '操作失败，请稍后再试',
  alarmNotFound: '告警不存在或已解除', openCase: '查看事件',
};

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  ...intakeEn,
  ...pointsEn,
  ...homeEn,
  appName: 'Village Brain', appSub: 'Grassroots governance platform', staffLogin: 'Staff log-in', residentLogin: 'Residents & tourists',
  username: 'User name', password: 'Password', login: 'Log in', phone: 'Mobile number', code: 'Code', getCode: 'Send code',
  codeSent: 'Code sent', codeDevHint: 'Development: the code is in the server log (sms_outbox table)', logout: 'Log out',
  required: 'Required', home: 'Home', regions: 'Regions & grids', users: 'Users', organisations: 'Organisations', language: '中文',
  welcome: 'Hello', myRoles: 'My roles and areas', scope: 'Area', roles: 'Roles', kind: 'Kind', name: 'Name', code_: 'Code',
  level: 'Level', households: 'Households', vintage: 'Code vintage', children: 'Children', search: 'Search', newUser: 'New user',
  displayName: 'Name', region: 'Region', role: 'Role', save: 'Save', cancel: 'Cancel', created: 'Created',
  noMap: 'Offline map: boundaries, names and a scale. For streets and roads, set MAP_TILE_URL to a tile server (e.g. Tianditu)', selectRegion: 'Pick a region on the left', villages: 'Villages', grids: 'Grids',
  staff: 'Staff', resident: 'Resident', tourist: 'Tourist', total: 'Total', items: 'items', loginFailed: 'Log-in failed',
  tooManyAttempts: 'Too many attempts; try again in {s} s',
  residentHome: 'Village app', myVillage: 'My village', residentHint: 'Tap "Report" below to report a problem, "Ask" to ask the village or township; progress shows up here.',
  orgKind: 'Kind', errorTitle: 'Something went wrong', mapOf: 'Map', noChildren: 'No sub-regions',
  level_province: 'Province', level_city: 'City', level_district: 'District', level_township: 'Township', level_village: 'Village', level_grid: 'Grid', level_microgrid: 'Micro-grid',
  kind_subdistrict: 'Subdistrict', kind_town: 'Town', kind_township: 'Township', kind_community: 'Community', kind_village: 'Village',
  role_resident: 'Resident', role_tourist: 'Tourist', role_grid_worker: 'Grid worker', role_party_member: 'Party member', role_operator: 'Operator',
  role_shift_lead: 'Shift lead', role_dispatcher: 'Dispatcher', role_handler: 'Handler', role_leader: 'Leader', role_admin: 'Administrator',
  org_command_room: 'Command room', org_enforcement: 'Enforcement', org_water_bureau: 'Water bureau', org_cleaning: 'Cleaning company', org_property: 'Property company',
  org_bank: 'Bank', org_department: 'Department', org_village_committee: 'Village committee', org_mediation: 'Mediation centre', org_market_regulation: 'Market regulation',
  cases: 'Cases', myTasks: 'My tasks', caseNo: 'No.', title: 'Title', category: 'Category', state: 'State', reportedAt: 'Reported',
  deadline: 'Deadline', overdue: 'Overdue', elapsed: 'Elapsed', minutes: 'min', hours: 'h', days: 'd', live: 'Live',
  onlyOverdue: 'Overdue only', source: 'Source', timeline: 'Timeline', photos: 'Photos', description: 'Description', actions: 'Actions',
  reason: 'Reason', note: 'Note', rating: 'Rating', comment: 'Comment', until: 'Extend until', organisation: 'Organisation', person: 'Person',
  assignTo: 'Assign to', severity: 'Severity', urgent: 'Urgent', normal: 'Normal', upload: 'Take / upload photo', location: 'Location', noTasks: 'No tasks',
  myReports: 'My reports', supervision_1: 'Urged', supervision_2: 'Supervised', supervision_3: 'Reported', reporter: 'Reporter', submit: 'Submit',
  state_REPORTED: 'Reported', state_PENDING_ACCEPT: 'To accept', state_REJECTED: 'Rejected', state_REGISTERED: 'Registered', state_DISPATCHED: 'To sign',
  state_PROCESSING: 'In progress', state_EXTENSION_REQUESTED: 'Extension asked', state_SUSPENDED: 'Suspended', state_VERIFYING: 'To verify',
  state_CLOSED: 'Closed', state_RATED: 'Rated', state_ARCHIVED: 'Archived', state_MERGED: 'Merged',
  action_report: 'Report', action_submit: 'Submit', action_register: 'Register', action_reject: 'Reject', action_self_handle: 'Handle on the spot',
  action_dispatch: 'Dispatch', action_sign: 'Sign', action_return: 'Return', action_feedback: 'Feedback', action_request_extension: 'Ask extension',
  action_approve_extension: 'Approve extension', action_deny_extension: 'Deny extension', action_suspend: 'Suspend', action_resume: 'Resume',
  action_close: 'Verify and close', action_rework: 'Rework', action_rate: 'Rate', action_archive: 'Archive', action_escalate: 'Escalate',
  action_merge: 'Merge', action_urge: 'Urged', action_supervise: 'Supervised', action_report_publicly: 'Reported publicly', action_absorb: 'Duplicate merged in',
  action_answer: 'Answer', action_me_too: 'Me too', action_co_sign: 'Sign as co-handler', action_co_feedback: 'Co-handler feedback', action_waive_co_handler: 'Waive co-handler', coHandlers: 'Co-handlers', lead: 'Lead',
  co_pending: 'to sign', co_signed: 'working', co_done: 'done', co_waived: 'waived', waitingCo: 'Lead has fed back; waiting for co-handlers',
  rating_satisfied: 'Satisfied', rating_basically_satisfied: 'Fairly satisfied', rating_unsatisfied: 'Unsatisfied',
  source_resident: 'Resident', source_tourist: 'Tourist', source_grid_worker: 'Grid worker', source_camera: 'Camera', source_sensor: 'Sensor',
  source_hotline: 'Hotline', source_open311: 'Open311', source_patrol: 'Patrol',
  notifications: 'Messages', noNotifications: 'No messages', clearAlarm: 'Clear', cameraPoliciesTab: 'Camera policies', customised: 'customised', saved: 'Saved', resetDefault: 'Reset to default', policy_action: 'Action', policy_trigger: 'Trigger (seconds / detections)', policy_minConfidence: 'Min. confidence', policy_triggerAfterSeconds: 'After seconds', policy_triggerAfterCount: 'After detections', policy_silenceSeconds: 'Silence (s)', policy_cooldownSeconds: 'Cool-down (s)', policy_graceSeconds: 'Grace (s)', policy_repeatCap: 'Plays per hour', policy_quietFrom: 'Quiet from (h)', policy_quietTo: 'Quiet until (h)', policy_clip: 'Warning clip', policyAction_warn_then_case: 'Warn, then a case', policyAction_notify_and_case: 'Tell people and open a case', policyAction_case: 'Open a case', policyAction_none: 'Record only', addCamera: 'Add camera', cameraView: 'View', speakerUrl: 'Speaker URL', cameras: 'AI cameras', allCameras: 'All cameras', speaker: 'Speaker', camState_online: 'Online', camState_offline: 'Offline', camState_never: 'Not connected', lastEvent: 'Last event', episodes30d: 'Episodes (30 d)', falsePositiveRate: 'False positives', liveDetections: 'Live detections', cleaningPerformance: 'Cleaning performance', area: 'Area', binsOverflowed: 'Overflows', binsDone: 'Cleared', medianMinutes: 'Median (min)', p90Minutes: 'P90 (min)', onTime: 'On time', falsePositive: 'False', realDetection: 'Real', ongoing: 'Ongoing', detections: 'Detections', confidence: 'Confidence', camAction_none: 'Below trigger', camAction_pending: 'Acting', camAction_acting: 'Acting', camAction_warned: 'Warned', camAction_overstay: 'Still there', camAction_left: 'Left after warning', camAction_case: 'Case opened', camAction_notified: 'Notified + case', camAction_suppressed: 'Cool-down', camLog_speaker: 'Speaker', camLog_case: 'Case', camLog_notify: 'Notified', camLog_left: 'Left', camLog_overstay: 'Grace over', camLog_quiet: 'Quiet hours', camLog_capped: 'Speaker cap reached', devices: 'Sensors', addDevice: 'Add sensor', lastSeen: 'Last reading', confirmRevokeDevice: 'The sensor\'s data will be refused. Revoke?', alarmRulesTab: 'Alarm rules', ruleSaved: 'Saved as a new version', rulesHint: 'Alarm rules per device kind, or for one reservoir; every save is a new version, and alarms name the version they were raised under.', allReservoirs: 'All reservoirs (per kind)', builtInRules: 'Built-in rules', rule_inARow: 'In a row', rule_holdMinutes: 'Hold (min)', rule_hysteresis: 'Hysteresis', rule_jump: 'Re-measure jump', rule_riseCriticalPerH: 'Critical rise (m/h)', rule_suddenChange: 'Sudden change', rule_bandSigma: 'Band (σ)', rule_bandMinSamples: 'Learning samples', rule_rainWindowMin: 'Rain window (min)', rule_rainWarnMm: 'Rain warning (mm)', rule_thWarning: 'Warning at', rule_thMajor: 'Major at', rule_thCritical: 'Critical at', off: 'off', levelsFromReservoir: 'Level thresholds come from the reservoir (flood limit, design, check)', saveVersion: 'Save as new version', version: 'Version', changes: 'Settings', dev_water_level: 'Water level', dev_rainfall: 'Rainfall', dev_seepage_pressure: 'Seepage pressure', dev_seepage_flow: 'Seepage flow', dev_displacement: 'Displacement', dev_settlement: 'Settlement', inspect: 'Inspect', resumeInspect: 'Resume', checklist: 'Checklist', itemOk: 'OK', itemFailed: 'Problem', whatsWrong: 'What is wrong (e.g. debris on the slope)', toCase: 'Open a case', finishInspect: 'Finish inspection', gpsPoints: 'Track points', latestReadings: 'Latest readings', inspectDone: 'Inspection finished', noGps: 'No position', inspecting: 'Inspecting', lastInspected: 'Last inspected', neverInspected: 'Not inspected yet', reservoirs: 'Reservoirs', waterLevel: 'Water level', rainfall: 'Rainfall', floodLimit: 'Flood limit', designFlood: 'Design flood', checkFlood: 'Check flood', crest: 'Crest', openAlarms: 'Open alarms', noAlarms: 'No alarms', acknowledge: 'Acknowledge', acknowledged: 'Acknowledged', caseOpened: 'Case opened', alarm_normal: 'Normal', alarm_warning: 'Warning', alarm_major: 'Major', alarm_critical: 'Critical', caseSettings: 'Case settings', open311Tab: 'Open311 keys', clientName: 'Client name (e.g. 12345 hotline)', addKey: 'Create key', keyShownOnce: 'The key is shown only now: copy it and hand it over', createdAt: 'Created', revoked: 'Revoked', revoke: 'Revoke', confirmRevoke: 'The client can no longer post. Revoke?', categoriesTab: 'Categories and time limits', vendorCodesTab: 'Device event codes', calendarTab: 'Working calendar', addCategory: 'Add category',
  code4: '4 digits: 2 for the class, 2 for the subclass', leadKind: 'Lead kind', limitNormal: 'Time limit', limitUrgent: 'Urgent limit', limitSign: 'Signing limit',
  autoEscalate: 'Escalate when late', active: 'Active', points: 'Points', duplicateRadius: 'Duplicate radius', sources: 'Sources', yes: 'Yes', no: 'No',
  edit: 'Edit', delete: 'Delete', confirmDelete: 'Delete this?', vendor: 'Vendor', eventCode: 'Event code', workingDay: 'Working day', dayOff: 'Day off', date: 'Date',
  unit_minutes: 'minutes', unit_hours: 'hours', unit_working_hours: 'working hours', unit_working_days: 'working days',
  noGeolocation: 'No position: pick your village or tap the map', pickCategory: 'Pick the kind of problem', pickWhere: 'Pick the place', writeQuestion: 'Write your question',
  writeProblem: 'Describe the problem (when, where, what)', outsideGrids: 'This place is outside the grids this platform serves; check it or call the hotline', joinedTitle: 'Joined: you will hear the outcome',
  askedTitle: 'Question sent; staff will answer soon', reportedTitle: 'Reported. Thank you', askTitle: 'Ask a question', reportTitle: 'Report a problem',
  where_gps: 'phone position', where_photo: 'photo position', where_village: 'village', where_map: 'picked on the map', useMyLocation: 'Use my position', pickVillage: 'Pick your village',
  nearbyTitle: 'The same problem nearby is already being handled: join it', meToo: 'Me too', reportCount: 'reports', askSubmit: 'Send question', reportSubmit: 'Send report',
  navHome: 'Mine', waitingAnswer: 'waiting', navReport: 'Report', navAsk: 'Ask',
  plain_PENDING_ACCEPT: 'Received, waiting to be accepted', plain_REGISTERED: 'Accepted, someone will be sent', plain_DISPATCHED: 'Someone was sent', plain_PROCESSING: 'Being handled',
  plain_EXTENSION_REQUESTED: 'Being handled', plain_SUSPENDED: 'On hold', plain_VERIFYING: 'Handled, being checked', plain_CLOSED: 'Done: please rate it',
  plain_RATED: 'Done', plain_ARCHIVED: 'Done', plain_REJECTED: 'Not accepted', plain_MERGED: 'Handled with another report', plain_REPORTED: 'Received',
  level_village_case: 'Village', level_township_case: 'Township', level_district_case: 'District', level_city_case: 'City',
  menu: 'Menu', noReports: 'You have not reported anything yet', back: 'Back',
  plainStep_report: 'Reported', plainStep_report_mine: 'You reported it', plainStep_register: 'Accepted', plainStep_dispatch: 'A grid worker was sent', plainStep_dispatch_org: 'Passed to the responsible office',
  plainStep_sign: 'Staff took it on', plainStep_feedback: 'Handled, being checked', plainStep_self_handle: 'Handled on the spot', plainStep_close: 'Done: please rate it', plainStep_rate: 'Rated',
  plainStep_answer: 'Answered', plainStep_escalate: 'Passed to a higher office', plainStep_reject: 'Not accepted', plainStep_request_extension: 'More time is needed', plainStep_approve_extension: 'More time was given',
  plainStep_suspend: 'On hold', plainStep_resume: 'Handling again', plainStep_rework: 'Being handled again', plainStep_merge: 'Handled with another report', plainStep_me_too: 'Someone else has the same problem', plainStep_me_too_mine: 'You have the same problem',
  askWhere: 'Ask where', askWhereHint: 'No map pin needed: the question goes to the village you are in or choose, or to a township', askWhereVillage: 'Pick a village or township', askWhereNone: 'Pick the village or township to ask, or use your position',
  askTo: 'To', townshipOption: 'township', draftRestored: 'Your unsent text is back', clearDraft: 'Clear',
  err_LOCATION_REQUIRED: 'Pick the place', err_QUESTION_REGION_UNKNOWN: 'No such village or township', err_RATE_LIMITED: 'Too many at once: try again a little later', err_generic: 'That did not work: try again later',
  alarmNotFound: 'No such alarm (or it was cleared)', openCase: 'Open the case',
};

const dictionaries: Record<Lang, Record<Key, string>> = { zh, en };
// the map's strings (web/src/i18n/maps.ts)
Object.assign(zh, mapsZh, householdsZh);
Object.assign(en, mapsEn, householdsEn);
let lang: Lang = (localStorage.getItem('vb.lang') as Lang) === 'en' ? 'en' : 'zh';
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

export function t(key: Key | string): string {
  return (dictionaries[lang] as Record<string, string>)[key] ?? (zh as Record<string, string>)[key] ?? key;
}

/** A string with `{name}` placeholders filled in: tf('hm_hello', { name }). */
export function tf(key: Key | string, vars: Record<string, string | number>): string {
  return t(key).replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** An error for people: the code's own words when the dictionary has them, never a server's English in the Chinese UI. */
export function errorText(e: unknown): string {
  const code = (e as { code?: string })?.code;
  if (code && (dictionaries[lang] as Record<string, string>)[`err_${code}`]) return t(`err_${code}`);
  return lang === 'en' && e instanceof Error && e.message ? e.message : t('err_generic');
}

export function useLang(): Lang {
  return useSyncExternalStore((cb) => (listeners.add(cb), () => listeners.delete(cb)), () => lang);
}
