/**
 * The points module's error codes: the HTTP status(es) and what a person is told, in Chinese and English.
 * Pure data (the web imports it too and shows messages by code); see platform/error-text.ts. The ledger's
 * refusals (ledger.ts) answer with the first status listed.
 */
import { defineErrors, e } from '../platform/error-text.ts';

export const POINTS_ERRORS = defineErrors('points', {
  POINTS_TRANSFER_INVALID: e(400, '积分转账信息不完整或不正确', 'The points transfer is incomplete or not valid'),
  POINTS_AMOUNT_INVALID: e(400, '积分数量必须是正整数', 'A number of points must be a whole number above zero'),
  POINTS_ACCOUNT_NOT_FOUND: e(404, '找不到该积分账户', 'No such points account'),
  POINTS_TRANSFER_NOT_FOUND: e(404, '找不到该积分记录', 'No such points transfer'),
  POINTS_LEDGER_MISMATCH: e(422, '不同类别的积分之间不能转账', 'Points cannot move between ledgers'),
  POINTS_TRANSFER_EXISTS: e(409, '该积分记录编号已被另一笔不同的记录使用', 'This transfer id is taken by a different transfer'),
  POINTS_BUSINESS_KEY_EXISTS: e(409, '这件事已经记过积分了', 'Points were already given for this'),
  POINTS_INSUFFICIENT: e(409, '可用积分不足', 'Not enough points available'),
  POINTS_PENDING_NOT_FOUND: e(404, '找不到待确认的积分', 'No such pending points'),
  POINTS_PENDING_RESOLVED: e(409, '这笔待确认的积分已处理过', 'These pending points were already settled'),
  POINTS_PENDING_EXPIRED: e(409, '这笔待确认的积分已过期', 'These pending points have expired'),
  POINTS_PENDING_MISMATCH: e(422, '与待确认的积分不一致', 'Not as the pending points were given'),
  POINTS_CORRECTION_INVALID: e(422, '更正只能冲回一笔已入账的积分，并写明原因', 'A correction reverses a posted transfer, with a reason'),
  POINTS_LINKED_FAILED: e(422, '同一组积分中有一笔失败，整组都未入账', 'Another transfer of the linked group failed, so none was made'),
  POINTS_LINKED_OPEN: e(400, '积分组的最后一笔不能再关联下一笔', 'The last transfer of a batch cannot be linked to a next one'),
});
