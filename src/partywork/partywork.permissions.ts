/** The party-work module's permissions (see platform/access.ts). */
import { definePermissions, STAFF_ROLES } from '../platform/access.ts';

export const PARTYWORK_PERMISSIONS = definePermissions({
  // who is a party member, in which branch, doing what: read by the staff of the area, like its cases
  'partywork.read': { zh: '查看辖区党员、支部、联户任务与走访记录', en: 'Read the area\'s party members, branches, tasks and visit logs', roles: STAFF_ROLES.filter((r) => r !== 'handler') },
  // the register is the party organisation's: the administrator of the area keeps it (and imports rosters)
  'partywork.manage': { zh: '管理党员名册、支部与走访规则', en: 'Keep the register of members and branches, and the visit rules', roles: ['admin'] },
  // the grid worker publishes 联户/联楼/联事 tasks, accepts the member who claims one, reviews the logs
  'partywork.tasks': { zh: '发布与确认联户任务', en: 'Publish and accept 联户 tasks', roles: ['grid_worker', 'admin'] },
  'partywork.review': { zh: '审核党员走访记录（计党员服务积分）', en: 'Review visit logs (party service points)', roles: ['grid_worker'] },
  // an exemption (免) the branch decided counts once a staff user of the township or street above approves it (the service checks the level)
  'partywork.exempt_approve': { zh: '审批党员免于联户走访（乡镇、街道）', en: 'Approve exemptions of party members (township or street)', roles: ['leader', 'admin'] },
  // a party member claims tasks and logs visits; the service also needs their party profile
  'partywork.serve': { zh: '认领联户任务、走亲打卡', en: 'Claim 联户 tasks and log visits', roles: ['party_member'] },
});

declare module '../platform/access.ts' {
  interface Permissions extends Record<keyof typeof PARTYWORK_PERMISSIONS, true> {}
}
