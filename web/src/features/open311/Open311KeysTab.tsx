/** Open311 client keys: the administrators' settings tab. */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { NewOpen311Key, Open311Key } from '../../../../src/open311/open311.contract.ts';
import { api } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { tableState, useLoadState } from '../../shared/Loading.tsx';
import { useFail } from '../../shared/useFail.ts';

/** Open311 client keys: a new key is shown once, in full; afterwards only its name. */
export function Open311KeysTab() {
  const [rows, setRows] = useState<Open311Key[]>([]);
  const [name, setName] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const fail = useFail();
  const load = useCallback(() => api<{ items: Open311Key[] }>('/api/open311/keys').then((r) => setRows(r.items)), []);
  const [status, track] = useLoadState();
  useEffect(() => track(load()), [load, track]);
  const add = async () => {
    if (!name.trim()) return;
    try {
      const k = await api<NewOpen311Key>('/api/open311/keys', { body: { name: name.trim() } });
      setShown(k.key);
      setName('');
      void load();
    } catch (e) {
      fail(e);
    }
  };
  return (<>
    <Space style={{ marginBottom: 12 }} wrap>
      <Input placeholder={t('clientName')} value={name} onChange={(e) => setName(e.target.value)} data-testid="key-name" style={{ width: 220 }} />
      <Button type="primary" onClick={() => void add()} data-testid="key-add">{t('addKey')}</Button>
    </Space>
    {shown && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('keyShownOnce')} description={<Typography.Text copyable code data-testid="key-value">{shown}</Typography.Text>} />}
    <Table<Open311Key> scroll={{ x: 'max-content' }} rowKey="id" dataSource={rows} {...tableState({ ...status, reload: () => track(load()) }, t('noOpen311Keys'))} size="small" pagination={false} data-testid="key-table"
      columns={[
        { title: t('name'), dataIndex: 'name' },
        { title: t('createdAt'), dataIndex: 'createdAt', render: (v: string) => new Date(v).toLocaleString('zh-CN', { hour12: false }) },
        { title: t('state'), dataIndex: 'revokedAt', render: (v: string | null) => (v ? <Tag>{t('revoked')}</Tag> : <Tag color="green">{t('active')}</Tag>) },
        { title: '', render: (_, r) => !r.revokedAt && <Popconfirm title={t('confirmRevoke')} onConfirm={() => api(`/api/open311/keys/${r.id}`, { method: 'DELETE' }).then(load, fail)} okText={t('yes')} cancelText={t('no')}><Button size="small" danger>{t('revoke')}</Button></Popconfirm> },
      ]} />
  </>);
}
