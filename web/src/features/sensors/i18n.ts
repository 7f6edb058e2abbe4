/**
 * Strings of reservoirs, devices, alarm rules and inspections (sensors). Put together with the others in
 * web/src/dictionaries.ts.
 */
export const sensorsZh = {
  clearAlarm: '解除', devices: '监测设备', addDevice: '添加设备', lastSeen: '最近数据', confirmRevokeDevice: '停用后该设备的数据将被拒收，确定？', alarmRulesTab: '告警规则',
  ruleSaved: '已保存为新版本', rulesHint: '按设备类型设置告警规则，也可为单个水库单独设置；每次保存生成一个新版本，告警会注明所依据的版本。', allReservoirs: '全部水库（按类型）', builtInRules: '内置规则',
  rule_inARow: '连续次数', rule_holdMinutes: '持续分钟', rule_hysteresis: '解除回差', rule_jump: '复测跳变', rule_riseCriticalPerH: '危急涨率(m/h)',
  rule_suddenChange: '突变阈值', rule_bandSigma: '历史区间(σ)', rule_bandMinSamples: '学习样本数', rule_rainWindowMin: '降雨窗口(分钟)', rule_rainWarnMm: '预警雨量(mm)',
  rule_thWarning: '预警阈值', rule_thMajor: '重大阈值', rule_thCritical: '危急阈值', off: '不启用', levelsFromReservoir: '水位阈值取自水库特征水位（汛限/设计/校核）',
  saveVersion: '保存为新版本', changes: '设置', dev_water_level: '水位', dev_rainfall: '雨量', dev_seepage_pressure: '渗压', dev_seepage_flow: '渗流量',
  dev_displacement: '位移', dev_settlement: '沉降', inspect: '一键巡库', resumeInspect: '继续巡查', checklist: '巡查项目', itemOk: '正常', itemFailed: '异常',
  whatsWrong: '问题描述（如：坝坡杂物较多）', toCase: '生成事件', finishInspect: '完成巡查', gpsPoints: '轨迹点', latestReadings: '最新监测', inspectDone: '巡查完成', noGps: '未获取定位',
  inspecting: '巡查中', lastInspected: '上次巡查', neverInspected: '尚未巡查', reservoirs: '水库监测', waterLevel: '水位', rainfall: '雨量', floodLimit: '汛限水位',
  designFlood: '设计洪水位', checkFlood: '校核洪水位', crest: '坝顶', openAlarms: '当前告警', noAlarms: '没有未解除的告警，水库运行正常', noReservoirs: '辖区还没有接入水库监测', noInspectAssets: '您的网格里没有要巡查的水库', noDevices: '这座水库还没有接入传感器', noDevicesEdit: '这座水库还没有接入传感器。点「添加设备」，把密钥交给安装人员', acknowledge: '确认', acknowledged: '已确认',
  caseOpened: '已生成事件', alarm_normal: '正常', alarm_warning: '预警', alarm_major: '重大', alarm_critical: '危急',
};

export const sensorsEn: Record<keyof typeof sensorsZh, string> = {
  clearAlarm: 'Clear', devices: 'Sensors', addDevice: 'Add sensor', lastSeen: 'Last reading',
  confirmRevokeDevice: 'The sensor\'s data will be refused. Revoke?', alarmRulesTab: 'Alarm rules', ruleSaved: 'Saved as a new version',
  rulesHint: 'Alarm rules per device kind, or for one reservoir; every save is a new version, and alarms name the version they were raised under.',
  allReservoirs: 'All reservoirs (per kind)', builtInRules: 'Built-in rules',
  rule_inARow: 'In a row', rule_holdMinutes: 'Hold (min)', rule_hysteresis: 'Hysteresis', rule_jump: 'Re-measure jump',
  rule_riseCriticalPerH: 'Critical rise (m/h)', rule_suddenChange: 'Sudden change', rule_bandSigma: 'Band (σ)', rule_bandMinSamples: 'Learning samples',
  rule_rainWindowMin: 'Rain window (min)', rule_rainWarnMm: 'Rain warning (mm)', rule_thWarning: 'Warning at', rule_thMajor: 'Major at',
  rule_thCritical: 'Critical at', off: 'off', levelsFromReservoir: 'Level thresholds come from the reservoir (flood limit, design, check)',
  saveVersion: 'Save as new version', changes: 'Settings', dev_water_level: 'Water level', dev_rainfall: 'Rainfall',
  dev_seepage_pressure: 'Seepage pressure', dev_seepage_flow: 'Seepage flow', dev_displacement: 'Displacement', dev_settlement: 'Settlement',
  inspect: 'Inspect', resumeInspect: 'Resume', checklist: 'Checklist', itemOk: 'OK', itemFailed: 'Problem',
  whatsWrong: 'What is wrong (e.g. debris on the slope)', toCase: 'Open a case', finishInspect: 'Finish inspection', gpsPoints: 'Track points',
  latestReadings: 'Latest readings', inspectDone: 'Inspection finished', noGps: 'No position', inspecting: 'Inspecting',
  lastInspected: 'Last inspected', neverInspected: 'Not inspected yet', reservoirs: 'Reservoirs', waterLevel: 'Water level', rainfall: 'Rainfall',
  floodLimit: 'Flood limit', designFlood: 'Design flood', checkFlood: 'Check flood', crest: 'Crest', openAlarms: 'Open alarms', noAlarms: 'No open alarms: the reservoirs are normal', noReservoirs: 'No monitored reservoirs in your area yet', noInspectAssets: 'No reservoir to patrol in your area',
  noDevices: 'No sensors on this reservoir yet', noDevicesEdit: 'No sensors on this reservoir yet. Use "Add sensor" and give its key to the installer',
  acknowledge: 'Acknowledge', acknowledged: 'Acknowledged', caseOpened: 'Case opened',
  alarm_normal: 'Normal', alarm_warning: 'Warning', alarm_major: 'Major', alarm_critical: 'Critical',
};
