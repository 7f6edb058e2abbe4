/**
 * 积分项目: every rule written in the area, newest version of each by default (past versions on a
 * switch: an award keeps the version it used). "新增" writes a new key; "新版本" writes the next
 * version of a key at a place (a village's own version overrides its township's and the default).
 * The per-category rules (report_closed_<code>, one for each case category that pays its reporters)
 * would bury the village's own items, so they sit in one folded group "按事件类别" with their count,
 * edited the same way.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { App, Button, Collapse, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { api, type Me } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { getLang, t } from '../../shared/i18n.ts';
import type { Village } from './PointsAdminPage.tsx';
import { capsText, signed } from './plain.ts';
import type { RuleLedger, RuleTrigger, RuleView } from './types.ts';

const TRIGGERS = ['claim', 'case.closed', 'case.rated'] as const;

export function RulesTab({ me, villages }: { me: Me; villages: Village[] }) {
  const [rows, setRows] = useState<RuleView[]>([]);
  const [all, setAll] = useState(false);
  const [editing, setEditing] = useState<Partial<RuleView> | null>(null);
  const load = useCallback(() => api<RuleView[]>('/api/points/rules/all').then(setRows, () => setRows([])), []);
  useEffect(() => void load(), [load]);
  // where a rule may be written: the places of the person's points.manage memberships, and their villages
  const places = useMemo(() => {
    const own = me.memberships.filter((m) => m.regionCode).map((m) => ({ value: m.regionCode, label: me.regionNames[m.regionCode] ?? m.regionCode }));
    return [...new Map([...own, ...villages.map((v) => ({ value: v.code, label: `${v.name}（${v.township}）` }))].map((o) => [o.value, o])).values()];
  }, [me, villages]);
  const placeName = (code: string) => (code === '' ? t('pt_allRegions') : places.find((p) => p.value === code)?.label ?? me.regionNames[code] ?? code);
  const shown = useMemo(() => {
    if (all) return rows;
    const newest = new Map<string, RuleView>();
    for (const r of rows) {
      const k = `${r.regionCode}|${r.key}`;
      if (!newest.has(k) || newest.get(k)!.version < r.version) newest.set(k, r);
    }
    return [...newest.values()];
  }, [rows, all]);
  const sorted = [...shown].sort((a, b) => a.key.localeCompare(b.key) || a.regionCode.length - b.regionCode.length || b.version - a.version);
  const general = sorted.filter((r) => r.categoryCode === null);
  const byCategory = sorted.filter((r) => r.categoryCode !== null);
  const columns: TableColumnsType<RuleView> = [
    { title: t('pt_name'), width: 190, render: (_, r) => (getLang() === 'en' ? r.nameEn : r.nameZh) },
    { title: t('pt_key'), dataIndex: 'key', width: 150, render: (k) => <code translate="no">{k}</code> },
    { title: t('pt_region'), dataIndex: 'regionCode', width: 170, render: placeName },
    { title: t('pt_version'), dataIndex: 'version', width: 60, render: (v) => `v${v}` },
    { title: t('pt_amount'), dataIndex: 'amount', width: 70, render: (a: number) => <b style={{ color: a < 0 ? '#cf1322' : undefined }}>{signed(a)}</b> },
    { title: t('pt_caps'), width: 220, render: (_, r) => capsText(r) },
    { title: t('pt_evidence'), width: 130, render: (_, r) => <>{r.needsPhoto && <Tag>{t('pt_needsPhoto')}</Tag>}{r.needsGps && <Tag>{t('pt_needsGps')}</Tag>}{r.needsCase && <Tag>{t('pt_needsCase')}</Tag>}</> },
    { title: t('pt_trigger'), dataIndex: 'trigger', width: 100, render: (x: RuleTrigger) => t(`pt_trigger_${x}`) },
    { title: t('pt_publicNotice'), width: 110, render: (_, r) => <>{r.publicNotice ? t('pt_yes') : t('pt_none')}{r.skipReview && <Tag style={{ marginLeft: 4 }}>{t('pt_skipReview')}</Tag>}</> },
    { title: t('pt_active'), dataIndex: 'active', width: 70, render: (a) => (a ? <Tag color="green">{t('pt_active')}</Tag> : <Tag>{t('pt_inactive')}</Tag>) },
    { title: '', width: 90, render: (_, r) => <Button size="small" onClick={() => setEditing({ ...r, regionCode: r.regionCode || places[0]?.value })} data-testid="rule-version">{t('pt_newVersion')}</Button> },
  ];
  return (
    <div data-testid="rules-tab">
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setEditing({ ledger: 'resident', trigger: 'claim', amount: 1, needsPhoto: false, needsGps: false, needsCase: false, skipReview: false, publicNotice: true, active: true, regionCode: places[0]?.value })} data-testid="rule-new">{t('pt_newRule')}</Button>
        <Space>{t('pt_showAllVersions')}<Switch checked={all} onChange={setAll} data-testid="rule-versions" /></Space>
      </Space>
      <Table<RuleView> scroll={{ x: 'max-content' }} rowKey="id" size="small" dataSource={general} pagination={{ pageSize: 15, hideOnSinglePage: true }} data-testid="rules-table" columns={columns} />
      {byCategory.length > 0 && (
        <Collapse style={{ marginTop: 12 }} data-testid="rules-by-category" items={[{
          key: 'category', label: <span data-testid="rules-by-category-label">{t('pt_byCategory')}（{byCategory.length}）</span>,
          extra: <span style={{ color: '#888', fontSize: 12 }}>{t('pt_byCategoryHint')}</span>,
          children: <Table<RuleView> scroll={{ x: 'max-content' }} rowKey="id" size="small" dataSource={byCategory} pagination={{ pageSize: 15, hideOnSinglePage: true }} columns={columns} data-testid="rules-category-table" />,
        }]} />
      )}
      {editing && <RuleDialog value={editing} places={places} onClose={(changed) => { setEditing(null); if (changed) void load(); }} />}
    </div>
  );
}

function RuleDialog({ value, places, onClose }: { value: Partial<RuleView>; places: { value: string; label: string }[]; onClose: (changed: boolean) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const isNew = !value.id;
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const body = { ...v, categoryCode: v.categoryCode || null, capDay: v.capDay ?? null, capMonth: v.capMonth ?? null, capYear: v.capYear ?? null };
      await api('/api/points/rules', { body });
      message.success(t('pt_saved'));
      onClose(true);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const cap = (name: string, label: string) => <Form.Item name={name} label={label}><InputNumber min={1} max={100000} style={{ width: 120 }} /></Form.Item>;
  const flag = (name: string, label: string) => <Form.Item name={name} label={label} valuePropName="checked"><Switch /></Form.Item>;
  return (
    <Modal open title={isNew ? t('pt_newRule') : `${value.nameZh} · ${t('pt_newVersion')}`} onOk={() => void save()} onCancel={() => onClose(false)} confirmLoading={busy}
      okText={t('save')} cancelText={t('cancel')} width={640} destroyOnHidden okButtonProps={{ 'data-testid': 'rule-save' }}>
      <Form form={form} layout="vertical" initialValues={value} data-testid="rule-form">
        <Space wrap>
          <Form.Item name="regionCode" label={t('pt_region')} rules={[{ required: true, message: t('required') }]}><Select style={{ width: 240 }} options={places} showSearch optionFilterProp="label" /></Form.Item>
          <Form.Item name="key" label={t('pt_key')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,47}$/, message: 'a-z 0-9 _' }]}><Input disabled={!isNew} style={{ width: 200 }} /></Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="nameZh" label={t('pt_name')} rules={[{ required: true, min: 2, message: t('required') }]}><Input style={{ width: 240 }} /></Form.Item>
          <Form.Item name="nameEn" label="English" rules={[{ required: true, min: 2, message: t('required') }]}><Input style={{ width: 300 }} /></Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="amount" label={t('pt_amount')} rules={[{ required: true, message: t('required') }]}><InputNumber min={-10000} max={10000} precision={0} style={{ width: 100 }} data-testid="rule-amount" /></Form.Item>
          <Form.Item name="ledger" label={t('pt_ledger')}><Select style={{ width: 130 }} options={(['resident', 'grid_worker'] satisfies RuleLedger[]).map((l) => ({ value: l, label: t(`pt_ledger_${l}`) }))} /></Form.Item>
          <Form.Item name="trigger" label={t('pt_trigger')}><Select style={{ width: 140 }} options={TRIGGERS.map((x) => ({ value: x, label: t(`pt_trigger_${x}`) }))} /></Form.Item>
          <Form.Item name="categoryCode" label={t('pt_categoryCode')}><Input maxLength={32} style={{ width: 120 }} /></Form.Item>
        </Space>
        <Space wrap>{cap('capDay', t('pt_capDayL'))}{cap('capMonth', t('pt_capMonthL'))}{cap('capYear', t('pt_capYearL'))}</Space>
        <Space wrap size="large">{flag('needsPhoto', t('pt_needsPhoto'))}{flag('needsGps', t('pt_needsGps'))}{flag('needsCase', t('pt_needsCase'))}{flag('publicNotice', t('pt_publicNotice'))}{flag('skipReview', t('pt_skipReview'))}{flag('active', t('pt_active'))}</Space>
      </Form>
    </Modal>
  );
}
