/**
 * 农户 (console): the area's households for a granted reader (names masked in the list, a household
 * opened in full — the server audits that), the card to print and a lost card to replace
 * (households.manage), and a card scan (`/app/households/card/<token>`, what the card's QR code opens).
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Drawer, Form, Input, List, Modal, Space, Table, Tag, Typography } from 'antd';
import type { CardScan, HouseholdPage, HouseholdSummary, HouseholdView } from '../../../../src/households/households.contract.ts';
import { api, type Me } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { ListSkeleton, tableState } from '../../shared/Loading.tsx';
import { href, navigate, useSegments } from '../../shared/router.ts';

const rel = (r: HouseholdView['members'][number]['relation']) => <Tag color={r === 'head' ? 'green' : undefined}>{t(`hh_rel_${r}`)}</Tag>;

export function HouseholdsPage({ me }: { me: Me }) {
  const seg = useSegments();
  if (seg[1] === 'card' && seg[2]) return <CardScanView token={seg[2]} />;
  if (!me.permissions.includes('households.read')) return <Alert type="info" message={t('hh_noGrant')} />;
  return <HouseholdList me={me} openId={seg[1] ?? null} />;
}

function HouseholdList({ me, openId }: { me: Me; openId: string | null }) {
  const { message } = App.useApp();
  const [page, setPage] = useState<HouseholdPage | null>(null);
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [open, setOpen] = useState<HouseholdView | null>(null);
  const [rotating, setRotating] = useState(false);
  const [form] = Form.useForm();
  const manage = me.permissions.includes('households.manage');
  useEffect(() => void api<HouseholdPage>(`/api/households?limit=20&offset=${offset}`).then((p) => { setPage(p); setError(null); }, setError), [offset, tick]);
  const load = useCallback((id: string) => api<HouseholdView>(`/api/households/${encodeURIComponent(id)}`).then(setOpen, (e) => message.error(errorText(e))), [message]);
  useEffect(() => {
    if (openId) void load(openId);
    else setOpen(null);
  }, [openId, load]);
  const rotate = async () => {
    const v = await form.validateFields();
    try {
      setOpen(await api<HouseholdView>(`/api/households/${open!.id}/card/rotate`, { body: { reason: v.reason } }));
      message.success(t('hh_rotated'));
      setRotating(false);
      form.resetFields();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Card title={t('hh_nav')} extra={<Typography.Text type="secondary">{t('hh_masked')}</Typography.Text>}>
      <Table<HouseholdSummary> rowKey="id" size="small" dataSource={page?.items} {...tableState({ loading: !page && !error, error, reload: () => setTick((n) => n + 1) }, t('hh_listEmpty'))} data-testid="households-table"
        onRow={(r) => ({ onClick: () => navigate(href('households', r.id)), style: { cursor: 'pointer' } })}
        pagination={{ pageSize: 20, total: page?.total ?? 0, current: offset / 20 + 1, onChange: (p) => setOffset((p - 1) * 20), showTotal: (n) => `${t('total')} ${n} ${t('items')}` }}
        scroll={{ x: 640 }}
        columns={[
          { title: t('hh_name'), dataIndex: 'name' },
          { title: t('hh_head'), dataIndex: 'headName' },
          { title: t('hh_memberCount'), dataIndex: 'memberCount', width: 80 },
          { title: t('hh_village'), dataIndex: 'regionName' },
          { title: t('hh_address'), dataIndex: 'address' },
        ]} />
      <Drawer open={!!open} onClose={() => navigate(href('households'))} title={open ? `${open.name} · ${open.address}` : ''} size={440} data-testid="household-drawer">
        {open && <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('hh_village')}>{open.regionName}</Descriptions.Item>
            <Descriptions.Item label={t('hh_address')}>{open.address}</Descriptions.Item>
            <Descriptions.Item label={t('hh_cardIssued')}>{new Date(open.cardIssuedAt).toLocaleString()}</Descriptions.Item>
          </Descriptions>
          <List size="small" header={<b>{t('hh_members')}</b>} dataSource={open.members} data-testid="household-drawer-members"
            renderItem={(m) => <List.Item><span>{m.name}</span>{rel(m.relation)}</List.Item>} />
          {manage && <Space style={{ marginTop: 12 }}>
            <Button href={`/api/households/${open.id}/card.svg`} target="_blank" data-testid="household-print">{t('hh_printCard')}</Button>
            <Button danger onClick={() => setRotating(true)} data-testid="household-rotate">{t('hh_rotate')}</Button>
          </Space>}
        </>}
      </Drawer>
      <Modal open={rotating} title={t('hh_rotate')} onOk={rotate} onCancel={() => setRotating(false)} okText={t('save')} cancelText={t('cancel')} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label={t('hh_rotateReason')} rules={[{ required: true, whitespace: true, message: t('required') }]}><Input maxLength={200} data-testid="rotate-reason" /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function CardScanView({ token }: { token: string }) {
  const [scan, setScan] = useState<CardScan | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => void api<CardScan>(`/api/households/by-card/${encodeURIComponent(token)}`).then(setScan, (e) => setError(errorText(e))), [token]);
  if (error) return <Alert type="warning" message={error} data-testid="card-scan-error" />;
  if (!scan) return <Card><ListSkeleton /></Card>;
  return (
    <Card title={`${t('hh_scanTitle')} · ${scan.regionName} ${scan.name}`} data-testid="card-scan">
      <Typography.Paragraph type="secondary">{t('hh_scanHint')}</Typography.Paragraph>
      <List size="small" dataSource={scan.members} renderItem={(m) => <List.Item><span>{m.name}</span>{rel(m.relation)}</List.Item>} />
    </Card>
  );
}
