/** 我的户 (resident, phone-first): my household, its members, and the household card to open or print. */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, List, Spin, Tag, Typography } from 'antd';
import type { MyHousehold } from '../../../../src/households/households.contract.ts';
import { api } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';

const CARD = '/api/me/household/card.svg';

export function MyHouseholdPage() {
  const [data, setData] = useState<MyHousehold | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => void api<MyHousehold>('/api/me/household').then(setData, (e) => setError(errorText(e))), []);
  if (error) return <Alert type="error" message={error} />;
  if (!data) return <Spin style={{ width: '100%', marginTop: 48 }} />;
  const h = data.household;
  if (!h) return <Card title={t('hh_mine')}><Empty description={t('hh_none')} data-testid="household-none" /></Card>;
  return (
    <div data-testid="my-household">
      <Card title={<span>{t('hh_mine')} · {h.name}</span>} size="small">
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('hh_village')}>{h.regionName}</Descriptions.Item>
          <Descriptions.Item label={t('hh_address')}>{h.address}</Descriptions.Item>
        </Descriptions>
        <List size="small" header={<b>{t('hh_members')}</b>} dataSource={h.members} data-testid="household-members"
          renderItem={(m) => (
            <List.Item>
              <span>{m.name}</span>
              <Tag color={m.relation === 'head' ? 'green' : undefined}>{t(`hh_rel_${m.relation}`)}</Tag>
            </List.Item>
          )} />
      </Card>
      <Card title={t('hh_card')} size="small" style={{ marginTop: 12 }}>
        <img src={CARD} alt={t('hh_card')} style={{ width: '100%', border: '1px solid #f0f0f0', borderRadius: 8 }} data-testid="household-card-img" />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('hh_cardHint')}</Typography.Paragraph>
        <Button type="primary" block href={CARD} target="_blank" data-testid="household-card-open">{t('hh_openCard')}</Button>
      </Card>
    </div>
  );
}
