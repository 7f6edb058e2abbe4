/** 我的户 (resident, phone-first): my household, its members, and the household card to open or print. */
import { Button, Card, Descriptions, List, Tag, Typography } from 'antd';
import type { MyHousehold } from '../../../../src/households/households.contract.ts';
import type { RevealList } from '../../../../src/households/registry.contract.ts';
import { t } from '../../shared/i18n.ts';
import { EmptyHint, ListSkeleton, Loaded } from '../../shared/Loading.tsx';
import { useApi } from '../../shared/useApi.ts';
import { WhoLooked } from './RecordPage.tsx';

const CARD = '/api/me/household/card.svg';

export function MyHouseholdPage() {
  const mine = useApi<MyHousehold>('/api/me/household');
  return (
    <Loaded state={mine} skeleton={<Card title={t('hh_mine')} size="small"><ListSkeleton rows={5} /></Card>} isEmpty={(d) => !d.household}
      empty={<Card title={t('hh_mine')}><EmptyHint text={t('hh_none')} testId="household-none" /></Card>}>
      {(d) => <Household h={d.household!} />}
    </Loaded>
  );
}

function Household({ h }: { h: NonNullable<MyHousehold['household']> }) {
  const looked = useApi<RevealList>('/api/me/household/reveals');
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
      <Card title={t('hh_whoLookedMine')} size="small" style={{ marginTop: 12 }}>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('hh_whoLookedHint')}</Typography.Paragraph>
        <WhoLooked list={looked.data ?? null} testId="my-household-looked" />
      </Card>
    </div>
  );
}
