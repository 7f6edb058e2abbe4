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
  // earning rules and claims (claims.service.ts)
  POINTS_RULE_NOT_FOUND: e(404, '找不到该积分项目', 'No such points rule'),
  POINTS_RULE_NOT_CLAIMABLE: e(422, '该积分项目不能申报（由系统自动计分）', 'This item cannot be claimed: the system awards it'),
  POINTS_RULE_INVALID: e(422, '积分项目设置不正确：扣分项必须要求照片，数值不能为0', 'The rule is not valid: a deduction needs a photo, and the amount cannot be 0'),
  POINTS_RULE_CONFLICT: e(409, '该积分项目刚被别人修改过，请刷新后再试', 'Someone changed this rule just now: reload and try again'),
  POINTS_CAP_REACHED: e(409, '超过该项目的积分上限', 'Over this item\'s cap'),
  POINTS_EVIDENCE_MISSING: e(422, '该项目需要照片或位置作为证明', 'This item needs a photo or a location as evidence'),
  POINTS_NO_VILLAGE: e(422, '您的账号没有所属村，无法申报积分', 'Your account has no village, so points cannot be claimed'),
  POINTS_CLAIM_NOT_FOUND: e(404, '找不到该积分申报', 'No such points claim'),
  // a villager meets it when a first 提交 reached us unanswered and the form was then changed: the form
  // starts a fresh claim after it, so pressing 提交 again files what is on screen
  POINTS_CLAIM_EXISTS: e(409, '刚才已经提交过一份内容不同的申报，请到「我的申报」查看；如果这也要申报，请再按一次提交', 'A different claim was already sent from this form: see it under My claims. To claim this as well, press Submit again'),
  POINTS_NOT_SCORER: e(403, '只有本村评分小组成员可以审核', 'Only members of the village scoring group review claims'),
  POINTS_OWN_HOUSEHOLD: e(403, '不能审核或异议本户的积分', 'You cannot review or object to your own household\'s points'),
  POINTS_ALREADY_VOTED: e(409, '您已审核过这份申报', 'You have already reviewed this claim'),
  POINTS_CLAIM_NOT_REVIEWING: e(409, '这份申报已不在审核中', 'This claim is no longer being reviewed'),
  POINTS_NOTICE_CLOSED: e(409, '公示期已过或不在公示中，不能再提异议', 'The public notice is over (or the award is not on notice): no objection can be made now'),
  POINTS_NOT_VILLAGER: e(403, '只有本村村民可以对公示提出异议', 'Only residents of the village may object to its notices'),
  POINTS_CLAIM_NOT_OBJECTED: e(409, '这份申报没有待复核的异议', 'This claim has no objection waiting for a decision'),
  POINTS_RECHECK_TOWNSHIP: e(403, '异议复核由乡镇（街道）决定', 'Objections are decided by the township'),
  POINTS_CLAIM_FOR_FORBIDDEN: e(403, '您不能代他人申报积分', 'You may not claim points for someone else'),
  POINTS_CASE_EVIDENCE_INVALID: e(422, '所附事件不是本村已办结、且您能查看的事件', 'The case is not a closed case of the village that you can see'),
  POINTS_CLAIM_NOT_DUE: e(409, '公示期尚未结束', 'The public notice has not ended yet'),
  // rankings and 红黑榜 (rankings.service.ts)
  POINTS_RANK_PERIOD_FUTURE: e(400, '这个时段还没开始，没有排名', 'That period has not begun: there is no ranking for it yet'),
  POINTS_RANK_PERIOD_OPEN: e(409, '这个时段还没结束，结束后才能发布红黑榜', 'That period has not ended: the list can be published once it has'),
  POINTS_RANK_LIST_NOT_FOUND: e(404, '找不到该红黑榜', 'No such published list'),
  // a resident objecting to a board reads these: the board's words, not the claims' (申报) ones
  POINTS_RANK_NOT_RESIDENT: e(403, '只有住在这份红黑榜所列地方的村民可以对它提意见', 'Only people who live in the place the board covers may object to it'),
  POINTS_RANK_NOTICE_CLOSED: e(409, '这份红黑榜已经过了公示期（或已撤回），不能再提意见', 'This board is no longer on public notice (or it was withdrawn): no objection can be made now'),
  POINTS_RANK_NOT_OBJECTED: e(409, '这份红黑榜没有等乡镇答复的意见', 'Nobody\'s objection to this board is waiting for the township\'s answer'),
});
