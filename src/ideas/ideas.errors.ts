/**
 * The ideas module's error codes with what a person is told (zh, en); pure data, the web imports it too
 * (see platform/error-text.ts). Another area's idea or poll answers as a missing one (404).
 */
import { defineErrors, e } from '../platform/error-text.ts';

export const IDEAS_ERRORS = defineErrors('ideas', {
  IDEA_NOT_FOUND: e(404, '找不到这条金点子（或不是本村的）', 'No such idea in your village'),
  IDEA_NOT_VERIFIED: e(403, '只有本村（本镇）登记的村民才能提金点子、点赞或投票', 'Only residents registered in the village (township) may propose, support or vote'),
  IDEA_ALREADY_SUPPORTED: e(409, '您（或您家）已经支持过这条金点子，每{modeZh}只能支持一次', 'You (or your household) already supported this idea: one support per {mode}', { zh: '已经支持过这条金点子', en: 'Already supported' }),
  IDEA_SUPPORT_CLOSED: e(409, '这条金点子的征集期已结束（{deadline} 截止），不能再支持', 'Supports for this idea closed on {deadline}', { zh: '征集期已结束，不能再支持', en: 'Supports for this idea are closed' }),
  IDEA_ALREADY_ANSWERED: e(409, '这条金点子已经答复过了', 'This idea has already been answered'),
  IDEA_REASON_REQUIRED: e(422, '答复必须写明理由', 'An answer needs its reason'),
  IDEA_MERGE_TARGET_INVALID: e(422, '请选择本村另一条金点子作为合并目标', 'Merge it into another idea of the same village'),
  IDEA_NOT_ADOPTED: e(409, '只有已采纳、未完成的金点子才能更新进度', 'Only an adopted idea that is not done has progress'),
  IDEA_PROGRESS_BACKWARDS: e(422, '进度只能前进：当前 {current}%', 'Progress only goes forward: it is at {current} %', { zh: '进度只能前进', en: 'Progress only goes forward' }),
  IDEA_OFFICER_INVALID: e(422, '体验员须是本村（本镇）登记的村民', 'An experience officer is a resident of the idea\'s area'),
  IDEA_NOT_OFFICER: e(403, '只有这条金点子的改革体验员才能评价', 'Only the idea\'s experience officers rate it'),
  IDEA_NOT_DONE: e(409, '改革完成后才能评价', 'The result is rated once the idea is done'),
  IDEA_ALREADY_RATED: e(409, '您已经评价过了', 'You already rated it'),
  IDEA_PHOTO_NOT_FOUND: e(422, '找不到这张照片，请重新上传', 'No such photo: upload it again'),
  IDEA_REGION_INVALID: e(422, '金点子和投票属于一个村（社区）或乡镇（街道）', 'Ideas and polls belong to a village or a township'),
  POLL_NOT_FOUND: e(404, '找不到这次投票（或不是本村的）', 'No such poll in your village'),
  POLL_ALREADY_VOTED: e(409, '您（或您家）已经投过票了，每{modeZh}一票', 'You (or your household) already voted: one ballot per {mode}', { zh: '已经投过票了', en: 'Already voted' }),
  POLL_NOT_OPEN: e(409, '投票不在进行中（{opensAt} 至 {closesAt}）', 'The poll is not open ({opensAt} to {closesAt})', { zh: '投票不在进行中', en: 'The poll is not open' }),
  POLL_CHOICE_INVALID: e(422, '选项不正确：单选只能选一项，多选至少选一项', 'Choose one option (single choice) or at least one (approval)'),
  POLL_INVALID: e(422, '投票设置不正确：字段「{field}」', 'The poll is not valid: {field}', { zh: '投票设置不正确', en: 'The poll is not valid' }),
  POLL_PAPER_MISMATCH: e(409, '两位录入员的计票不一致：「{option}」一项为 {a} 与 {b}，请重新清点', 'The two clerks disagree on "{option}": {a} and {b}; count again', { zh: '两位录入员的计票不一致', en: 'The two clerks disagree' }),
  POLL_SAME_CLERK: e(409, '同一批纸质选票须由另一位录入员复核，不能本人复核', 'A second clerk, not the first, must enter the same batch', { zh: '须由另一位录入员复核', en: 'Another clerk must confirm' }),
  POLL_PAPER_DONE: e(409, '这一批纸质选票已经两人核对一致并计入', 'This batch is already agreed and counted'),
  POLL_CLOSED: e(409, '投票已结束', 'The poll is closed'),
});
