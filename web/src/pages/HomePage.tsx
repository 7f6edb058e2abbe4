import { useEffect, useState } from 'react';
import { Card, Col, Descriptions, Row, Statistic, Tag, Typography } from 'antd';
import { api, type Me, type RegionSummary } from '../api.ts';
import { t } from '../i18n.ts';

export function HomePage({ me }: { me: Me }) {
  const [regions, setRegions] = useState<RegionSummary[]>([]);
  useEffect(() => {
    if (me.permissions.includes('regions.read')) api<{ items: RegionSummary[] }>('/api/regions/tree').then((r) => setRegions(r.items), () => {});
  }, [me]);
  const name = (code: string) => me.regionNames[code] ?? regions.find((r) => r.code === code)?.name ?? code;
  const inScope = (r: RegionSummary) => me.memberships.some((m) => r.code.startsWith(m.scope));
  const staff = me.kind === 'staff';
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={14}>
        <Card title={`${t('welcome')}，${me.displayName}`} data-testid="home-card">
          {!staff && <Typography.Paragraph>{t('residentHome')} — {t('residentHint')}</Typography.Paragraph>}
          {(staff || me.memberships.some((m) => m.scope !== '')) && <Descriptions column={1} bordered size="small" title={t('myRoles')}>
            {me.memberships.filter((m) => m.scope !== '').map((m) => (
              <Descriptions.Item key={m.role + m.regionCode} label={<Tag color="blue">{t(`role_${m.role}`)}</Tag>}>
                <span>{name(m.regionCode)}</span> <Typography.Text type="secondary">({m.regionCode})</Typography.Text>
              </Descriptions.Item>
            ))}
          </Descriptions>}
        </Card>
      </Col>
      {regions.length > 0 && (
        <Col xs={24} lg={10}>
          <Card title={t('scope')}>
            <Row gutter={16}>
              <Col span={8}><Statistic title={t('level_township')} value={regions.filter((r) => r.level === 'township' && inScope(r)).length} /></Col>
              <Col span={8}><Statistic title={t('villages')} value={regions.filter((r) => r.level === 'village' && inScope(r)).length} /></Col>
              <Col span={8}><Statistic title={t('grids')} value={regions.filter((r) => r.level === 'grid' && inScope(r)).length} data-testid="grid-count" /></Col>
            </Row>
          </Card>
        </Col>
      )}
    </Row>
  );
}
