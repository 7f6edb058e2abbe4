/** 额度档位 tab: the quota tiers in force at the chosen village, and (credit.manage) a new version for it. */
import { useEffect, useState } from 'react';
import { Alert, App, Button, InputNumber, Space, Table, Tag } from 'antd';
import type { TierTable } from '../../../../src/credit/credit.contract.ts';
import { api, type Me } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { useApi } from '../../shared/useApi.ts';
import { fill } from './format.ts';

type Band = TierTable['bands'][number];

export function TiersTab({ me, village }: { me: Me; village?: string }) {
  const { message } = App.useApp();
  const table = useApi<TierTable>(village ? `/api/credit/tiers?region=${village}` : null);
  const [bands, setBands] = useState<Band[]>([]);
  useEffect(() => { if (table.data) setBands(table.data.bands); }, [table.data]);
  const manage = !!village && me.permissions.includes('credit.manage');
  const set = (i: number, k: keyof Band, v: number | null) => setBands((b) => b.map((x, j) => (j === i ? { ...x, [k]: v ?? 0 } : x)));
  const save = async () => {
    try {
      await api(`/api/credit/tiers/${village}`, { method: 'PUT', body: { bands, expectedVersion: table.data && table.data.regionCode === village ? table.data.version : undefined } });
      message.success(t('cr_saved'));
      table.reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon message={t('cr_tiersHint')} />
      {table.data && <Tag>{fill(t('cr_tiersVersion'), { v: table.data.version })}{table.data.version === 0 ? t('cr_tiersDefault') : ` · ${table.data.regionCode}`}</Tag>}
      <Table<Band & { i: number }> rowKey="i" size="small" pagination={false} dataSource={bands.map((b, i) => ({ ...b, i }))} data-testid="tiers-table" loading={table.loading}
        columns={[
          { title: t('cr_minPoints'), dataIndex: 'minPoints', render: (v: number, r) => (manage ? <InputNumber min={1} value={v} onChange={(x) => set(r.i, 'minPoints', x)} /> : v) },
          { title: t('cr_quotaYuan'), dataIndex: 'quotaYuan', render: (v: number, r) => (manage ? <InputNumber min={1} step={10000} value={v} onChange={(x) => set(r.i, 'quotaYuan', x)} style={{ width: 140 }} /> : `¥${v.toLocaleString('zh-CN')}`) },
        ]} />
      {manage && (
        <Space>
          <Button onClick={() => setBands((b) => [...b, { minPoints: (b.at(-1)?.minPoints ?? 0) + 100, quotaYuan: (b.at(-1)?.quotaYuan ?? 0) + 10_000 }])}>{t('cr_addBand')}</Button>
          <Button type="primary" onClick={save} data-testid="tiers-save">{t('cr_saveTiers')}</Button>
        </Space>
      )}
    </Space>
  );
}
