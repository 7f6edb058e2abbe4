/**
 * Strings of the cameras page and the camera policies tab. Put together with the others in
 * web/src/dictionaries.ts.
 */
export const camerasZh = {
  location: '位置', cameraPoliciesTab: '摄像头策略', customised: '已调整', resetDefault: '恢复默认',
  policy_action: '处置方式', policy_trigger: '触发（持续/次数）', policy_minConfidence: '最低置信度',
  policy_triggerAfterSeconds: '持续秒数', policy_triggerAfterCount: '识别次数', policy_silenceSeconds: '结束静默秒数',
  policy_cooldownSeconds: '冷却秒数', policy_graceSeconds: '喊话宽限秒数', policy_repeatCap: '每小时喊话上限',
  policy_quietFrom: '静音开始(时)', policy_quietTo: '静音结束(时)', policy_clip: '喊话内容',
  policyAction_warn_then_case: '先喊话，不走再立案', policyAction_notify_and_case: '即时通知并立案', policyAction_case: '立案', policyAction_none: '只记录',
  addCamera: '添加摄像头', cameraView: '监控范围', speakerUrl: '喇叭地址', cameras: '智能摄像头', allCameras: '全部摄像头', noCameras: '辖区还没有接入摄像头。管理员可点「添加摄像头」接入',
  noEpisodes: '没有正在处理的识别事件，一切正常', noCleaning: '近期没有垃圾桶满溢，没有保洁考核数据', speaker: '喇叭',
  camState_online: '在线', camState_offline: '离线', camState_never: '未接入', lastEvent: '最近事件', episodes30d: '30天事件', falsePositiveRate: '误报率',
  liveDetections: '实时识别', cleaningPerformance: '保洁考核', area: '区域', binsOverflowed: '满溢次数', binsDone: '已清运', medianMinutes: '响应中位数(分钟)',
  p90Minutes: 'P90(分钟)', onTime: '按时率', falsePositive: '误报', realDetection: '属实', ongoing: '持续中', detections: '识别', confidence: '置信度',
  camAction_none: '未达阈值', camAction_pending: '处理中', camAction_acting: '处理中', camAction_warned: '已喊话', camAction_overstay: '仍未离开', camAction_left: '已劝离',
  camAction_case: '已立案', camAction_notified: '已通知并立案', camAction_suppressed: '冷却期内',
  camLog_speaker: '喇叭喊话', camLog_case: '立案', camLog_notify: '通知', camLog_left: '劝离', camLog_overstay: '宽限期满', camLog_quiet: '静音时段',
  camLog_capped: '喊话达上限',
  noCameraPolicies: '没有摄像头处置策略，识别事件按默认方式处理',
};

export const camerasEn: Record<keyof typeof camerasZh, string> = {
  location: 'Location', cameraPoliciesTab: 'Camera policies', customised: 'customised', resetDefault: 'Reset to default',
  policy_action: 'Action', policy_trigger: 'Trigger (seconds / detections)',
  policy_minConfidence: 'Min. confidence', policy_triggerAfterSeconds: 'After seconds', policy_triggerAfterCount: 'After detections',
  policy_silenceSeconds: 'Silence (s)', policy_cooldownSeconds: 'Cool-down (s)',
  policy_graceSeconds: 'Grace (s)', policy_repeatCap: 'Plays per hour', policy_quietFrom: 'Quiet from (h)', policy_quietTo: 'Quiet until (h)',
  policy_clip: 'Warning clip', policyAction_warn_then_case: 'Warn, then a case', policyAction_notify_and_case: 'Tell people and open a case',
  policyAction_case: 'Open a case', policyAction_none: 'Record only', addCamera: 'Add camera', cameraView: 'View', speakerUrl: 'Speaker URL',
  cameras: 'AI cameras', allCameras: 'All cameras', noCameras: 'No cameras in your area yet. An administrator can use "Add camera"',
  noEpisodes: 'No detections being handled: all is calm', noCleaning: 'No overflowing bins lately, so nothing to rate the cleaners on', speaker: 'Speaker', camState_online: 'Online', camState_offline: 'Offline',
  camState_never: 'Not connected', lastEvent: 'Last event', episodes30d: 'Episodes (30 d)', falsePositiveRate: 'False positives',
  liveDetections: 'Live detections', cleaningPerformance: 'Cleaning performance', area: 'Area', binsOverflowed: 'Overflows', binsDone: 'Cleared',
  medianMinutes: 'Median (min)', p90Minutes: 'P90 (min)', onTime: 'On time', falsePositive: 'False', realDetection: 'Real', ongoing: 'Ongoing',
  detections: 'Detections', confidence: 'Confidence', camAction_none: 'Below trigger', camAction_pending: 'Acting', camAction_acting: 'Acting',
  camAction_warned: 'Warned', camAction_overstay: 'Still there', camAction_left: 'Left after warning', camAction_case: 'Case opened',
  camAction_notified: 'Notified + case', camAction_suppressed: 'Cool-down',
  camLog_speaker: 'Speaker', camLog_case: 'Case', camLog_notify: 'Notified', camLog_left: 'Left', camLog_overstay: 'Grace over',
  camLog_quiet: 'Quiet hours', camLog_capped: 'Speaker cap reached',
  noCameraPolicies: 'No camera policies: detections are handled the default way',
};
