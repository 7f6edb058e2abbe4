/** 积分分红 tab: the village's dividends, entering one, and one in full (shares, objections, 复核, payout, the accountant's file). */
import { useState } from 'react';
import { App, Button, DatePicker, Descriptions, Drawer, Form, Input, Space, Table, Tag, Typography } from 'antd';
import type { DividendSummary, DividendView } from '../../../../src/credit/credit.contract.ts';
import { api, type Me } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { tableState } from '../../shared/Loading.tsx';
import { useApi } from '../../shared/useApi.ts';
import { fill, statusColor, yuan } from './format.ts';

export function DividendsTab({ me, village }: { me: Me; village?: string }) {
  const { message } = App.useApp();
  const list = useApi<{ items: DividendSummary[] }>(village ? `/api/credit/dividends?region=${village}` : null);
  const [open, setOpen] = useState<DividendView | null>(null);
  const [entering, setEntering] = useState(false);
  const [form] = Form.useForm();
  const can = (p: string) => me.permissions.includes(p);
  const show = (id: string) => api<DividendView>(`/api/credit/dividends/${id}`).then(setOpen, (e) => message.error(errorText(e)));
  const enter = async () => {
    const v = await form.validateFields();
    try {
      const d = await api<DividendView>('/api/credit/dividends', { method: 'POST', body: { regionCode: village, title: v.title, periodFrom: v.period[0].format('YYYY-MM-DD'), periodTo: v.period[1].format('YYYY-MM-DD'), poolYuan: String(v.poolYuan).trim() } });
      setEntering(false);
      form.resetFields();
      list.reload();
      setOpen(d);
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const act = async (path: string, body: unknown = {}) => {
    try {
      setOpen(await api<DividendView>(path, { method: 'POST', body }));
      list.reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const sum = open ? open.shares.reduce((s, x) => s + Math.round(Number(x.payoutYuan) * 100), 0) : 0;
  return (
    <>
      {can('credit.dividend') && <Button type="primary" style={{ marginBottom: 8 }} onClick={() => setEntering(true)} disabled={!village} data-testid="dividend-new">{t('cr_newDividend')}</Button>}
      {entering && (
        <Form form={form} layout="vertical" style={{ maxWidth: 420, marginBottom: 16 }} initialValues={{ title: t('cr_titleDefault') }} data-testid="dividend-form">
          <Form.Item name="title" label={t('cr_title')} rules={[{ required: true }]}><Input maxLength={80} /></Form.Item>
          <Form.Item name="period" label={t('cr_period')} rules={[{ required: true }]}><DatePicker.RangePicker style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="poolYuan" label={t('cr_poolYuan')} rules={[{ required: true }]}><Input inputMode="decimal" placeholder="165130.00" data-testid="dividend-pool" /></Form.Item>
          <Space><Button type="primary" onClick={enter} data-testid="dividend-save">{t('cr_newDividend')}</Button><Button onClick={() => setEntering(false)}>{t('cancel')}</Button></Space>
        </Form>
      )}
      <Table<DividendSummary> rowKey="id" size="small" dataSource={list.data?.items} {...tableState({ loading: list.loading, error: list.error, reload: list.reload }, t('cr_dividendsEmpty'))} data-testid="dividends-table" scroll={{ x: 760 }}
        onRow={(r) => ({ onClick: () => void show(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('cr_title'), dataIndex: 'title' },
          { title: t('cr_period'), key: 'p', render: (_: unknown, r) => `${r.periodFrom} ~ ${r.periodTo}` },
          { title: t('cr_pool'), dataIndex: 'poolYuan', align: 'right', render: (s: string) => `¥${yuan(s)}` },
          { title: t('cr_households'), dataIndex: 'households', align: 'right', width: 70 },
          { title: t('cr_status'), dataIndex: 'status', render: (s: string) => <Tag color={statusColor(s)}>{t(`cr_st_${s}` as 'cr_st_paid')}</Tag> },
        ]} />
      <Drawer open={!!open} onClose={() => setOpen(null)} width={Math.min(720, window.innerWidth)} title={open ? `${open.regionName} · ${open.title}` : ''} data-testid="dividend-drawer">
        {open && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('cr_status')}><Tag color={statusColor(open.status)}>{t(`cr_st_${open.status}` as 'cr_st_paid')}</Tag>{open.status === 'noticed' || open.status === 'objected' ? `${t('cr_noticeUntil')} ${open.noticeUntil.slice(0, 10)}` : ''}</Descriptions.Item>
              <Descriptions.Item label={t('cr_period')}>{open.periodFrom} ~ {open.periodTo}</Descriptions.Item>
              <Descriptions.Item label={t('cr_pool')}>¥{yuan(open.poolYuan)}</Descriptions.Item>
              <Descriptions.Item label={t('cr_totalPoints')}>{fill(t('cr_totals'), { p: open.totalPoints, h: open.households, y: open.yuanPerPoint })}</Descriptions.Item>
              <Descriptions.Item label={t('cr_fileHash')}><Typography.Text code copyable={{ text: open.fileSha256 }}>{open.fileSha256.slice(0, 16)}…</Typography.Text></Descriptions.Item>
              <Descriptions.Item label={t('cr_objections')}>{open.objections.length ? open.objections.map((o, i) => <div key={i}>· {o.reason}</div>) : t('cr_noObjections')}</Descriptions.Item>
            </Descriptions>
            <Space wrap>
              {can('credit.recheck') && open.status === 'objected' && <Decide onDecide={(decision, reason) => act(`/api/credit/dividends/${open.id}/decision`, { decision, reason })} />}
              {can('credit.dividend') && open.status === 'approved' && <Button type="primary" onClick={() => act(`/api/credit/dividends/${open.id}/paid`)} data-testid="dividend-paid">{t('cr_markPaid')}</Button>}
              {can('credit.dividend') && <Button href={`/api/credit/dividends/${open.id}/file`} data-testid="dividend-export">{t('cr_export')}</Button>}
            </Space>
            <Typography.Text type="success" data-testid="dividend-sum">{fill(t('cr_sumCheck'), { s: yuan((sum / 100).toFixed(2)) })}</Typography.Text>
            <Table rowKey="householdId" size="small" dataSource={open.shares} pagination={{ pageSize: 20 }} data-testid="dividend-shares" scroll={{ x: 520 }}
              columns={[
                { title: t('cr_household'), dataIndex: 'label' },
                { title: t('cr_head'), dataIndex: 'head', width: 90 },
                { title: t('cr_myPoints').replace('我家', ''), dataIndex: 'points', align: 'right', width: 90 },
                { title: t('cr_payout'), dataIndex: 'payoutYuan', align: 'right', width: 120, render: (s: string) => yuan(s) },
              ]} />
          </Space>
        )}
      </Drawer>
    </>
  );
}

function Decide({ onDecide }: { onDecide: (d: 'uphold' | 'overturn', reason: string) => void }) {
  const [reason, setReason] = useState('');
  return (
    <Space wrap>
      <Input style={{ width: 220 }} placeholder={t('cr_reason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="dividend-reason" />
      <Button disabled={!reason.trim()} onClick={() => onDecide('uphold', reason)} data-testid="dividend-uphold">{t('cr_uphold')}</Button>
      <Button danger disabled={!reason.trim()} onClick={() => onDecide('overturn', reason)}>{t('cr_overturn')}</Button>
    </Space>
  );
}
