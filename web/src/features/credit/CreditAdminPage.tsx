/**
 * 信用贷与分红 in the console: the village's points dividends (enter, 公示, 复核, pay, export), the signed
 * monthly extracts for the banks, the households' consents and the quota tiers. One village is chosen at
 * the top; the tabs follow the person's permissions (the server checks each call again, in its area).
 */
import { useState } from 'react';
import { Alert, Button, Card, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ConsentPage, Extract } from '../../../../src/credit/credit.contract.ts';
import { api, type Me } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { tableState } from '../../shared/Loading.tsx';
import { href, navigate, useSegments } from '../../shared/router.ts';
import { useApi } from '../../shared/useApi.ts';
import { useMyVillages } from '../../shared/useMyVillages.ts';
import { DividendsTab } from './DividendsTab.tsx';
import { TiersTab } from './TiersTab.tsx';

export type { Village } from '../../shared/useMyVillages.ts';

export function CreditAdminPage({ me }: { me: Me }) {
  const seg = useSegments();
  const can = (p: string) => me.permissions.includes(p);
  const { villages, village, setVillage } = useMyVillages(me);
  const tabs = [
    { key: 'dividends', label: t('cr_tabDividends'), children: <DividendsTab me={me} village={village} /> },
    can('credit.read') && { key: 'extracts', label: t('cr_tabExtracts'), children: <ExtractsTab me={me} /> },
    can('credit.read') && { key: 'consents', label: t('cr_tabConsents'), children: <ConsentsTab village={village} /> },
    can('credit.read') && { key: 'tiers', label: t('cr_tabTiers'), children: <TiersTab me={me} village={village} /> },
  ].filter(Boolean) as { key: string; label: string; children: React.ReactNode }[];
  const tab = tabs.some((x) => x.key === seg[1]) ? seg[1] : tabs[0].key;
  return (
    <Card title={t('cr_nav')} data-testid="credit-admin">
      <Space wrap style={{ marginBottom: 8 }}>
        <span style={{ whiteSpace: 'nowrap' }}>{t('cr_village')}</span>
        <Select showSearch optionFilterProp="label" style={{ width: 260, maxWidth: 'calc(100vw - 96px)' }} value={village} onChange={setVillage} data-testid="credit-village"
          options={villages.map((v) => ({ value: v.code, label: `${v.name}（${v.township}）` }))} />
      </Space>
      <Tabs activeKey={tab} onChange={(k) => navigate(href('credit', k))} items={tabs} destroyOnHidden data-testid="credit-tabs" />
    </Card>
  );
}

function ExtractsTab({ me }: { me: Me }) {
  const list = useApi<{ items: Extract[] }>('/api/credit/extracts');
  const banks = useApi<{ items: { code: string; nameZh: string }[] }>('/api/credit/banks');
  const key = useApi<{ keyId: string; publicKeyPem: string }>('/api/credit/signing-key');
  const name = new Map((banks.data?.items ?? []).map((b) => [b.code, b.nameZh]));
  const [month, setMonth] = useState(() => lastMonth());
  const [bank, setBank] = useState<string | undefined>(undefined);
  const [err, setErr] = useState<string | null>(null);
  const make = async () => {
    try {
      await api('/api/credit/extracts', { method: 'POST', body: { bankCode: bank ?? banks.data?.items[0]?.code, month } });
      setErr(null);
      list.reload();
    } catch (e) {
      setErr(errorText(e));
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon message={t('cr_keyHint')} description={key.data ? <Typography.Text code copyable={{ text: key.data.publicKeyPem }}>{t('cr_signedBy')} {key.data.keyId}</Typography.Text> : null} />
      {me.permissions.includes('credit.extract') && (
        <Space wrap>
          <Select style={{ width: 200 }} value={bank ?? banks.data?.items[0]?.code} onChange={setBank} options={(banks.data?.items ?? []).map((b) => ({ value: b.code, label: b.nameZh }))} data-testid="extract-bank" />
          <Select style={{ width: 120 }} value={month} onChange={setMonth} options={recentMonths().map((m) => ({ value: m, label: m }))} data-testid="extract-month" />
          <Button type="primary" onClick={make} data-testid="extract-make">{t('cr_generate')}</Button>
          {err && <Typography.Text type="danger">{err}</Typography.Text>}
        </Space>
      )}
      <Table<Extract> rowKey="id" size="small" dataSource={list.data?.items} {...tableState({ loading: list.loading, error: list.error, reload: list.reload }, t('cr_extractsEmpty'))} data-testid="extracts-table" scroll={{ x: 720 }}
        columns={[
          { title: t('cr_month'), dataIndex: 'month', width: 90 },
          { title: t('cr_bank'), dataIndex: 'bankCode', render: (c: string) => name.get(c) ?? c },
          { title: t('cr_rows'), dataIndex: 'rowCount', width: 80, align: 'right' },
          { title: 'SHA-256', dataIndex: 'sha256', render: (h: string) => <Typography.Text code copyable={{ text: h }}>{h.slice(0, 16)}…</Typography.Text> },
          { title: '', key: 'file', width: 120, render: (_: unknown, r) => me.permissions.includes('credit.extract') ? <a href={`/api/credit/extracts/${r.id}/file`} data-testid={`extract-file-${r.month}`}>{t('cr_download')}</a> : null },
        ]} />
    </Space>
  );
}

function ConsentsTab({ village }: { village?: string }) {
  const page = useApi<ConsentPage>(village ? `/api/credit/consents?region=${village}&limit=100` : null);
  return (
    <Table<ConsentPage['items'][number]> rowKey="id" size="small" dataSource={page.data?.items} {...tableState({ loading: page.loading, error: page.error, reload: page.reload }, t('cr_consentsEmpty'))} data-testid="consents-table" scroll={{ x: 640 }}
      columns={[
        { title: t('cr_household'), dataIndex: 'household' },
        { title: t('cr_bank'), dataIndex: 'bankName' },
        { title: t('cr_given'), dataIndex: 'grantedAt', render: (s: string) => s.slice(0, 10) },
        { title: t('cr_status'), dataIndex: 'withdrawnAt', render: (w: string | null) => (w ? <Tag>{t('cr_withdrawn')} {w.slice(0, 10)}</Tag> : <Tag color="green">{t('cr_consented')}</Tag>) },
      ]} />
  );
}

/** YYYY-MM of the month before this one (Beijing time): the newest an extract can be made for. */
export function lastMonth(): string {
  return recentMonths()[0];
}

function recentMonths(): string[] {
  const s = new Date(Date.now() + 8 * 3_600_000);
  return Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() - 1 - i, 1)).toISOString().slice(0, 7));
}
