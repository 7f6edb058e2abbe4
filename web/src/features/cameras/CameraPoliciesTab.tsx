/**
 * 摄像头策略: what each camera category does — confidence, how long or how many detections before acting,
 * silence, cool-down, the action, and for street vending the speaker's clip, grace period, quiet hours
 * and hourly cap. Saving replaces the category's overrides; 恢复默认 returns it to the built-in policy.
 */
import { useCallback, useEffect, useState } from 'react';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import { api } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { tableState, useLoadState } from '../../shared/Loading.tsx';
import { useCategoryNames } from '../cases/caseUtil.ts';
import type { CameraPolicy, PolicyRow } from '../../../../src/cameras/cameras.contract.ts';

type Policy = CameraPolicy;
type Row = PolicyRow;
const ACTIONS: Policy['action'][] = ['warn_then_case', 'notify_and_case', 'case', 'none'];
type NumberField = 'minConfidence' | 'triggerAfterSeconds' | 'triggerAfterCount' | 'silenceSeconds' | 'cooldownSeconds' | 'graceSeconds' | 'repeatCap';
const NUMBERS: [NumberField & keyof Policy, number, number, number][] = [
  ['minConfidence', 0, 1, 0.05], ['triggerAfterSeconds', 0, 86_400, 1], ['triggerAfterCount', 1, 100_000, 1], ['silenceSeconds', 1, 86_400, 1],
  ['cooldownSeconds', 0, 604_800, 60], ['graceSeconds', 0, 3600, 10], ['repeatCap', 0, 1000, 1],
];

export function CameraPoliciesTab() {
  const { message } = App.useApp();
  const [rows, setRows] = useState<Row[]>([]);
  const [editing, setEditing] = useState<Row | null>(null);
  const [form] = Form.useForm();
  const categoryName = useCategoryNames();
  const load = useCallback(() => api<{ items: Row[] }>('/api/cameras/policies').then((r) => setRows(r.items)), []);
  const [status, track] = useLoadState();
  useEffect(() => track(load()), [load, track]);
  const save = async (overrides: Record<string, unknown> | null) => {
    try {
      let body = overrides;
      if (!body) {
        const { quietFrom, quietTo, ...v } = await form.validateFields();
        body = { ...v, quietHours: [quietFrom ?? 0, quietTo ?? 0] };
      }
      await api(`/api/cameras/policies/${editing!.categoryCode}`, { method: 'PUT', body });
      message.success(t('saved'));
      setEditing(null);
      void load();
    } catch (e) {
      if (e instanceof Error) message.error(errorText(e)); // not the form's own validation (shown in the form)
    }
  };
  return (<>
    <Table<Row> scroll={{ x: 'max-content' }} rowKey="categoryCode" size="small" dataSource={rows} {...tableState({ ...status, reload: () => track(load()) }, t('noCameraPolicies'))} pagination={false} data-testid="camera-policies"
      columns={[
        { title: t('category'), dataIndex: 'categoryCode', render: (c: string, r) => <span>{c} {categoryName(c)}{Object.keys(r.overrides).length > 0 && <Tag color="blue" style={{ marginLeft: 4 }}>{t('customised')}</Tag>}</span> },
        { title: t('policy_action'), render: (_, r) => t(`policyAction_${r.policy.action}`) },
        { title: t('policy_trigger'), render: (_, r) => `${r.policy.triggerAfterSeconds} s / ${r.policy.triggerAfterCount}` },
        { title: t('policy_minConfidence'), render: (_, r) => `${Math.round(r.policy.minConfidence * 100)}%` },
        { title: t('policy_cooldownSeconds'), render: (_, r) => `${Math.round(r.policy.cooldownSeconds / 60)} min` },
        { title: '', render: (_, r) => <Button size="small" onClick={() => { setEditing(r); form.setFieldsValue({ ...r.policy, quietFrom: r.policy.quietHours[0], quietTo: r.policy.quietHours[1] }); }} data-testid={`policy-edit-${r.categoryCode}`}>{t('edit')}</Button> },
      ]} />
    <Modal open={!!editing} title={editing ? `${editing.categoryCode} ${categoryName(editing.categoryCode)}` : ''} onCancel={() => setEditing(null)} destroyOnHidden
      footer={<Space><Button onClick={() => void save({})} data-testid="policy-reset">{t('resetDefault')}</Button><Button type="primary" onClick={() => void save(null)} data-testid="policy-save">{t('save')}</Button></Space>}>
      <Form form={form} layout="vertical">
        <Form.Item name="action" label={t('policy_action')}><Select options={ACTIONS.map((a) => ({ value: a, label: t(`policyAction_${a}`) }))} /></Form.Item>
        <Form.Item name="severity" label={t('severity')}><Select options={[{ value: 'normal', label: t('normal') }, { value: 'urgent', label: t('urgent') }]} /></Form.Item>
        <Space wrap>
          {NUMBERS.map(([k, min, max, step]) => (
            <Form.Item key={k} name={k} label={t(`policy_${k}`)} rules={[{ required: true, message: t('required') }]}><InputNumber min={min} max={max} step={step} data-testid={`policy-${k}`} /></Form.Item>
          ))}
          <Form.Item name="quietFrom" label={t('policy_quietFrom')}><InputNumber min={0} max={23} /></Form.Item>
          <Form.Item name="quietTo" label={t('policy_quietTo')}><InputNumber min={0} max={23} /></Form.Item>
        </Space>
        <Form.Item name="clip" label={t('policy_clip')} rules={[{ required: true, message: t('required') }]}><Input.TextArea rows={2} maxLength={200} /></Form.Item>
      </Form>
    </Modal>
  </>);
}
