/**
 * The party-work module's error codes with what a person is told (zh, en); pure data, the web imports
 * it too (platform/error-text.ts). Another area's branch, member, task or log answers as a missing one.
 */
import { defineErrors, e } from '../platform/error-text.ts';

export const PARTYWORK_ERRORS = defineErrors('partywork', {
  PARTY_REGION_INVALID: e(422, '支部必须建在已有的乡镇、村或社区', 'A branch belongs to an existing township, village or community'),
  PARTY_BRANCH_NOT_FOUND: e(404, '找不到该支部', 'No such branch'),
  PARTY_BRANCH_EXISTS: e(409, '该地已有同名支部', 'A branch of this name exists in this place'),
  PARTY_PERSON_NOT_FOUND: e(404, '找不到这个人', 'No such person'),
  PARTY_MEMBER_NOT_FOUND: e(404, '找不到该党员', 'No such party member'),
  PARTY_MEMBER_EXISTS: e(409, '此人已登记为党员', 'This person is already registered as a party member'),
  PARTY_IMPORT_INVALID: e(422, '导入文件有 {count} 行不正确，全部未导入，请按提示修改后重新导入', '{count} rows of the file are not valid; nothing was imported — fix them and import again', { zh: '导入文件有不正确的行，全部未导入', en: 'Some rows of the file are not valid; nothing was imported' }),
  PARTY_NOT_MEMBER: e(403, '您还没有登记为党员，请联系所在支部', 'You are not registered as a party member: ask your branch'),
  PARTY_TASK_NOT_FOUND: e(404, '找不到该任务', 'No such task'),
  PARTY_TASK_STATE: e(409, '任务当前状态下不能这样操作', 'The task cannot do that in its present state'),
  PARTY_TASK_NOT_YOURS: e(403, '这不是您认领的任务', 'This is not a task you hold'),
  PARTY_TASK_ROLE: e(403, '您的身份不能执行此操作', 'Your role cannot do that to a task'),
  PARTY_TASK_CONFLICT: e(409, '任务刚被别人改过，请刷新后再试', 'Someone changed the task just now: reload and try again'),
  PARTY_TASK_INVALID: e(422, '联户任务须指定一户，联楼、联事任务不能指定户', 'A household task names one household; a building or issue task names none'),
  PARTY_TASK_REGION_INVALID: e(422, '任务地点须在您负责的网格内，且包含该户所在村', 'The task\'s place must be in your grid and hold the household'),
  PARTY_HOUSEHOLD_NOT_FOUND: e(404, '找不到该户', 'No such household'),
  PARTY_LOG_NOT_YOUR_TASK: e(403, '只能为自己正在联系的任务打卡', 'You can log visits only for the tasks you hold'),
  PARTY_TASK_NOT_ACTIVE: e(409, '任务尚未被网格员确认或已结束，暂不能打卡', 'The task is not active (not accepted yet, or closed): no visit can be logged'),
  PARTY_VISIT_TOO_SOON: e(409, '距上次打卡太近，请 {nextAt} 之后再打卡', 'Too soon after the last visit: log again after {nextAt}', { zh: '距上次打卡太近，请稍后再打卡', en: 'Too soon after the last visit: log again later' }),
  PARTY_VISIT_TIME_INVALID: e(422, '走访时间不能晚于现在，也不能早于 30 天前', 'The visit time cannot be in the future nor more than 30 days ago'),
  PARTY_LOG_ID_TAKEN: e(409, '该打卡编号已被另一条不同的记录使用', 'This log id is taken by a different log'),
  PARTY_LOG_NOT_FOUND: e(404, '找不到该走访记录', 'No such visit log'),
  PARTY_LOG_REVIEWED: e(409, '这条走访记录已审核过', 'This visit log has already been reviewed'),
  PARTY_NOT_GRID_WORKER: e(403, '只有该网格的网格员可以审核', 'Only a grid worker of the log\'s grid may review it'),
  PARTY_LOG_CASE_FORBIDDEN: e(403, '只有写这条走访记录的党员或该网格的网格员可以发起事件', 'Only the log\'s member or a grid worker of its grid may open a case from it'),
  PARTY_REASON_REQUIRED: e(422, '请写明原因', 'Give a reason'),
  PARTY_FORMULA_WEIGHTS: e(422, '满意度和按期办结两项的权重加起来须等于 1', 'The satisfaction and on-time weights must add up to 1'),
  PARTY_FORMULA_KIND: e(400, '公式的参数与指数类别不符', 'The formula\'s parameters do not fit the index kind'),
  PARTY_SERVICE_ORG_NOT_FOUND: e(404, '找不到该下沉党组织', 'No such paired party organisation'),
  PARTY_SERVICE_ORG_EXISTS: e(409, '该社区已结对同名党组织', 'An organisation of this name is already paired with this community'),
  PARTY_SERVICE_ORG_REGION: e(422, '结对的须是已有的村或社区', 'The paired place must be an existing village or community'),
  PARTY_SERVICE_DATE_INVALID: e(422, '服务日期不能晚于今天，也不能早于一年前', 'The service date cannot be in the future nor more than a year ago'),
  PARTY_SERVICE_CASE_INVALID: e(422, '关联的事件不存在或不在结对社区内', 'The linked case does not exist or is not in the paired community'),
  PARTY_SERVICE_ID_TAKEN: e(409, '该服务记录编号已被另一条不同的记录使用', 'This service id is taken by a different record'),
});
