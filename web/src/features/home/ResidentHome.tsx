/** A villager's home (村情通 首页): a greeting, the two things they come to do, and their points; their reports follow below it. */
import { Button, Card, Space, Typography } from 'antd';
import type { MyPoints } from '../../../../src/points/points.contract.ts';
import { t, tf } from '../../shared/i18n.ts';
import { useMe } from '../../shared/me.ts';
import { href, navigate } from '../../shared/router.ts';
import { useApi } from '../../shared/useApi.ts';

export function ResidentHome() {
  const { me, features } = useMe();
  const points = useApi<MyPoints>('/api/me/points?limit=1');
  return (
    <Card size="small" data-testid="workbench-resident">
      <Typography.Title level={5} style={{ marginTop: 0 }}>{tf('hm_hello', { name: me.displayName })}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{t('residentHint')}</Typography.Paragraph>
      {features.features.includes('report') && (
        <Space.Compact block>
          <Button type="primary" size="large" style={{ width: '50%' }} onClick={() => navigate(href('report'))} data-testid="home-report">{t('hm_report')}</Button>
          <Button size="large" style={{ width: '50%' }} onClick={() => navigate(href('ask'))}>{t('hm_ask')}</Button>
        </Space.Compact>
      )}
      <Button block style={{ marginTop: 8 }} onClick={() => navigate(href('places'))} data-testid="home-places">{t('pl_homeLink')}</Button>
      <Button block style={{ marginTop: 12 }} onClick={() => navigate(href('ideas'))} data-testid="home-ideas">{t('ideas_nav')} · {t('ideas_polls')}</Button>
      {points.data && (
        <Card size="small" style={{ marginTop: 12, cursor: 'pointer', background: '#f6ffed' }} onClick={() => navigate(href('points'))} data-testid="home-points">
          <Typography.Text strong>{t('hm_myPoints')}</Typography.Text>
          <div data-testid="home-points-line">{tf('hm_pointsLine', { s: points.data.spendable, e: points.data.earnedThisYear })}</div>
        </Card>
      )}
    </Card>
  );
}
