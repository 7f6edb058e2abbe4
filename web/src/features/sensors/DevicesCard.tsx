/**
 * The sensors of one reservoir (水库监测, administrators): kind, last reading time, whether the token
 * works; add a sensor (its token is shown once, to give to the installer) and revoke one.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { api } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { tableState, useLoadState } from '../../shared/Loading.tsx';
import { formatTime } from '../cases/caseUtil.ts';
import type { DeviceView, NewDevice } from '../../../../src/sensors/sensors.contract.ts';
import { DEVICE_KINDS, type DeviceKind } from './kinds.ts';

type Device = DeviceView;

export function DevicesCard({ assetId, canEdit }: { assetId: string; canEdit: boolean }) {
  const { message } = App.useApp();
  const [rows, setRows] = useState<Device[]>([]);
  const [adding, setAdding] = useState(false);
  const [token, setToken] = useState<string | null>(null);
  const [form] = Form.useForm();
  const load = useCallback(() => api<{ items: Device[] }>(`/api/sensors/devices?assetId=${assetId}`).then((r) => setRows(r.items)), [assetId]);
  const [status, track] = useLoadState();
  useEffect(() => track(load()), [load, track]);
  const add = async () => {
    const v = await form.validateFields();
    try {
      const r = await api<NewDevice>('/api/sensors/devices', { body: { assetId, kind: v.kind, ...(v.name ? { name: v.name } : {}) } });
      setToken(r.token);
      form.resetFields();
      void load();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const revoke = async (id: string) => {
    await api(`/api/sensors/devices/${id}/revoke`, { body: {} }).catch((e: unknown) => message.error(errorText(e)));
    void load();
  };
  return (
    <Card size="small" title={t('devices')} style={{ marginTop: 16 }} data-testid="devices-card"
      extra={canEdit && <Button size="small" onClick={() => { setToken(null); setAdding(true); }} data-testid="device-add">{t('addDevice')}</Button>}>
      <Table<Device> scroll={{ x: 'max-content' }} rowKey="id" size="small" dataSource={rows} {...tableState({ ...status, reload: () => track(load()) }, canEdit ? t('noDevicesEdit') : t('noDevices'))} pagination={false}
        columns={[
          { title: t('name'), dataIndex: 'name' },
          { title: t('kind'), dataIndex: 'kind', render: (k: DeviceKind) => t(`dev_${k}`) },
          { title: t('lastSeen'), dataIndex: 'lastSeenAt', render: (v: string | null) => (v ? formatTime(v) : '—') },
          { title: '', render: (_, d) => d.revoked ? <Tag>{t('revoked')}</Tag> : canEdit && (
            <Popconfirm title={t('confirmRevokeDevice')} onConfirm={() => void revoke(d.id)}><Button size="small" danger>{t('revoke')}</Button></Popconfirm>) },
        ]} />
      <Modal open={adding} title={t('addDevice')} onCancel={() => setAdding(false)} onOk={() => (token ? setAdding(false) : void add())} okText={token ? 'OK' : t('save')} destroyOnHidden>
        {token ? (
          <Alert type="success" showIcon message={t('keyShownOnce')} description={<Typography.Text copyable code data-testid="device-token">{token}</Typography.Text>} />
        ) : (
          <Form form={form} layout="vertical" initialValues={{ kind: 'water_level' }}>
            <Form.Item name="kind" label={t('kind')} rules={[{ required: true }]}><Select options={DEVICE_KINDS.map((k) => ({ value: k, label: t(`dev_${k}`) }))} data-testid="device-kind" /></Form.Item>
            <Form.Item name="name" label={t('name')}><Input maxLength={100} data-testid="device-name" /></Form.Item>
          </Form>
        )}
      </Modal>
    </Card>
  );
}
