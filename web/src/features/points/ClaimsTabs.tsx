/**
 * The console's claims: the queue of a village (being checked, on notice, under 复核; filter by state)
 * with each claim's votes and evidence, and the objections waiting for the township's 复核 — the
 * reasons (never who objected), the due date, and uphold / overturn with a reason.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Descriptions, Empty, Image, Input, List, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { api } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { formatTime } from '../cases/caseUtil.ts';
import { StatusTag } from './ClaimLists.tsx';
import { claimName, day, signed } from './plain.ts';
import type { ClaimPage, ClaimStatus, ClaimView } from './types.ts';
import { useSubmit } from './useSubmit.ts';

const QUEUE: ClaimStatus[] = ['reviewing', 'noticed', 'objected'];
const ALL: ClaimStatus[] = ['reviewing', 'noticed', 'objected', 'posted', 'rejected', 'voided'];

function useClaims(village: string | undefined, statuses: ClaimStatus[]) {
  const [rows, setRows] = useState<ClaimView[] | null>(null);
  const key = statuses.join(',');
  const load = useCallback(() => {
    if (!village) return;
    const q = new URLSearchParams({ regionCode: village, limit: '200' });
    key.split(',').forEach((s) => q.append('status', s));
    void api<ClaimPage>(`/api/points/claims?${q}`).then((r) => setRows(r.items), () => setRows([]));
  }, [village, key]);
  useEffect(load, [load]);
  return [rows, load] as const;
}

function Evidence({ c }: { c: ClaimView }) {
  return (
    <Space direction="vertical" size={4}>
      {c.note && <span>{c.note}</span>}
      {c.photos.length > 0 && (
        <Image.PreviewGroup>
          <Space size={4}>{c.photos.map((p) => <Image key={p} src={`/api/media/${p}/thumb`} preview={{ src: `/api/media/${p}` }} width={56} height={56} style={{ objectFit: 'cover', borderRadius: 4 }} />)}</Space>
        </Image.PreviewGroup>
      )}
      {c.hasLocation && c.lat !== null && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('pt_location')} {c.lat.toFixed(5)}, {c.lon?.toFixed(5)}</Typography.Text>}
    </Space>
  );
}

function Votes({ c }: { c: ClaimView }) {
  return (
    <Space direction="vertical" size={0}>
      <span>{c.approvals} / {c.rejections}</span>
      {c.votes.map((v, i) => <Typography.Text key={i} type="secondary" style={{ fontSize: 12 }}>{v.reviewer ?? '—'}：{v.decision === 'approve' ? t('pt_approve') : `${t('pt_reject')}（${v.reason ?? ''}）`}</Typography.Text>)}
    </Space>
  );
}

export function QueueTab({ village }: { village?: string }) {
  const [statuses, setStatuses] = useState<ClaimStatus[]>(QUEUE);
  const [rows] = useClaims(village, statuses.length ? statuses : ALL);
  return (
    <div data-testid="queue-tab">
      <Space wrap style={{ marginBottom: 12, maxWidth: '100%' }}>
        <span style={{ whiteSpace: 'nowrap' }}>{t('pt_filterStatus')}</span>
        <Select mode="multiple" allowClear style={{ width: 320, maxWidth: 'calc(100vw - 72px)' }} value={statuses} onChange={setStatuses} data-testid="queue-status"
          options={ALL.map((s) => ({ value: s, label: t(`pt_status_${s}`) }))} />
      </Space>
      <Table<ClaimView> rowKey="id" size="small" scroll={{ x: 'max-content' }} loading={rows === null && !!village} dataSource={rows ?? []} pagination={{ pageSize: 15 }} data-testid="queue-table"
        columns={[
          { title: t('pt_createdAt'), dataIndex: 'createdAt', width: 160, render: formatTime },
          { title: t('pt_beneficiary'), width: 140, render: (_, c) => <>{c.beneficiary.name ?? '—'}{c.byProxy && <Tag style={{ marginLeft: 4 }}>{t('pt_src_proxy')}</Tag>}</> },
          { title: t('pt_name'), width: 180, render: (_, c) => claimName(c) },
          { title: t('pt_amount'), dataIndex: 'amount', width: 70, render: signed },
          { title: t('pt_status'), width: 150, render: (_, c) => <Space direction="vertical" size={0}><StatusTag c={c} />{c.noticeUntil && (c.status === 'noticed' || c.status === 'objected') && <Typography.Text type="secondary" style={{ fontSize: 12 }}>→ {day(c.noticeUntil)}</Typography.Text>}</Space> },
          { title: t('pt_approvals'), width: 200, render: (_, c) => <Votes c={c} /> },
          { title: t('pt_evidence'), render: (_, c) => <Evidence c={c} /> },
        ]} />
    </div>
  );
}

export function RecheckTab({ village }: { village?: string }) {
  const { message } = App.useApp();
  const [rows, load] = useClaims(village, ['objected']);
  const [deciding, setDeciding] = useState<ClaimView | null>(null);
  const [decision, setDecision] = useState<'uphold' | 'overturn'>('uphold');
  const [reason, setReason] = useState('');
  const { busy, error, setError, run } = useSubmit();
  const send = async () => {
    if (!deciding) return;
    if (reason.trim().length < 2) return setError(t('pt_decisionReason'));
    if (!(await run(() => api(`/api/points/claims/${deciding.id}/recheck`, { body: { decision, reason: reason.trim() } })))) return;
    message.success(t('pt_decided'));
    setDeciding(null);
    load();
  };
  return (
    <div data-testid="recheck-tab">
      {rows !== null && rows.length === 0 && <Empty description={t('pt_recheckEmpty')} />}
      <List dataSource={rows ?? []} renderItem={(c) => (
        <List.Item data-testid="recheck-item" actions={[<Button key="d" type="primary" onClick={() => { setDeciding(c); setDecision('uphold'); setReason(''); setError(null); }} data-testid="recheck-open">{t('pt_tabRecheck')}</Button>]}>
          <Descriptions size="small" column={3} style={{ width: '100%' }} title={<Space>{c.beneficiary.name} · {claimName(c)} {signed(c.amount)} <StatusTag c={c} /></Space>}>
            <Descriptions.Item label={t('pt_recheckDue')}><b style={{ color: c.recheckDue && new Date(c.recheckDue).getTime() < Date.now() ? '#cf1322' : undefined }}>{c.recheckDue ? formatTime(c.recheckDue) : '—'}</b></Descriptions.Item>
            <Descriptions.Item label={t('pt_approvals')}>{c.approvals} / {c.rejections}</Descriptions.Item>
            <Descriptions.Item label={t('pt_createdAt')}>{formatTime(c.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('pt_objections')} span={3}>
              <Space direction="vertical" size={0} data-testid="objection-reasons">{c.objections.map((o, i) => <span key={i}>「{o.reason}」 <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatTime(o.at)}</Typography.Text></span>)}</Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('pt_evidence')} span={3}><Evidence c={c} /></Descriptions.Item>
          </Descriptions>
        </List.Item>
      )} />
      <Modal open={!!deciding} title={deciding ? `${t('pt_tabRecheck')} · ${deciding.beneficiary.name} · ${claimName(deciding)}` : ''} onOk={() => void send()} onCancel={() => setDeciding(null)}
        okText={t('save')} cancelText={t('cancel')} confirmLoading={busy} destroyOnHidden okButtonProps={{ 'data-testid': 'recheck-send' }}>
        <Radio.Group value={decision} onChange={(e) => setDecision(e.target.value)} style={{ marginBottom: 12 }} data-testid="recheck-decision">
          <Radio value="uphold">{t('pt_uphold')}</Radio>
          <Radio value="overturn">{t('pt_overturn')}</Radio>
        </Radio.Group>
        <Input.TextArea rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('pt_decisionReason')} data-testid="recheck-reason" />
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} data-testid="recheck-error" />}
      </Modal>
    </div>
  );
}
