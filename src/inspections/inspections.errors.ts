/**
 * The inspections module's error codes: the HTTP status(es) and what a person is told, in Chinese and English.
 * Pure data (the web imports it too and shows messages by code); see platform/error-text.ts.
 */
import { defineErrors, e } from '../platform/error-text.ts';

export const INSPECTIONS_ERRORS = defineErrors('inspections', {
  INSPECTION_NOT_FOUND: e(404, '找不到该巡查', 'No such inspection'),
  INSPECTION_FINISHED: e(409, '该巡查已结束', 'The inspection is finished'),
  INSPECTION_INCOMPLETE: e(400, '还有检查项未完成', 'Some checklist items are not yet checked'),
  ITEM_NOT_FOUND: e(404, '找不到该检查项', 'No such checklist item'),
  ITEM_HAS_CASE: e(409, '该检查项已生成事件，不能改为正常', 'A case was opened for this item; it stays failed'),
  ITEM_NOT_FAILED: e(409, '只有不合格的检查项才能生成事件', 'Only a failed item opens a case'),
  TRACK_FULL: e(409, '巡查轨迹点已达上限', 'The inspection track is full'),
});
