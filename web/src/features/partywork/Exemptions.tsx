/**
 * 免于走访 in the 党建工作台: the village's administrator records the branch's decision on a member's row
 * (reason, the day the branch decided, until when); the township or street above approves or turns it
 * down in the 免于走访 tab. Words are plain: the server's refusals (a village approving its own, a second
 * pending request) come back by code in the user's language.
 */
import { useState } from 'react';
import { Alert, App, Button, Empty, Input, List, Modal, Space, Spin, Tag, Typography } from 'antd';
import type { ExemptionList, ExemptionView } from '../../../../src/partywork/duties.contract.ts';
import { api } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { t, tf } from '../../shared/i18n.ts';
import { useApi } from '../../shared/useApi.ts';
import { useSubmit } from '../points/useSubmit.ts';

const STATUS_COLOR: Record<ExemptionView['status'], string> = { pending: 'orange', approved: 'green', rejected: 'default' };
/** Today in China's time, as the date field wants it. */
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The administrator's button on a member's row: the branch's decision, sent for approval above. */
export function ExemptButton({ userId, name, onDone }: { userId: string; name: string; onDone: () => void }) {
  const { message } = App.useApp();
  const { busy, error, setError, run } = useSubmit();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [decidedOn, setDecidedOn] = useState(today());
  const [until, setUntil] = useState('');
  const send = async () => {
    const ok = await run(() => api(`/api/partywork/members/${userId}/exemptions`, { body: { reason: reason.trim(), decidedOn, ...(until ? { until } : {}) } }));
    if (!ok) return;
    setOpen(false);
    setReason('');
    message.success(t('pwx_recorded'));
    onDone();
  };
  return (<>
    <Button size="small" onClick={() => { setError(null); setOpen(true); }} data-testid="pwx-exempt">{t('pwx_exempt')}</Button>
    <Modal open={open} title={tf('pwx_formTitle', { name })} onCancel={() => setOpen(false)} onOk={() => void send()} okText={t('pwx_send')} cancelText={t('pwx_cancel')}
      okButtonProps={{ disabled: !reason.trim() || !decidedOn, loading: busy, ...{ 'data-testid': 'pwx-send' } }} destroyOnHidden>
      <Space direction="vertical" style={{ width: '100%' }} size={10}>
        <Typography.Text type="secondary">{t('pwx_formHint')}</Typography.Text>
        <label>{t('pwx_reason')}
          <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('pwx_reasonHint')} data-testid="pwx-reason" />
        </label>
        <Space wrap>
          <label>{t('pwx_decidedOn')} <Input type="date" value={decidedOn} max={today()} onChange={(e) => setDecidedOn(e.target.value)} style={{ width: 160 }} data-testid="pwx-decided" /></label>
          <label>{t('pwx_until')} <Input type="date" value={until} min={decidedOn} onChange={(e) => setUntil(e.target.value)} style={{ width: 160 }} data-testid="pwx-until" /></label>
        </Space>
        {error && <Alert type="error" title={error} />}
      </Space>
    </Modal>
  </>);
}

/** The area's exemptions, newest first; the approvers (the level above) decide the pending ones here. */
export function ExemptionsTab({ region, canApprove }: { region?: string; canApprove: boolean }) {
  const r = useApi<ExemptionList>(`/api/partywork/exemptions${region ? `?region=${region}` : ''}`);
  if (r.error) return <Alert type="error" title={errorText(r.error)} />;
  if (!r.data) return <Spin style={{ width: '100%', margin: '32px 0' }} />;
  return (
    <List size="small" dataSource={r.data.items} data-testid="pwx-list"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pwx_none')} /> }}
      renderItem={(x) => <ExemptionRow x={x} canApprove={canApprove} onDone={r.reload} />} />
  );
}

function ExemptionRow({ x, canApprove, onDone }: { x: ExemptionView; canApprove: boolean; onDone: () => void }) {
  const { message } = App.useApp();
  const { busy, run } = useSubmit();
  const decide = async (decision: 'approved' | 'rejected') => {
    const ok = await run(() => api(`/api/partywork/exemptions/${x.id}/decision`, { body: { decision } }), (e) => void message.error(e));
    if (!ok) return;
    message.success(t(decision === 'approved' ? 'pwx_approvedDone' : 'pwx_rejectedDone'));
    onDone();
  };
  return (
    <List.Item style={{ flexWrap: 'wrap', gap: 8 }} data-testid="pwx-item">
      <div style={{ minWidth: 0, flex: '1 1 220px' }}>
        <div style={{ fontWeight: 500 }}>{x.memberName} <Tag color={STATUS_COLOR[x.status]} style={{ marginInlineStart: 4 }}>{t(`pwx_status_${x.status}`)}</Tag></div>
        <div style={{ wordBreak: 'break-word' }}>{x.reason}</div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {tf('pwx_dates', { d: x.decidedOn })}{x.until ? ` · ${tf('pw_exemptUntil', { d: x.until })}` : ''}{x.decisionNote ? ` · ${x.decisionNote}` : ''}
        </Typography.Text>
      </div>
      {canApprove && x.status === 'pending' && (
        <Space size={6}>
          <Button type="primary" size="small" loading={busy} onClick={() => void decide('approved')} data-testid="pwx-approve">{t('pwx_approve')}</Button>
          <Button size="small" disabled={busy} onClick={() => void decide('rejected')} data-testid="pwx-reject">{t('pwx_reject')}</Button>
        </Space>
      )}
    </List.Item>
  );
}
