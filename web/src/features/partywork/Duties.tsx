/**
 * The duties around the visits, in plain words. On the member's page: 免 when the member is exempted,
 * this month's visits against their target, 需要关心的党员 for a branch secretary, and 我的月报 (each
 * month's visits, points and index beside the month before). On the grid worker's page: this month's
 * target per area, and the visits waiting for review more than 3 working days (「已超过3个工作日」).
 */
import { App, Button, Card, Progress as Bar, Space, Tag, Typography } from 'antd';
import type { DutyView, MyDuties, OverdueReviews, SummaryView, TargetsView } from '../../../../src/partywork/duties.contract.ts';
import { api } from '../../shared/api.ts';
import { t, tf } from '../../shared/i18n.ts';
import { useApi } from '../../shared/useApi.ts';
import { when } from './plain.ts';

const DAY = 86_400_000;

/** The member's duties: 免, the month's target, the members to look after (a secretary), 我的月报. */
export function MyDutiesCard() {
  const page = useApi<MyDuties>('/api/me/partywork/duties');
  if (!page.data) return null; // the tasks below still work; this is extra
  const d = page.data;
  const exempt = d.exemption?.inForce === true;
  return (
    <>
      {exempt && (
        <Card size="small" style={{ marginTop: 8 }} data-testid="pw-exempt">
          <Space align="start">
            <Tag color="default" style={{ fontSize: 16, padding: '2px 8px' }}>{t('pw_exemptMark')}</Tag>
            <span>{tf('pw_exemptLine', { r: d.exemption!.reason })}{d.exemption!.until ? ` ${tf('pw_exemptUntil', { d: d.exemption!.until })}` : ''}</span>
          </Space>
        </Card>
      )}
      {!exempt && d.progress && d.progress.target > 0 && (
        <Card size="small" style={{ marginTop: 8 }} data-testid="pw-my-target" title={t('pw_targetMine')}>
          <Bar percent={Math.min(100, Math.round((d.progress.visits / d.progress.target) * 100))} size="small" status={d.progress.visits >= d.progress.target ? 'success' : 'active'} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{tf('pw_targetLine', { v: d.progress.visits, n: d.progress.target, h: d.progress.households, r: d.progress.rate })}</Typography.Text>
        </Card>
      )}
      {d.secretary && <CareList care={d.care} onDone={page.reload} />}
      <Reports items={d.summaries} />
    </>
  );
}

function CareList({ care, onDone }: { care: DutyView[]; onDone: () => void }) {
  const { message } = App.useApp();
  const done = async (id: string) => {
    try {
      await api(`/api/partywork/duties/${id}/done`, { method: 'POST' });
      message.success(t('pw_careDone'));
      onDone();
    } catch {
      message.error(t('pw_careFailed'));
    }
  };
  return (
    <Card size="small" style={{ marginTop: 8 }} title={t('pw_careTitle')} data-testid="pw-care">
      {!care.length ? <Typography.Text type="secondary">{t('pw_careNone')}</Typography.Text> : care.map((c) => (
        <div key={c.id} style={{ display: 'flex', gap: 8, alignItems: 'center', padding: '4px 0', borderBottom: '1px solid #f0f0f0' }} data-testid="pw-care-item">
          <div style={{ minWidth: 0, flex: 1 }}>
            <div style={{ fontWeight: 500 }}>{c.memberName}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.lastVisitAt ? tf('pw_careLast', { n: Math.floor((Date.now() - new Date(c.lastVisitAt).getTime()) / DAY) }) : t('pw_careNever')}
            </Typography.Text>
          </div>
          <Button size="small" onClick={() => void done(c.id)}>{t('pw_careMark')}</Button>
        </div>
      ))}
    </Card>
  );
}

/** 我的月报: the latest month first, each figure with how it changed from the month before. */
function Reports({ items }: { items: SummaryView[] }) {
  const latest = items[0];
  const delta = (now: number, before: number) => {
    const d = now - before;
    return <span style={{ fontSize: 12, color: d > 0 ? '#1d6f42' : d < 0 ? '#cf1322' : '#999', marginLeft: 4 }}>{d > 0 ? `↑${d}` : d < 0 ? `↓${-d}` : t('pw_rpSame')}</span>;
  };
  return (
    <Card size="small" style={{ marginTop: 8 }} title={t('pw_rpTitle')} data-testid="pw-reports"
      extra={latest && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{tf('pw_rpMonth', { m: monthName(latest.month) })}</Typography.Text>}>
      {!latest ? <Typography.Text type="secondary">{t('pw_rpNone')}</Typography.Text> : (
        <>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(4, minmax(0, 1fr))', gap: 6, textAlign: 'center' }}>
            {([['pw_rpVisits', latest.visits, latest.previous.visits], ['pw_rpValued', latest.valued, latest.previous.valued],
              ['pw_rpPoints', latest.points, latest.previous.points], ['pw_rpIndex', latest.index, latest.previous.index]] as const).map(([k, n, b]) => (
              <div key={k} data-testid="pw-report-figure">
                <div style={{ fontSize: 20, fontWeight: 600 }}>{n}</div>
                <div style={{ fontSize: 12, color: '#555' }}>{t(k)}</div>
                <div>{delta(n, b)}</div>
              </div>
            ))}
          </div>
          {latest.exempt > 0 && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('pw_rpExempt')}</Typography.Text>}
          {items.length > 1 && (
            <div style={{ marginTop: 6, fontSize: 12, color: '#555' }}>
              {items.slice(1, 6).map((s) => <div key={s.month}>{tf('pw_rpOld', { m: monthName(s.month), v: s.visits, p: s.points, i: s.index })}</div>)}
            </div>
          )}
        </>
      )}
    </Card>
  );
}

const monthName = (ymd: string) => tf('pw_rpMonthName', { y: ymd.slice(0, 4), m: Number(ymd.slice(5, 7)) });

/** The grid worker's month: each area's visits against its target. */
export function TargetCard({ region }: { region?: string } = {}) {
  const page = useApi<TargetsView>(`/api/partywork/targets${region ? `?region=${region}` : ''}`);
  if (!page.data || !page.data.areas.length) return null;
  return (
    <Card size="small" style={{ marginBottom: 12 }} title={t('pw_targetTitle')} data-testid="pw-targets">
      {page.data.areas.map((a) => (
        <div key={a.key} data-testid="pw-target-area" style={{ padding: '2px 0' }}>
          <div style={{ display: 'flex', gap: 8 }}>
            <span style={{ flex: 1, minWidth: 0 }}>{a.name}</span>
            <span style={{ whiteSpace: 'nowrap' }}>{tf('pw_targetOf', { v: a.visits, n: a.target })}</span>
          </div>
          <Bar percent={a.target ? Math.min(100, Math.round((a.visits / a.target) * 100)) : 100} size="small" showInfo={false} status={a.visits >= a.target ? 'success' : 'active'} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{tf('pw_targetHint', { h: a.households, r: a.rate })}</Typography.Text>
        </div>
      ))}
    </Card>
  );
}

/** The area's visits waiting past 3 working days: a set of ids for the review queue's mark. */
export function useOverdue(enabled: boolean): Map<string, OverdueReviews['items'][number]> {
  const page = useApi<OverdueReviews>(enabled ? '/api/partywork/reviews/overdue' : null);
  return new Map((page.data?.items ?? []).map((i) => [i.logId, i]));
}

/** The mark on a review card: 「已超过3个工作日」, and whether the community has been told. */
export function OverdueTag({ item }: { item: OverdueReviews['items'][number] | undefined }) {
  if (!item) return null;
  return <Tag color="red" data-testid="pw-overdue" title={item.escalatedAt ? tf('pw_overdueTold', { t: when(item.escalatedAt) }) : undefined}>{t('pw_overdue')}</Tag>;
}

/**
 * The console's list of the area's visits waiting for review more than 3 working days (the community is
 * told of each once): nothing shown while there are none.
 */
export function OverdueCard({ region }: { region?: string }) {
  const page = useApi<OverdueReviews>(`/api/partywork/reviews/overdue${region ? `?region=${region}` : ''}`);
  const items = page.data?.items ?? [];
  if (!items.length) return null;
  return (
    <Card size="small" title={tf('pw_overdueCard', { n: items.length })} data-testid="pw-overdue-card">
      {items.slice(0, 10).map((i) => (
        <div key={i.logId} style={{ padding: '2px 0' }} data-testid="pw-overdue-item">
          {tf('pw_overdueLine', { name: i.memberName, v: when(i.visitedAt) })}
          {i.escalatedAt && <Typography.Text type="secondary" style={{ fontSize: 12 }}> · {tf('pw_overdueTold', { t: when(i.escalatedAt) })}</Typography.Text>}
        </div>
      ))}
    </Card>
  );
}
