/**
 * 事件配置 for administrators: categories and their time limits, camera vendors' event codes, and
 * working-day overrides of the business calendar, Open311 client keys. Every change is audited.
 */
import { useCallback, useEffect, useState } from 'react';
import { Button, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../../shared/api.ts';
import { useFail } from '../../shared/useFail.ts';
import { getLang, t } from '../../shared/i18n.ts';
import { tableState, useLoadState } from '../../shared/Loading.tsx';
import type { CaseSource, LimitUnit } from './caseUtil.ts';
import type { CalendarOverride, Category as CategoryView, VendorCode } from '../../../../src/cases/cases.contract.ts';

type Category = CategoryView;
type Override = CalendarOverride;

const UNITS: LimitUnit[] = ['minutes', 'hours', 'working_hours', 'working_days'];
const SOURCES: CaseSource[] = ['resident', 'tourist', 'grid_worker', 'camera', 'sensor', 'hotline', 'open311'];
const limit = (v: number, u: string) => `${v} ${t(`unit_${u as LimitUnit}`)}`;


function CategoryDialog({ value, onClose }: { value: Category | null; onClose: (changed: boolean) => void }) {
  const [form] = Form.useForm();
  const fail = useFail();
  const [busy, setBusy] = useState(false);
  const unit = (name: string) => <Form.Item name={name} noStyle><Select style={{ width: 130 }} options={UNITS.map((u) => ({ value: u, label: t(`unit_${u}`) }))} /></Form.Item>;
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const { code, ...body } = v;
      if (value) await api(`/api/case-categories/${value.code}`, { method: 'PATCH', body });
      else await api(`/api/case-categories/${code}`, { method: 'POST', body });
      onClose(true);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={value ? `${value.code} ${value.name}` : t('addCategory')} onOk={save} onCancel={() => onClose(false)} confirmLoading={busy} okText={t('save')} cancelText={t('cancel')} width={560} destroyOnHidden>
      <Form form={form} layout="vertical" data-testid="category-form" initialValues={value ?? { limitUnit: 'working_days', urgentLimitUnit: 'working_hours', signLimitValue: 2, signLimitUnit: 'working_hours', autoEscalate: false, sources: ['resident', 'grid_worker'], duplicateRadiusM: 100, active: true }}>
        {!value && <Form.Item name="code" label={t('code_')} rules={[{ required: true, pattern: /^\d{4}$/, message: t('code4') }]}><Input maxLength={4} /></Form.Item>}
        <Space wrap>
          <Form.Item name="name" label={t('name')} rules={[{ required: true, message: t('required') }]}><Input /></Form.Item>
          <Form.Item name="nameEn" label="English" rules={[{ required: true, message: t('required') }]}><Input /></Form.Item>
          <Form.Item name="leadKind" label={t('leadKind')} rules={[{ required: true, message: t('required') }]}><Input /></Form.Item>
        </Space>
        <Form.Item label={t('limitNormal')} required><Space.Compact><Form.Item name="limitValue" noStyle rules={[{ required: true }]}><InputNumber min={1} data-testid="limit-value" /></Form.Item>{unit('limitUnit')}</Space.Compact></Form.Item>
        <Form.Item label={t('limitUrgent')} required><Space.Compact><Form.Item name="urgentLimitValue" noStyle rules={[{ required: true }]}><InputNumber min={1} /></Form.Item>{unit('urgentLimitUnit')}</Space.Compact></Form.Item>
        <Form.Item label={t('limitSign')}><Space.Compact><Form.Item name="signLimitValue" noStyle><InputNumber min={1} /></Form.Item>{unit('signLimitUnit')}</Space.Compact></Form.Item>
        <Space wrap size="large">
          <Form.Item name="autoEscalate" label={t('autoEscalate')} valuePropName="checked"><Switch /></Form.Item>
          <Form.Item name="active" label={t('active')} valuePropName="checked"><Switch /></Form.Item>
          <Form.Item name="duplicateRadiusM" label={t('duplicateRadius')}><InputNumber min={0} max={10000} addonAfter="m" /></Form.Item>
        </Space>
        <Form.Item name="sources" label={t('sources')} rules={[{ required: true, message: t('required') }]}>
          <Select mode="multiple" options={SOURCES.map((s) => ({ value: s, label: t(`source_${s}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CategoriesTab() {
  const [rows, setRows] = useState<Category[]>([]);
  const [editing, setEditing] = useState<Category | 'new' | null>(null);
  const load = useCallback(() => api<{ items: Category[] }>('/api/case-categories?all=true').then((r) => setRows(r.items)), []);
  const [status, track] = useLoadState();
  useEffect(() => track(load()), [load, track]);
  return (<>
    <Table<Category> scroll={{ x: 'max-content' }} rowKey="code" dataSource={rows} {...tableState({ ...status, reload: () => track(load()) }, t('noCategories'))} size="small" pagination={false} data-testid="category-table"
      title={() => <Button onClick={() => setEditing('new')} data-testid="add-category">{t('addCategory')}</Button>}
      columns={[
        { title: t('code_'), dataIndex: 'code', width: 70 },
        { title: t('name'), render: (_, k) => (getLang() === 'en' ? k.nameEn : k.name) },
        { title: t('limitNormal'), render: (_, k) => limit(k.limitValue, k.limitUnit) },
        { title: t('limitUrgent'), render: (_, k) => limit(k.urgentLimitValue, k.urgentLimitUnit) },
        { title: t('limitSign'), render: (_, k) => limit(k.signLimitValue, k.signLimitUnit) },
        { title: t('autoEscalate'), dataIndex: 'autoEscalate', render: (v: boolean) => (v ? <Tag color="red">{t('yes')}</Tag> : '—') },
        { title: t('active'), dataIndex: 'active', render: (v: boolean) => (v ? <Tag color="green">{t('yes')}</Tag> : <Tag>{t('no')}</Tag>) },
        { title: '', render: (_, k) => <Button size="small" onClick={() => setEditing(k)} data-testid={`edit-${k.code}`}>{t('edit')}</Button> },
      ]} />
    {editing && <CategoryDialog value={editing === 'new' ? null : editing} onClose={(changed) => { setEditing(null); if (changed) void load(); }} />}
  </>);
}

export function VendorCodesTab() {
  const [rows, setRows] = useState<VendorCode[]>([]);
  const [cats, setCats] = useState<Category[]>([]);
  const [form] = Form.useForm();
  const fail = useFail();
  const load = useCallback(() => api<{ items: VendorCode[] }>('/api/vendor-codes').then((r) => setRows(r.items)), []);
  const [status, track] = useLoadState();
  useEffect(() => {
    track(load());
    void api<{ items: Category[] }>('/api/case-categories').then((r) => setCats(r.items));
  }, [load, track]);
  const save = async () => {
    const v = await form.validateFields();
    try {
      await api(`/api/vendor-codes/${encodeURIComponent(v.vendor)}/${encodeURIComponent(v.eventCode)}`, { method: 'PUT', body: { categoryCode: v.categoryCode, ...(v.description ? { description: v.description } : {}) } });
      form.resetFields();
      void load();
    } catch (e) {
      fail(e);
    }
  };
  const remove = (r: VendorCode) => api(`/api/vendor-codes/${r.vendor}/${encodeURIComponent(r.eventCode)}`, { method: 'DELETE' }).then(load, fail);
  return (<>
    <Form form={form} layout="inline" style={{ marginBottom: 12 }} data-testid="vendor-form">
      <Form.Item name="vendor" rules={[{ required: true, message: t('required') }]}><Select placeholder={t('vendor')} style={{ width: 130 }} options={['dahua', 'hikvision', 'uniview', 'generic'].map((v) => ({ value: v, label: v }))} /></Form.Item>
      <Form.Item name="eventCode" rules={[{ required: true, message: t('required') }]}><Input placeholder={t('eventCode')} style={{ width: 150 }} /></Form.Item>
      <Form.Item name="categoryCode" rules={[{ required: true, message: t('required') }]}><Select placeholder={t('category')} style={{ width: 200 }} showSearch optionFilterProp="label" options={cats.map((k) => ({ value: k.code, label: `${k.code} ${k.name}` }))} /></Form.Item>
      <Form.Item name="description"><Input placeholder={t('note')} /></Form.Item>
      <Button type="primary" onClick={save} data-testid="vendor-save">{t('save')}</Button>
    </Form>
    <Table<VendorCode> scroll={{ x: 'max-content' }} rowKey={(r) => `${r.vendor}:${r.eventCode}`} dataSource={rows} {...tableState({ ...status, reload: () => track(load()) }, t('noVendorCodes'))} size="small" pagination={false} data-testid="vendor-table"
      columns={[
        { title: t('vendor'), dataIndex: 'vendor' },
        { title: t('eventCode'), dataIndex: 'eventCode' },
        { title: t('category'), dataIndex: 'categoryCode', render: (c: string) => `${c} ${cats.find((k) => k.code === c)?.name ?? ''}` },
        { title: t('note'), dataIndex: 'description' },
        { title: '', render: (_, r) => <Popconfirm title={t('confirmDelete')} onConfirm={() => remove(r)} okText={t('yes')} cancelText={t('no')}><Button size="small" danger>{t('delete')}</Button></Popconfirm> },
      ]} />
  </>);
}

export function CalendarTab() {
  const [rows, setRows] = useState<Override[]>([]);
  const [form] = Form.useForm();
  const fail = useFail();
  const load = useCallback(() => api<{ items: Override[] }>('/api/calendar/overrides').then((r) => setRows(r.items)), []);
  const [status, track] = useLoadState();
  useEffect(() => track(load()), [load, track]);
  const save = async () => {
    const v = await form.validateFields();
    try {
      await api(`/api/calendar/overrides/${(v.date as Dayjs).format('YYYY-MM-DD')}`, { method: 'PUT', body: { working: v.working ?? false, ...(v.note ? { note: v.note } : {}) } });
      form.resetFields();
      void load();
    } catch (e) {
      fail(e);
    }
  };
  return (<>
    <Form form={form} layout="inline" style={{ marginBottom: 12 }} data-testid="calendar-form">
      <Form.Item name="date" rules={[{ required: true, message: t('required') }]}><DatePicker data-testid="calendar-date" /></Form.Item>
      <Form.Item name="working" valuePropName="checked" label={t('workingDay')}><Switch data-testid="calendar-working" /></Form.Item>
      <Form.Item name="note"><Input placeholder={t('note')} data-testid="calendar-note" /></Form.Item>
      <Button type="primary" onClick={save} data-testid="calendar-save">{t('save')}</Button>
    </Form>
    <Table<Override> scroll={{ x: 'max-content' }} rowKey="date" dataSource={rows} {...tableState({ ...status, reload: () => track(load()) }, t('noCalendar'))} size="small" pagination={false} data-testid="calendar-table"
      columns={[
        { title: t('date'), dataIndex: 'date' },
        { title: t('workingDay'), dataIndex: 'working', render: (w: boolean) => (w ? <Tag color="blue">{t('workingDay')}</Tag> : <Tag color="orange">{t('dayOff')}</Tag>) },
        { title: t('note'), dataIndex: 'note' },
        { title: '', render: (_, r) => <Button size="small" danger onClick={() => api(`/api/calendar/overrides/${r.date}`, { method: 'DELETE' }).then(load, fail)}>{t('delete')}</Button> },
      ]} />
  </>);
}
