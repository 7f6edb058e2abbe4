/** 积分超市 in the console (shop.manage): items and stock (restock, on/off sale, a new item with its photo), the orders, the monthly statement per village. */
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tabs, Tag, Upload } from 'antd';
import { useMemo, useState } from 'react';
import type { Me, UploadedMedia } from '../../shared/api.ts';
import type { ItemView, OrderPage, Statement } from '../../../../src/shop/shop.contract.ts';
import { api } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { useApi } from '../../shared/useApi.ts';
import { useFail } from '../../shared/useFail.ts';
import { chinaTime } from './words.ts';

const monthNow = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);

export function ShopAdminPage({ me }: { me: Me }) {
  const region = me.scopes['shop.manage']?.[0] ?? '';
  const items = useApi<{ items: ItemView[] }>(region ? `/api/shop/items?region=${region}` : null);
  const villages = useMemo(() => [...new Map((items.data?.items ?? []).filter((i) => i.regionCode.length === 12).map((i) => [i.regionCode, i.regionName])).entries()], [items.data]);
  return (
    <Card title={t('shop_adminNav')} size="small" data-testid="shop-admin">
      <Tabs items={[
        { key: 'items', label: t('shop_items'), children: <ItemsTab items={items.data?.items ?? []} loading={items.loading} reload={items.reload} /> },
        { key: 'new', label: t('shop_newItem'), children: <NewItemTab region={region} villages={villages} onCreated={items.reload} /> },
        { key: 'orders', label: t('shop_orders'), children: <OrdersTab region={region} /> },
        { key: 'statement', label: t('shop_statement'), children: <StatementTab villages={villages} /> },
      ]} />
    </Card>
  );
}

function ItemsTab({ items, loading, reload }: { items: ItemView[]; loading: boolean; reload: () => void }) {
  const fail = useFail();
  const { message } = App.useApp();
  const [qty, setQty] = useState<Record<string, number>>({});
  const restock = async (id: string) => {
    try {
      await api(`/api/shop/items/${id}/restock`, { method: 'POST', body: { quantity: qty[id] ?? 10 } });
      void message.success(t('shop_restocked'));
      reload();
    } catch (e) { fail(e); }
  };
  const toggle = async (i: ItemView) => {
    try { await api(`/api/shop/items/${i.id}`, { method: 'PATCH', body: { active: !i.active } }); reload(); } catch (e) { fail(e); }
  };
  return (
    <Table rowKey="id" size="small" loading={loading} dataSource={items} pagination={false} scroll={{ x: 900 }} data-testid="shop-items-table" columns={[
      { title: t('shop_photo'), dataIndex: 'photoUrl', width: 76, render: (u: string | null, i) => (u ? <img src={u} alt={i.name} style={{ width: 60, height: 45, objectFit: 'cover', borderRadius: 4 }} /> : null) },
      { title: t('shop_name'), dataIndex: 'name', render: (n: string, i) => <span>{n} <span style={{ color: '#888' }}>{i.unit}</span></span> },
      { title: t('shop_region'), dataIndex: 'regionName' },
      { title: t('shop_price'), dataIndex: 'price', align: 'right' },
      { title: t('shop_limitPer'), render: (_, i) => (i.limitPerPeriod ? `${i.limitPerPeriod} / ${t(`shop_period_${i.limitPeriod}`)}` : t('shop_noLimit')) },
      { title: t('shop_daysShort'), render: (_, i) => i.exchangeDays.join('、') || '—' },
      { title: t('shop_onShelf'), render: (_, i) => i.stock.onShelf, align: 'right' },
      { title: t('shop_reserved'), render: (_, i) => i.stock.reserved, align: 'right' },
      { title: '', render: (_, i) => <Tag color={i.active ? 'green' : 'default'}>{i.active ? t('shop_active') : t('shop_inactive')}</Tag> },
      {
        title: t('shop_restock'), width: 220, render: (_, i) => (
          <Space size={4}>
            <InputNumber size="small" min={1} max={100000} value={qty[i.id] ?? 10} onChange={(v) => setQty({ ...qty, [i.id]: v ?? 1 })} style={{ width: 70 }} />
            <Button size="small" onClick={() => restock(i.id)}>{t('shop_restock')}</Button>
            <Button size="small" type="link" onClick={() => toggle(i)}>{i.active ? t('shop_takeOff') : t('shop_putOn')}</Button>
          </Space>
        ),
      },
    ]} />
  );
}

interface NewItemForm { regionCode: string; name: string; unit: string; price: number; limitPerPeriod?: number; limitPeriod: 'week' | 'month' | 'year'; exchangeDays?: number[]; initialStock?: number }

function NewItemTab({ region, villages, onCreated }: { region: string; villages: [string, string][]; onCreated: () => void }) {
  const fail = useFail();
  const { message } = App.useApp();
  const [form] = Form.useForm<NewItemForm>();
  const [photo, setPhoto] = useState<UploadedMedia | null>(null);
  const submit = async (v: NewItemForm) => {
    try {
      await api('/api/shop/items', { method: 'POST', body: { ...v, limitPerPeriod: v.limitPerPeriod ?? null, exchangeDays: v.exchangeDays ?? [], photoMediaId: photo?.id ?? null } });
      void message.success(t('shop_created'));
      form.resetFields();
      setPhoto(null);
      onCreated();
    } catch (e) { fail(e); }
  };
  const places = villages.length ? villages : [[region, region] as [string, string]];
  return (
    <Form form={form} layout="vertical" style={{ maxWidth: 480 }} onFinish={submit} initialValues={{ regionCode: places[0]?.[0], limitPeriod: 'month', initialStock: 10 }}>
      <Form.Item name="regionCode" label={t('shop_region')} rules={[{ required: true }]}><Select options={places.map(([code, name]) => ({ value: code, label: name }))} /></Form.Item>
      <Form.Item name="name" label={t('shop_name')} rules={[{ required: true, max: 40 }]}><Input /></Form.Item>
      <Form.Item name="unit" label={t('shop_unit')} rules={[{ required: true, max: 20 }]}><Input placeholder="5 kg 袋" /></Form.Item>
      <Form.Item name="price" label={t('shop_price')} rules={[{ required: true }]}><InputNumber min={1} max={1000000} style={{ width: '100%' }} /></Form.Item>
      <Space>
        <Form.Item name="limitPerPeriod" label={t('shop_limitPer')}><InputNumber min={1} max={1000} placeholder={t('shop_noLimit')} /></Form.Item>
        <Form.Item name="limitPeriod" label={t('shop_limitPeriod')}><Select style={{ width: 100 }} options={(['week', 'month', 'year'] as const).map((p) => ({ value: p, label: t(`shop_period_${p}`) }))} /></Form.Item>
        <Form.Item name="initialStock" label={t('shop_initialStock')}><InputNumber min={0} max={100000} /></Form.Item>
      </Space>
      <Form.Item name="exchangeDays" label={t('shop_exchangeDays')}><Select mode="multiple" allowClear options={Array.from({ length: 28 }, (_, i) => ({ value: i + 1, label: `${i + 1}` }))} /></Form.Item>
      <Form.Item label={t('shop_photo')}>
        <Upload name="file" action="/api/media" accept="image/*" maxCount={1} listType="picture"
          onChange={(info) => { if (info.file.status === 'done') setPhoto(info.file.response as UploadedMedia); if (info.file.status === 'error') fail(info.file.error); }}>
          <Button>{t('shop_uploadPhoto')}</Button>
        </Upload>
      </Form.Item>
      <Button type="primary" htmlType="submit">{t('shop_save')}</Button>
    </Form>
  );
}

function OrdersTab({ region }: { region: string }) {
  const orders = useApi<OrderPage>(region ? `/api/shop/orders?region=${region}&limit=100` : null);
  return (
    <Table rowKey="id" size="small" loading={orders.loading} dataSource={orders.data?.items ?? []} scroll={{ x: 800 }} data-testid="shop-orders-table" columns={[
      { title: t('shop_createdAt'), dataIndex: 'createdAt', render: (v: string) => chinaTime(v), width: 120 },
      { title: t('shop_name'), dataIndex: 'itemName' },
      { title: t('shop_household'), dataIndex: 'householdName' },
      { title: t('shop_buyer'), dataIndex: 'buyerName' },
      { title: t('shop_price'), dataIndex: 'points', align: 'right' },
      { title: '', dataIndex: 'channel', render: (c: 'phone' | 'counter') => t(`shop_channel_${c}`) },
      { title: '', dataIndex: 'state', render: (s: OrderPage['items'][number]['state']) => <Tag>{t(`shop_state_${s}`)}</Tag> },
    ]} />
  );
}

function StatementTab({ villages }: { villages: [string, string][] }) {
  const [village, setVillage] = useState<string | undefined>(undefined);
  const [month, setMonth] = useState(monthNow());
  const code = village ?? villages[0]?.[0];
  const s = useApi<Statement>(code && /^\d{4}-\d{2}$/.test(month) ? `/api/shop/statement?region=${code}&month=${month}` : null);
  return (
    <div data-testid="shop-statement">
      <Space style={{ marginBottom: 12 }}>
        <Select style={{ width: 160 }} value={code} onChange={setVillage} options={villages.map(([c, n]) => ({ value: c, label: n }))} />
        <Input style={{ width: 170 }} value={month} onChange={(e) => setMonth(e.target.value)} addonBefore={t('shop_month')} />
        {code && <Button href={`/api/shop/statement.xlsx?region=${code}&month=${month}`} data-testid="shop-statement-xlsx">{t('shop_download')}</Button>}
      </Space>
      <Table rowKey="itemId" size="small" loading={s.loading} dataSource={s.data?.rows ?? []} pagination={false} scroll={{ x: 800 }} columns={[
        { title: t('shop_name'), dataIndex: 'name' },
        { title: t('shop_price'), dataIndex: 'price', align: 'right' },
        { title: t('shop_restockedCol'), dataIndex: 'restocked', align: 'right' },
        { title: t('shop_redeemedCol'), dataIndex: 'redeemed', align: 'right' },
        { title: t('shop_redeemedPoints'), dataIndex: 'redeemedPoints', align: 'right' },
        { title: t('shop_voided'), dataIndex: 'voided', align: 'right' },
        { title: t('shop_expired'), dataIndex: 'expired', align: 'right' },
        { title: t('shop_pendingCol'), dataIndex: 'pending', align: 'right' },
        { title: t('shop_closing'), dataIndex: 'closingStock', align: 'right' },
      ]} summary={() => s.data ? (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}>{t('shop_total')} · {t('shop_households')} {s.data.totals.households}</Table.Summary.Cell>
          <Table.Summary.Cell index={1} colSpan={2} />
          <Table.Summary.Cell index={3} align="right">{s.data.totals.redeemed}</Table.Summary.Cell>
          <Table.Summary.Cell index={4} align="right">{s.data.totals.redeemedPoints}</Table.Summary.Cell>
          <Table.Summary.Cell index={5} colSpan={4} />
        </Table.Summary.Row>
      ) : null} />
    </div>
  );
}
