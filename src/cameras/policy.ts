/**
 * What a camera category does (DOMAIN.md §4): the episode thresholds (confidence, how long or how many
 * detections before acting, silence, cool-down) and the action. Built in per category; administrators
 * override fields per category (`camera_policies`, checked by `checkPolicy`).
 *
 * Actions:
 * - `warn_then_case` (street vending): play the warning on the camera's speaker (not in quiet hours, at
 *   most `repeatCap` plays per camera per hour), then open a case for enforcement if the condition is
 *   still seen when `graceSeconds` have passed; a vendor who leaves gets no case.
 * - `notify_and_case` (overflowing bin): tell the area's cleaner, the grid worker and the command room at
 *   once (SMS + in-app), and open an urgent case for the camera's cleaning company.
 * - `case`: open a case (urgent for burning) for the category's lead organisation.
 */
import { badRequest } from '../platform/errors.ts';
import type { Policy } from './episodes.ts';

export type ActionKind = 'warn_then_case' | 'notify_and_case' | 'case' | 'none';

export interface CategoryPolicy extends Policy {
  action: ActionKind;
  severity: 'normal' | 'urgent';
  /** Speaker: the clip (text for TTS speakers, or a clip name) and its limits. */
  clip: string;
  graceSeconds: number;
  /** Local hours [from, to) in Asia/Shanghai when speakers stay silent, e.g. [22, 7]. */
  quietHours: [number, number];
  repeatCap: number;
  /** A detection whose picture is not an image: `keep` it without the picture, or `refuse` it (both said in the answer). */
  badPicture: 'keep' | 'refuse';
}

/** The seed's recorded warning (温溪镇). */
export const DEFAULT_CLIP = '您好，您已进入禁止摆摊区域，请立即离开，谢谢配合！';

const BASE: CategoryPolicy = {
  minConfidence: 0.6, triggerAfterSeconds: 30, triggerAfterCount: 30, silenceSeconds: 60, cooldownSeconds: 600,
  action: 'case', severity: 'normal', clip: DEFAULT_CLIP, graceSeconds: 120, quietHours: [22, 7], repeatCap: 6, badPicture: 'keep',
};

export const BUILT_IN: Record<string, CategoryPolicy> = {
  '0501': { ...BASE, action: 'warn_then_case', triggerAfterSeconds: 20, triggerAfterCount: 20 }, // 占道经营
  '0108': { ...BASE, action: 'notify_and_case', severity: 'urgent', triggerAfterSeconds: 60, triggerAfterCount: 60, silenceSeconds: 300, cooldownSeconds: 3600 }, // 垃圾桶满溢
  '0102': { ...BASE, triggerAfterSeconds: 120, triggerAfterCount: 120, silenceSeconds: 300, cooldownSeconds: 3600 }, // 暴露垃圾
  '0502': { ...BASE, triggerAfterSeconds: 300, triggerAfterCount: 300, silenceSeconds: 120, cooldownSeconds: 1800 }, // 违章停车
  '0107': { ...BASE, severity: 'urgent', minConfidence: 0.7, triggerAfterSeconds: 10, triggerAfterCount: 10, cooldownSeconds: 1800 }, // 焚烧
  '1101': { ...BASE, severity: 'urgent', minConfidence: 0.7, triggerAfterSeconds: 10, triggerAfterCount: 10, cooldownSeconds: 1800 }, // 秸秆焚烧
  '1201': { ...BASE, triggerAfterSeconds: 60, triggerAfterCount: 60, silenceSeconds: 180, cooldownSeconds: 1800 }, // 垂钓
};

export function policyFor(category: string, overrides?: Partial<CategoryPolicy>): CategoryPolicy {
  return { ...(BUILT_IN[category] ?? BASE), ...overrides };
}

const NUM_FIELDS: Record<string, [number, number]> = {
  minConfidence: [0, 1], triggerAfterSeconds: [0, 86_400], triggerAfterCount: [1, 100_000], silenceSeconds: [1, 86_400],
  cooldownSeconds: [0, 604_800], graceSeconds: [0, 3600], repeatCap: [0, 1000],
};

/** Check an override object field by field; the error names the field. */
export function checkPolicy(input: Record<string, unknown>): Partial<CategoryPolicy> {
  for (const [k, v] of Object.entries(input)) {
    const field = `overrides.${k}`;
    if (k in NUM_FIELDS) {
      const [lo, hi] = NUM_FIELDS[k];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) throw badRequest('VALIDATION_FAILED', `${k} must be a number from ${lo} to ${hi}`, { field });
    } else if (k === 'action') {
      if (!['warn_then_case', 'notify_and_case', 'case', 'none'].includes(v as string)) throw badRequest('VALIDATION_FAILED', 'action must be warn_then_case, notify_and_case, case or none', { field });
    } else if (k === 'severity') {
      if (v !== 'normal' && v !== 'urgent') throw badRequest('VALIDATION_FAILED', 'severity must be normal or urgent', { field });
    } else if (k === 'clip') {
      if (typeof v !== 'string' || !v.trim() || v.length > 200) throw badRequest('VALIDATION_FAILED', 'clip must be 1 to 200 characters', { field });
    } else if (k === 'badPicture') {
      if (v !== 'keep' && v !== 'refuse') throw badRequest('VALIDATION_FAILED', 'badPicture must be keep or refuse', { field });
    } else if (k === 'quietHours') {
      if (!Array.isArray(v) || v.length !== 2 || v.some((h) => !Number.isInteger(h) || h < 0 || h > 23)) throw badRequest('VALIDATION_FAILED', 'quietHours must be [from, to] hours 0–23', { field });
    } else throw badRequest('VALIDATION_FAILED', `Unknown policy field ${k}`, { field });
  }
  return input as Partial<CategoryPolicy>;
}

/** Is `ts` within the quiet hours (Asia/Shanghai)? [22, 7] spans midnight. */
export function isQuiet(ts: number, [from, to]: [number, number]): boolean {
  const h = new Date(ts + 8 * 3_600_000).getUTCHours();
  return from === to ? false : from < to ? h >= from && h < to : h >= from || h < to;
}
