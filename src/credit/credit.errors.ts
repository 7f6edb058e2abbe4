/** The credit module's error codes with what a person is told (zh, en); pure data, the web imports it too. */
import { defineErrors, e } from '../platform/error-text.ts';

export const CREDIT_ERRORS = defineErrors('credit', {
  CREDIT_POOL_NOT_FEN: e(400, '分红总额必须是以元为单位、最多两位小数（精确到分）的正数', 'The pool must be an amount in yuan with at most two decimals (whole fen), above zero'),
  CREDIT_PERIOD_INVALID: e(422, '期间不正确：必须是已经结束的期间，开始不晚于结束，最长两年', 'The period is not valid: it must have ended, start before it ends, and last at most two years'),
  CREDIT_MONTH_INVALID: e(422, '只能为已经结束的月份生成清单', 'An extract is made only for a month that has ended'),
  CREDIT_NOT_VILLAGE: e(422, '积分分红以村（社区）为单位', 'A dividend is entered for a village or community'),
  CREDIT_NO_POINTS: e(422, '该期间本村没有农户获得积分，无法分红', 'No household of the village earned points in the period, so nothing can be shared'),
  CREDIT_TIERS_INVALID: e(422, '额度档位不正确：门槛为不重复的正整数，额度随门槛升高', 'The tiers are not valid: thresholds are distinct whole numbers above zero and quotas rise with them'),
  CREDIT_TIERS_CONFLICT: e(409, '额度档位刚被别人修改过，请刷新后再试', 'Someone changed the tiers just now: reload and try again'),
  CREDIT_BANK_NOT_FOUND: e(404, '找不到该合作银行', 'No such partner bank'),
  CREDIT_BANK_EXISTS: e(409, '该银行代码已登记', 'A bank with this code is registered already'),
  CREDIT_BANK_TOKEN: e(401, '银行接口令牌无效', 'The bank\'s API token is not valid'),
  CREDIT_NO_HOUSEHOLD: e(409, '您还不属于任何一户，请先让村里为您建户', 'You belong to no household yet: ask the village to register yours'),
  CREDIT_CONSENT_EXISTS: e(409, '本户已授权该银行查看积分', 'Your household has already consented for this bank'),
  CREDIT_CONSENT_NOT_FOUND: e(404, '本户没有对该银行的有效授权', 'Your household has no consent for this bank to withdraw'),
  CREDIT_EXTRACT_NOT_FOUND: e(404, '找不到该月的清单', 'No extract for this month'),
  CREDIT_DIVIDEND_NOT_FOUND: e(404, '找不到该分红', 'No such dividend'),
  CREDIT_DIVIDEND_EXISTS: e(409, '本村该期间已有一份未撤回的分红', 'The village already has a dividend for this period that is not withdrawn'),
  CREDIT_NOTICE_CLOSED: e(409, '公示期已过或不在公示中，不能再提异议', 'The notice is over (or the list is not on notice): no objection can be made now'),
  CREDIT_NOT_VILLAGER: e(403, '只有本村村民可以对公示提出异议', 'Only residents of the village may object to its notices'),
  CREDIT_ALREADY_OBJECTED: e(409, '您已对这份分红提出过异议', 'You have already objected to this dividend'),
  CREDIT_NOT_OBJECTED: e(409, '这份分红没有待复核的异议', 'This dividend has no objection waiting for a decision'),
  CREDIT_RECHECK_TOWNSHIP: e(403, '异议复核由乡镇（街道）决定', 'Objections are decided by the township'),
  CREDIT_NOT_PAYABLE: e(409, '公示结束且无异议后才能发放；已发放或已撤回的不能再发放', 'A dividend is paid only after its notice ended without objection, and only once'),
});
