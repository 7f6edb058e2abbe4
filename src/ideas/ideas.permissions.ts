/**
 * The ideas module's permissions (see platform/access.ts). Proposing, supporting and voting need a
 * resident account whose home is in the idea's (poll's) area — the service checks the home; the role
 * alone is not enough. Staff of the village answer ideas, record progress and run polls; the paper
 * ballots are entered by two different clerks (checked per batch), who first cross off the phone voters
 * on the voted roll.
 */
import { definePermissions } from '../platform/access.ts';

export const IDEAS_PERMISSIONS = definePermissions({
  'ideas.take_part': { zh: '提金点子、支持金点子、参加村里投票（本村村民）', en: 'Propose and support ideas, vote in village polls (residents of the village)', roles: ['resident', 'party_member'] },
  'ideas.manage': { zh: '答复金点子（采纳/不采纳/合并）、更新进度、指定改革体验员、发起和结束投票', en: 'Answer ideas (adopt / not adopt / merge), record progress, name experience officers, run polls', roles: ['grid_worker', 'operator', 'shift_lead', 'leader', 'admin'] },
  'ideas.voted_roll': { zh: '查看投票的手机已投名单（会场发纸质选票前核对，名单不含所投内容）', en: 'See who already voted on the phone in a poll (checked before paper ballots are handed out; never what they chose)', roles: ['grid_worker', 'handler', 'operator', 'shift_lead', 'leader', 'admin'] },
  'ideas.count_paper': { zh: '录入纸质选票计票（两人分别录入核对）', en: 'Enter paper-ballot counts (two clerks, independently)', roles: ['grid_worker', 'handler', 'operator', 'shift_lead', 'admin'] },
});

declare module '../platform/access.ts' {
  interface Permissions extends Record<keyof typeof IDEAS_PERMISSIONS, true> {}
}
