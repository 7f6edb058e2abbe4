/**
 * The cases module's error codes: the HTTP status(es) and what a person is told, in Chinese and English.
 * Pure data (the web imports it too and shows messages by code); see platform/error-text.ts.
 */
import { defineErrors, e } from '../platform/error-text.ts';

export const CASES_ERRORS = defineErrors('cases', {
  CASE_NOT_FOUND: e(404, '找不到该事件', 'No such case'),
  DISPATCH_TO_COMMAND_ROOM: e(400, '不能派遣给指挥室本身，请选择处置人员或单位', 'A case cannot be dispatched to the command room itself; choose a handler or an organisation'),
  GRID_HAS_NO_WORKER: e(422, '该网格还没有网格员，请选择其他处置人员', 'This grid has no grid worker yet; choose someone else'),
  CASE_NOT_NEARBY: e(404, '附近没有同类的未办结事件', 'No open case of this kind nearby'),
  CASE_NOT_OPEN: e(409, '该事件已办结，如问题再次出现请重新上报', 'This case is no longer open; report the problem anew if it is back'),
  CASE_BUSY: e(409, '该事件正在被频繁处理，请稍后重试', 'The case is changing too fast; try again'),
  TRANSITION_NOT_ALLOWED: e(409, '事件当前状态下不能执行此操作，请刷新后查看', 'That action is not possible in the case\'s current state; reload to see it'),
  CATEGORY_UNKNOWN: e(400, '未知的事件类别', 'Unknown category'),
  CATEGORY_REQUIRED: e(400, '立案前请选择事件类别', 'Choose a category to register the case'),
  CATEGORY_SOURCE_NOT_ALLOWED: e(400, '该类别不能由此来源上报', 'This category cannot be raised from this source'),
  CATEGORY_EXISTS: e(409, '该类别代码已存在', 'A category with this code exists'),
  CATEGORY_NOT_FOUND: e(404, '找不到该类别', 'No such category'),
  VENDOR_CODE_NOT_FOUND: e(404, '找不到该设备事件编码', 'No such vendor event code'),
  DEADLINE_IN_PAST: e(400, '时间必须晚于现在', 'The time must be in the future'),
  ASSIGNEE_NOT_IN_REGION: e(400, '该单位或人员不负责此事件所在区域', 'That organisation or person does not serve this case\'s area'),
  MERGE_TARGET_INVALID: e(400, '只能合并到另一个未办结的事件', 'Merge into another open case'),
  NOT_A_QUESTION: e(400, '只有咨询类事件可以直接答复，其他事件请派遣', 'Only questions are answered directly; dispatch other cases'),
  LOCATION_REQUIRED: e(400, '请选择位置', 'Pick the place'),
  QUESTION_REGION_UNKNOWN: e(400, '找不到要咨询的村或乡镇', 'No such village or township'),
});
