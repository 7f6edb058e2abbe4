import { useEffect, useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { api, ApiError, type Me, type Membership, type RegionLevel, type RegionSummary, type Role, type UserView } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { tableState } from '../../shared/Loading.tsx';
import { useApi } from '../../shared/useApi.ts';

type UserRow = UserView;
const ROLES: Role[] = ['grid_worker', 'party_member', 'operator', 'shift_lead', 'dispatcher', 'handler', 'leader', 'admin', 'resident'];

export function UsersPage({ me }: { me: Me }) {
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [regions, setRegions] = useState<RegionSummary[]>([]);
  const [form] = Form.useForm();
  const users = useApi<{ items: UserRow[] }>(`/api/users?limit=500${q ? `&q=${encodeURIComponent(q)}` : ''}`);
  const load = users.reload;
  useEffect(() => void api<{ items: RegionSummary[] }>('/api/regions/tree?deepest=village').then((r) => setRegions(r.items)), []);
  const regionName = (code: string) => regions.find((r) => r.code === code)?.name ?? code;
  const canWrite = me.permissions.includes('users.write');

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await api('/api/users', { body: { username: v.username, displayName: v.displayName, password: v.password, phone: v.phone || undefined, kind: 'staff', memberships: [{ role: v.role, regionCode: v.regionCode }] } });
      message.success(t('created'));
      setOpen(false);
      form.resetFields();
      void load();
    } catch (e) {
      const err = e as ApiError;
      const field = err.details?.field as string | undefined;
      if (field && ['username', 'phone', 'password', 'displayName'].includes(field)) form.setFields([{ name: field, errors: [errorText(err)] }]);
      else message.error(errorText(err));
    }
  };

  return (
    <Card title={t('users')} extra={<Space>
      <Input.Search placeholder={t('search')} allowClear onSearch={setQ} style={{ width: 200 }} />
      {canWrite && <Button type="primary" onClick={() => setOpen(true)} data-testid="new-user">{t('newUser')}</Button>}
    </Space>}>
      <Table<UserRow> scroll={{ x: 'max-content' }} rowKey="id" dataSource={users.data?.items} size="small" {...tableState(users, q ? t('noUsersMatch') : t('noUsers'))} pagination={{ pageSize: 20, showTotal: (n) => `${t('total')} ${n} ${t('items')}` }} data-testid="users-table"
        columns={[
          { title: t('displayName'), dataIndex: 'displayName' },
          { title: t('username'), dataIndex: 'username', render: (v) => (v ? <code translate="no">{v}</code> : '—') },
          { title: t('phone'), dataIndex: 'phone', render: (v) => v ?? '—' },
          { title: t('kind'), dataIndex: 'kind', render: (v: Me['kind']) => t(v) },
          { title: t('roles'), dataIndex: 'memberships', render: (ms: Membership[]) => ms.map((m) => <Tag key={m.role + m.regionCode}>{t(`role_${m.role as Role}`)} · {regionName(m.regionCode)}</Tag>) },
        ]} />
      <Modal open={open} title={t('newUser')} onOk={submit} onCancel={() => setOpen(false)} okText={t('save')} cancelText={t('cancel')} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="displayName" label={t('displayName')} rules={[{ required: true, message: t('required') }]}><Input /></Form.Item>
          <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required') }]}><Input /></Form.Item>
          <Form.Item name="password" label={t('password')} rules={[{ required: true, min: 8, message: t('required') }]}><Input.Password /></Form.Item>
          <Form.Item name="phone" label={t('phone')}><Input /></Form.Item>
          <Form.Item name="role" label={t('role')} rules={[{ required: true, message: t('required') }]}>
            <Select options={ROLES.map((r) => ({ value: r, label: t(`role_${r}`) }))} />
          </Form.Item>
          <Form.Item name="regionCode" label={t('region')} rules={[{ required: true, message: t('required') }]}>
            <Select showSearch optionFilterProp="label" options={regions.filter((r) => !['province', 'city'].includes(r.level)).map((r) => ({ value: r.code, label: `${r.name} (${t(`level_${r.level as RegionLevel}`)})` }))} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
