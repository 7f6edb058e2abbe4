/** Strings of 立案并派遣 (issue 12.4): the one-step intake and the suggested dispatch targets. Merged into i18n.ts. */
export const intakeZh = {
  action_register_dispatch: '立案并派遣',
  intake_thisGridWorker: '本网格网格员',
  intake_suggested: '推荐',
  intake_leadOrg: '主办',
  intake_noDefault_CATEGORY_REQUIRED: '请先选择类别，再推荐派遣对象',
  intake_noDefault_QUESTION: '咨询类事件请直接答复，无需派遣',
  intake_noDefault_NO_GRID_WORKER: '本网格暂无网格员，请选择其他人员或单位',
  intake_noDefault_NO_LEAD_ORGANISATION: '本辖区没有该类事件的主办单位，请手动选择',
  err_GRID_HAS_NO_WORKER: '本网格暂无网格员，请选择其他人员或单位',
  err_DISPATCH_TO_COMMAND_ROOM: '不能派遣给指挥室本身，请选择处置人员或单位',
  err_ASSIGNEE_NOT_IN_REGION: '该人员或单位不负责事件所在区域',
  err_CATEGORY_REQUIRED: '立案需要选择事件类别',
};

export const intakeEn: Record<keyof typeof intakeZh, string> = {
  action_register_dispatch: 'Register and dispatch',
  intake_thisGridWorker: 'This grid\'s worker',
  intake_suggested: 'suggested',
  intake_leadOrg: 'lead',
  intake_noDefault_CATEGORY_REQUIRED: 'Choose the category first to get a suggestion',
  intake_noDefault_QUESTION: 'Answer a question directly; it needs no dispatch',
  intake_noDefault_NO_GRID_WORKER: 'This grid has no grid worker: choose another person or organisation',
  intake_noDefault_NO_LEAD_ORGANISATION: 'No organisation here leads this category: choose one',
  err_GRID_HAS_NO_WORKER: 'This grid has no grid worker: choose another person or organisation',
  err_DISPATCH_TO_COMMAND_ROOM: 'The command room dispatches; choose who handles it',
  err_ASSIGNEE_NOT_IN_REGION: 'That person or organisation does not serve this area',
  err_CATEGORY_REQUIRED: 'Registering needs the category',
};
