/**
 * Plain words for points: what a villager reads is "报事办结奖励 +5" and "公示中", never "award",
 * "pending transfer" or "noticed". Shared by the phone pages and the console.
 */
import { getLang, isKey, t } from '../../shared/i18n.ts';
import type { ClaimStatus, ClaimView, HistoryItem, RuleView } from './types.ts';

export const STATUS_COLOR: Record<ClaimStatus, string> = {
  reviewing: 'processing', rejected: 'default', noticed: 'gold', objected: 'orange', posted: 'green', voided: 'red',
};

/** `{n}`-style placeholders filled in. */
export function fill(text: string, vars: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export const statusText = (s: ClaimStatus) => t(`pt_status_${s}`);

/** A day in Asia/Shanghai: 2025-06-03 (what a notice board says). */
export const day = (iso: string | null) => (iso ? new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10) : '');

/** The automatic rules get the words villagers use for them; the rest are called by their own name. */
export function ruleName(key: string | null, rules: Pick<RuleView, 'key' | 'nameZh' | 'nameEn'>[] = [], fallback?: { nameZh: string; nameEn: string }): string {
  if (!key) return '';
  const plain = `pt_rule_${key}`;
  if (isKey(plain)) return t(plain);
  const r = rules.find((x) => x.key === key) ?? fallback;
  if (!r) return key;
  return getLang() === 'en' ? r.nameEn : r.nameZh;
}

export const claimName = (c: ClaimView) => ruleName(c.rule.key, [], c.rule);

/** One line of the history: the reason in plain words. */
export function historyText(h: Pick<HistoryItem, 'code' | 'kind' | 'reason' | 'ruleId'>, rules: RuleView[]): string {
  const name = ruleName(h.ruleId, rules);
  if (h.code === 'spend') return t('pt_hist_spend');
  if (h.code === 'expiry') return t('pt_hist_expiry');
  if (h.code === 'correction') return h.reason ? `${t('pt_hist_correction')}：${h.reason}` : t('pt_hist_correction');
  // an award outside the rules (an adjustment, a migrated balance) says why in its reason
  const base = h.code === 'deduction' ? `${name || t('pt_hist_deduction')}` : name || h.reason || t('pt_hist_correction');
  if (h.kind === 'pending') return `${base}（${t('pt_hist_onNotice')}）`;
  if (h.kind === 'void') return `${base}（${t('pt_hist_voided')}）`;
  return base;
}

/** How much a history line moved: the posted change, or the held amount in grey for a hold. */
export function historyAmount(h: Pick<HistoryItem, 'kind' | 'direction' | 'amount' | 'change'>): { text: string; muted: boolean } {
  if (h.kind === 'pending' || h.kind === 'void') return { text: `${h.direction === 'in' ? '+' : '−'}${h.amount}`, muted: true };
  return { text: h.change > 0 ? `+${h.change}` : h.change < 0 ? `−${-h.change}` : '0', muted: false };
}

/** A rule's caps in words: "每月最多 25 分". */
export function capsText(r: Pick<RuleView, 'capDay' | 'capMonth' | 'capYear'>): string {
  const parts = [r.capDay && fill(t('pt_capDay'), { n: r.capDay }), r.capMonth && fill(t('pt_capMonth'), { n: r.capMonth }), r.capYear && fill(t('pt_capYear'), { n: r.capYear })].filter(Boolean);
  return parts.length ? parts.join('，') : t('pt_noCap');
}

export const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');
