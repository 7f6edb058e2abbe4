/**
 * A case's timeline in the words of the person who reported it (issue 12 §11): "已受理", "已派网格员
 * 处理", "已处理，请评价" instead of 立案/派遣/签收/核查结案; no levels, no internal steps (催办, 协办,
 * 退回 …), which concern the staff only.
 */
import { isKey, t } from '../../shared/i18n.ts';
import type { TimelineRow } from './caseUtil.ts';

const HIDDEN = new Set(['urge', 'supervise', 'report_publicly', 'co_sign', 'co_feedback', 'waive_co_handler', 'return', 'deny_extension', 'archive', 'submit']);

/** The plain label of one step, or null when a resident need not see it. */
export function plainStep(x: TimelineRow, meId: string): string | null {
  if (HIDDEN.has(x.action)) return null;
  if (x.action === 'report') return t(x.actorId === meId ? 'plainStep_report_mine' : 'plainStep_report');
  if (x.action === 'dispatch') return t(x.data?.assignedOrgId ? 'plainStep_dispatch_org' : 'plainStep_dispatch');
  if (x.action === 'me_too' || x.action === 'absorb') return t(x.actorId === meId ? 'plainStep_me_too_mine' : 'plainStep_me_too');
  const key = `plainStep_${x.action}`;
  // a step without plain words (an internal one not in HIDDEN) is not shown to residents
  return isKey(key) ? t(key) : null;
}
