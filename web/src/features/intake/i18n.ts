/**
 * Strings of 随手拍 and 咨询 (reporting and asking on the phone) and of 立案并派遣 (issue 12.4): the one-step intake and the
 * suggested dispatch targets. Put together with the others in web/src/dictionaries.ts.
 */
export const intakeZh = {
  villages: '村/社区', noGeolocation: '无法获取定位，请选择所在村或在地图上点选', pickCategory: '请选择问题类别', pickWhere: '请选择位置', writeQuestion: '请写下您的问题',
  writeProblem: '请描述问题（时间、地点、情况）', outsideGrids: '该位置不在本平台服务的网格内，请确认位置或拨打热线', joinedTitle: '已加入，处理结果会通知您', askedTitle: '问题已提交，工作人员会尽快答复',
  reportedTitle: '上报成功，感谢您的参与', askTitle: '咨询 / 办事', reportTitle: '随手拍 · 上报问题',
  where_gps: '手机定位', where_photo: '照片位置', where_village: '所在村', where_map: '地图点选', useMyLocation: '使用当前位置', pickVillage: '选择所在村',
  nearbyTitle: '附近已有相同问题在处理，可直接加入', meToo: '我也遇到', askSubmit: '提交问题', reportSubmit: '提交上报', navReport: '随手拍', navAsk: '咨询', askWhere: '问哪里',
  askWhereHint: '不必在地图上选点：问题交给您所在或选择的村，也可以选乡镇', askWhereVillage: '选择村或乡镇', askWhereNone: '请选择要咨询的村或乡镇，或使用当前位置', townshipOption: '乡镇',
  action_register_dispatch: '立案并派遣', intake_thisGridWorker: '本网格网格员', intake_suggested: '推荐',
  intake_leadOrg: '主办', intake_noDefault_CATEGORY_REQUIRED: '请先选择类别，再推荐派遣对象', intake_noDefault_QUESTION: '咨询类事件请直接答复，无需派遣',
  intake_noDefault_NO_GRID_WORKER: '本网格暂无网格员，请选择其他人员或单位', intake_noDefault_NO_LEAD_ORGANISATION: '本辖区没有该类事件的主办单位，请手动选择',
};

export const intakeEn: Record<keyof typeof intakeZh, string> = {
  villages: 'Villages', noGeolocation: 'No position: pick your village or tap the map', pickCategory: 'Pick the kind of problem',
  pickWhere: 'Pick the place', writeQuestion: 'Write your question', writeProblem: 'Describe the problem (when, where, what)',
  outsideGrids: 'This place is outside the grids this platform serves; check it or call the hotline', joinedTitle: 'Joined: you will hear the outcome',
  askedTitle: 'Question sent; staff will answer soon', reportedTitle: 'Reported. Thank you', askTitle: 'Ask a question',
  reportTitle: 'Report a problem', where_gps: 'phone position', where_photo: 'photo position', where_village: 'village', where_map: 'picked on the map',
  useMyLocation: 'Use my position', pickVillage: 'Pick your village', nearbyTitle: 'The same problem nearby is already being handled: join it',
  meToo: 'Me too', askSubmit: 'Send question', reportSubmit: 'Send report', navReport: 'Report', navAsk: 'Ask', askWhere: 'Ask where',
  askWhereHint: 'No map pin needed: the question goes to the village you are in or choose, or to a township',
  askWhereVillage: 'Pick a village or township', askWhereNone: 'Pick the village or township to ask, or use your position', townshipOption: 'township',
  action_register_dispatch: 'Register and dispatch', intake_thisGridWorker: 'This grid\'s worker',
  intake_suggested: 'suggested', intake_leadOrg: 'lead', intake_noDefault_CATEGORY_REQUIRED: 'Choose the category first to get a suggestion',
  intake_noDefault_QUESTION: 'Answer a question directly; it needs no dispatch',
  intake_noDefault_NO_GRID_WORKER: 'This grid has no grid worker: choose another person or organisation',
  intake_noDefault_NO_LEAD_ORGANISATION: 'No organisation here leads this category: choose one',
};
