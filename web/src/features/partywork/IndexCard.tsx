/**
 * 我的服务力: the member's index this month and how it is made — the base (for reporting to the
 * community and showing one's identity), the posts held, the valued visits, minus what the branch
 * deducted — each in a plain line, so a member sees why the number is what it is.
 */
import { Card, Spin, Typography } from 'antd';
import type { MemberIndexPage } from '../../../../src/partywork/partywork.contract.ts';
import { t, tf, type Key } from '../../shared/i18n.ts';
import { useApi } from '../../shared/useApi.ts';

export function IndexCard() {
  const page = useApi<MemberIndexPage>('/api/me/partywork/index?period=month&limit=1');
  if (page.error) return null; // the points above still say what counts; the index is extra
  if (!page.data) return <Card size="small" style={{ marginTop: 8 }}><Spin size="small" /></Card>;
  // the periods are China's calendar months (UTC+8, as the server's periods.ts): the 1st begins at 00:00 there
  const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  const now = page.data.items.find((x) => x.periodStart.slice(0, 7) === month);
  const rows: [Key, string, number][] = now ? [
    ['pw_ixBase', t('pw_ixBaseHint'), now.base],
    ['pw_ixPosts', t('pw_ixPostsHint'), now.staticBonus],
    ['pw_ixVisits', tf('pw_ixVisitsHint', { n: now.valuedLogs, p: now.servicePoints }), now.dynamicBonus],
    ['pw_ixDeduct', t('pw_ixDeductHint'), -now.deductions],
  ] : [];
  return (
    <Card size="small" style={{ marginTop: 8 }} data-testid="pw-index"
      title={<span>{t('pw_ixTitle')} <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>{t('pw_ixMonth')}</Typography.Text></span>}
      extra={<span style={{ fontSize: 22, fontWeight: 600, color: '#a8071a' }} data-testid="pw-index-total">{now?.total ?? 0}</span>}>
      {!now ? <Typography.Text type="secondary">{t('pw_ixNone')}</Typography.Text> : rows.map(([k, hint, n]) => (
        <div key={k} style={{ display: 'flex', gap: 8, alignItems: 'baseline', padding: '2px 0' }} data-testid="pw-index-row">
          <span style={{ minWidth: 0, flex: 1 }}>{t(k)} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{hint}</Typography.Text></span>
          <span style={{ fontWeight: 500, color: n < 0 ? '#cf1322' : n > 0 ? '#1d6f42' : '#999', whiteSpace: 'nowrap' }}>{n > 0 && k !== 'pw_ixBase' ? `+${n}` : n}</span>
        </div>
      ))}
    </Card>
  );
}
