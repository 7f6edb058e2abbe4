/**
 * 贷款与分红 (resident, phone-first): 我的贷款额度 — the points my household earned in 12 months, the band
 * it reaches and the next one, where the points came from, the banks I let see them — and 我的分红.
 */
import { App, Button, Card, List, Popconfirm, Progress, Space, Statistic, Tag, Typography } from 'antd';
import type { MyCredit } from '../../../../src/credit/credit.contract.ts';
import { api } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { EmptyHint, ListSkeleton, Loaded } from '../../shared/Loading.tsx';
import { useApi } from '../../shared/useApi.ts';
import { fill, statusColor, yuan } from './format.ts';

export function MyCreditPage() {
  const mine = useApi<MyCredit>('/api/me/credit');
  return (
    <Loaded state={mine} skeleton={<Card title={t('cr_quota')} size="small"><ListSkeleton rows={5} /></Card>} isEmpty={(d) => !d.household}
      empty={<Card title={t('cr_quota')}><EmptyHint text={t('cr_quotaNone')} testId="credit-none" /></Card>}>
      {(d) => <Credit d={d} reload={mine.reload} />}
    </Loaded>
  );
}

function Credit({ d, reload }: { d: MyCredit; reload: () => void }) {
  const { message } = App.useApp();
  const q = d.quota!;
  const top = q.bands.at(-1)?.minPoints ?? 1;
  const act = async (path: string, body?: unknown) => {
    try {
      await api(path, { method: 'POST', body: body ?? {} });
      reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const live = new Map(d.consents.filter((c) => !c.withdrawnAt).map((c) => [c.bankCode, c]));
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="my-credit">
      <Card title={t('cr_quota')} size="small">
        <Statistic title={t('cr_quotaIs')} value={q.quotaYuan ? `¥${q.quotaYuan.toLocaleString('zh-CN')}` : t('cr_noQuota')} data-testid="credit-quota" valueStyle={{ color: q.quotaYuan ? '#389e0d' : undefined }} />
        <Typography.Paragraph style={{ margin: '12px 0 4px' }}>{t('cr_earned12')}：<b data-testid="credit-earned">{q.earned}</b> {t('cr_points')}</Typography.Paragraph>
        <Progress percent={Math.min(100, Math.round((q.earned / top) * 100))} showInfo={false} strokeColor="#52c41a" />
        <Typography.Text type="secondary">{q.next ? fill(t('cr_next'), { n: q.next.pointsToGo, q: q.next.quotaYuan.toLocaleString('zh-CN') }) : t('cr_top')}</Typography.Text>
        <Typography.Paragraph style={{ marginTop: 12, marginBottom: 4 }} data-testid="credit-not-lowered">✓ {t('cr_notLowered')}</Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{t('cr_bankDecides')}</Typography.Paragraph>
      </Card>
      <Card title={t('cr_tiers')} size="small">
        <List size="small" dataSource={q.bands} renderItem={(b, i) => (
          <List.Item>
            <span>{fill(t('cr_tierLine'), { p: b.minPoints, q: b.quotaYuan.toLocaleString('zh-CN') })}</span>
            {q.tier === i + 1 && <Tag color="green">✓</Tag>}
          </List.Item>
        )} />
      </Card>
      {q.mix.length > 0 && (
        <Card title={t('cr_mix')} size="small">
          <List size="small" dataSource={q.mix} renderItem={(m) => <List.Item><span>{m.name}</span><b>{m.points}</b></List.Item>} />
        </Card>
      )}
      <Card title={t('cr_banks')} size="small">
        <Typography.Paragraph type="secondary">{t('cr_bankHint')}</Typography.Paragraph>
        {d.banks.length === 0 ? <EmptyHint text={t('cr_noBanks')} /> : (
          <List size="small" dataSource={d.banks} data-testid="credit-banks" renderItem={(b) => {
            const c = live.get(b.code);
            return (
              <List.Item actions={[c
                ? <Popconfirm key="w" title={t('cr_withdrawConfirm')} onConfirm={() => act(`/api/me/credit/consents/${b.code}/withdraw`)}><Button size="small" data-testid={`withdraw-${b.code}`}>{t('cr_withdraw')}</Button></Popconfirm>
                : <Button key="c" type="primary" size="small" onClick={() => act('/api/me/credit/consents', { bankCode: b.code })} data-testid={`consent-${b.code}`}>{t('cr_consent')}</Button>]}>
                <List.Item.Meta title={b.nameZh} description={c ? <Tag color="green">{t('cr_consented')} · {c.grantedAt.slice(0, 10)}</Tag> : null} />
              </List.Item>
            );
          }} />
        )}
      </Card>
      <Card title={t('cr_dividends')} size="small" data-testid="my-dividends">
        {d.dividends.length === 0 ? <EmptyHint text={t('cr_noDividends')} /> : (
          <List dataSource={d.dividends} renderItem={(x) => (
            <List.Item>
              <div style={{ width: '100%' }}>
                <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                  <b>{x.title}</b>
                  <Tag color={statusColor(x.status)}>{t(`cr_st_${x.status}`)}</Tag>
                </Space>
                <div style={{ fontSize: 24, color: '#cf1322', margin: '4px 0' }}>{t('cr_myShare')} ¥{yuan(x.payoutYuan)}</div>
                <Typography.Text type="secondary">
                  {t('cr_myPoints')} {x.points} / {x.totalPoints} · {t('cr_pool')} ¥{yuan(x.poolYuan)} · {t('cr_period')} {x.periodFrom} ~ {x.periodTo}
                  {x.status === 'noticed' || x.status === 'objected' ? ` · ${t('cr_noticeUntil')} ${x.noticeUntil.slice(0, 10)}` : ''}
                </Typography.Text>
              </div>
            </List.Item>
          )} />
        )}
      </Card>
    </Space>
  );
}
