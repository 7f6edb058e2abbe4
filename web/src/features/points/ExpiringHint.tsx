/** 我的积分: how many points expire next and on which day, in plain words (nothing when none expire). */
import { useEffect, useState } from 'react';
import { api } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { fill } from './plain.ts';
import type { ExpiringView } from './types.ts';

export function ExpiringHint({ ledger }: { ledger: 'resident' | 'grid_worker' }) {
  const [e, setE] = useState<ExpiringView | null>(null);
  useEffect(() => void api<ExpiringView>(`/api/me/points/expiring?ledger=${ledger}`).then(setE, () => setE(null)), [ledger]);
  if (!e || e.amount <= 0) return null;
  // how long points last is the district's setting (POINTS_KEEP_YEARS)
  const rule = e.keepYears === 0 ? t('rk_expiryRuleSameYear') : e.keepYears === 1 ? t('rk_expiryRule') : fill(t('rk_expiryRuleYears'), { n: e.keepYears });
  return (
    <div style={{ marginTop: 8, padding: '6px 10px', borderRadius: 6, background: 'rgba(255, 214, 102, 0.25)', color: '#fffbe6', fontSize: 14 }} data-testid="expiring-hint" title={rule}>
      {fill(t(e.paused ? 'rk_expiringPaused' : 'rk_expiring'), { n: e.amount, d: e.lastDay })}
    </div>
  );
}
