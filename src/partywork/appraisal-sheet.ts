/**
 * The year-end 先锋考评 sheet of a branch (XLSX), pure: the title and the rules of counting above, one row
 * per member with the year's figures, and the 考评等次 column left empty for the branch to fill in.
 * Rendered by the platform's deterministic XLSX (the same figures give the same bytes).
 */
import type { Sheet } from '../platform/xlsx.ts';
import type { AppraisalRow } from './console.repository.ts';

const STATUS: Record<string, string> = { serving: '在职', retired: '退休', mobile: '流动' };
const POST: Record<string, string> = { owners_committee: '业委会委员', branch_committee: '支部委员', branch_secretary: '支部书记', building_lead: '楼道长' };
/** The grades a branch gives (the sheet lists them so the column is filled alike). */
export const APPRAISAL_GRADES = ['优秀', '合格', '基本合格', '不合格'] as const;

export const APPRAISAL_COLUMNS = [
  { header: '序号', width: 6 }, { header: '姓名', width: 12 }, { header: '状态', width: 8 }, { header: '报到', width: 6 }, { header: '亮身份', width: 8 },
  { header: '职务', width: 20 }, { header: '走访次数', width: 10 }, { header: '真实有价值', width: 11 }, { header: '党员服务积分', width: 13 },
  { header: '年度服务力', width: 11 }, { header: '扣分', width: 6 }, { header: '考评等次（支部填写）', width: 20 },
];

export interface AppraisalMember extends AppraisalRow { name: string }

/** Members in the sheet's order: by the year's index (highest first), then by name, then by id (a tie stays put). */
export function appraisalOrder(a: AppraisalMember, b: AppraisalMember): number {
  return (b.index ?? -Infinity) - (a.index ?? -Infinity) || a.name.localeCompare(b.name, 'zh-CN') || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
}

export function appraisalSheet(branch: { name: string; regionName: string }, year: number, members: AppraisalMember[]): Sheet {
  const yes = (b: boolean) => (b ? '是' : '否');
  const rows = [...members].sort(appraisalOrder).map((m, i) => [
    i + 1, m.name, STATUS[m.status] ?? m.status, yes(m.reported), yes(m.identityShown), m.posts.map((p) => POST[p] ?? p).join('、'),
    m.visits, m.valued, m.servicePoints ?? '', m.index ?? '', m.deductions ?? '', '',
  ]);
  return {
    name: `${year}年先锋考评`,
    heading: [
      `${branch.name} ${year} 年度党员先锋考评表`,
      `${branch.regionName} · 共 ${members.length} 名党员`,
      '走访次数、真实有价值按走访日期计入当年；党员服务积分、年度服务力、扣分按审核或认定日期计入当年（北京时间）',
      `考评等次：${APPRAISAL_GRADES.join(' / ')}`,
    ],
    columns: APPRAISAL_COLUMNS,
    rows,
  };
}
