/**
 * The 12-month 走亲 trend of the console: visits logged (bars) and found 真实有价值 (line) per month in
 * China's time, with the year's totals above the chart so a phone reads the figures without the tooltip.
 */
import { Alert, Card, Col, Row, Spin, Statistic } from 'antd';
import type { VisitTrend } from '../../../../src/partywork/partywork.contract.ts';
import { errorText } from '../../shared/errors.ts';
import { getLang, t } from '../../shared/i18n.ts';
import { useApi } from '../../shared/useApi.ts';
import { TrendChart } from '../home/TrendChart.tsx';

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 2026-03 → 3月 (or Mar); January shows its year, so the axis says where a year turns. */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const name = getLang() === 'en' ? MONTHS_EN[m - 1] : `${m}月`;
  return m === 1 ? (getLang() === 'en' ? `${name} ${y}` : `${y}年${name}`) : name;
}

export function ConsoleTrend({ region }: { region?: string }) {
  const r = useApi<VisitTrend>(`/api/partywork/trend${region ? `?region=${region}` : ''}`);
  const months = r.data?.months ?? [];
  const logged = months.reduce((s, m) => s + m.logged, 0);
  const valued = months.reduce((s, m) => s + m.valued, 0);
  const now = months.at(-1);
  return (
    <Card size="small" title={t('pwc_trend')} data-testid="pwc-trend">
      {r.error ? <Alert type="error" title={errorText(r.error)} /> : !r.data ? <Spin style={{ width: '100%', margin: '48px 0' }} /> : (<>
        <Row gutter={[8, 8]} style={{ marginBottom: 8 }}>
          <Col xs={12} sm={6}><Statistic title={t('pwc_trendLogged')} value={logged} data-testid="pwc-trend-logged" /></Col>
          <Col xs={12} sm={6}><Statistic title={t('pwc_trendValued')} value={valued} /></Col>
          <Col xs={12} sm={6}><Statistic title={t('pwc_trendRate')} value={logged ? Math.round((valued / logged) * 100) : '—'} suffix={logged ? '%' : ''} /></Col>
          <Col xs={12} sm={6}><Statistic title={t('pwc_trendThisMonth')} value={now?.logged ?? 0} /></Col>
        </Row>
        <TrendChart testId="pwc-trend-chart" height={240} labels={months.map((m) => monthLabel(m.month))} series={[
          { name: t('pwc_seriesLogged'), data: months.map((m) => m.logged), color: '#c41d1d', kind: 'bar' },
          { name: t('pwc_seriesValued'), data: months.map((m) => m.valued), color: '#d48806' },
          { name: t('pwc_seriesMembers'), data: months.map((m) => m.members), color: '#1677ff' },
        ]} />
      </>)}
    </Card>
  );
}
