/**
 * The phone's lists of claims: mine (with their state in plain words and the 公示 end date), the
 * village's 公示 board (names masked; "我有异议" opens a reason box; none on my own items), and — for
 * members of the village scoring group — the claims waiting for their vote.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Empty, Image, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { api } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { claimName, day, fill, signed, STATUS_COLOR, statusText } from './plain.ts';
import type { ClaimPage, ClaimView } from './types.ts';
import { useSubmit } from './useSubmit.ts';

export function StatusTag({ c }: { c: ClaimView }) {
  return <Tag color={STATUS_COLOR[c.status]} data-testid="claim-status">{statusText(c.status)}</Tag>;
}

function Amount({ n }: { n: number }) {
  return <span style={{ fontSize: 17, fontWeight: 600, whiteSpace: 'nowrap', color: n < 0 ? '#cf1322' : '#1d6f42' }}>{signed(n)}</span>;
}

/** The line under a claim: when, how it came, until when on notice, why refused. */
function ClaimMeta({ c }: { c: ClaimView }) {
  const how = c.source !== 'claim' ? t('pt_src_case') : c.byProxy ? t('pt_src_proxy') : t('pt_src_claim');
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
      {day(c.createdAt)} · {how}
      {(c.status === 'noticed' || c.status === 'objected') && c.noticeUntil && <> · <span data-testid="notice-until">{fill(t('pt_noticeUntil'), { d: day(c.noticeUntil) })}</span></>}
      {c.status === 'posted' && c.noticeUntil && <> · {t('pt_postedOn')} {day(c.noticeUntil)}</>}
      {(c.status === 'rejected' || c.status === 'voided') && c.decisionReason && <> · {t('pt_reasonIs')}{c.decisionReason}</>}
    </Typography.Text>
  );
}

export function MyClaims() {
  const [items, setItems] = useState<ClaimView[] | null>(null);
  useEffect(() => void api<ClaimPage>('/api/me/points/claims?limit=100').then((r) => setItems(r.items), () => setItems([])), []);
  return (
    <Card size="small" title={t('pt_tabMine')} data-testid="my-claims">
      <List size="small" loading={items === null} dataSource={items ?? []} locale={{ emptyText: t('pt_noClaims') }} renderItem={(c) => (
        <List.Item style={{ flexWrap: 'nowrap', alignItems: 'flex-start' }} data-testid="my-claim">
          <div style={{ minWidth: 0 }}>
            <div><span style={{ fontWeight: 500 }}>{claimName(c)}</span> <StatusTag c={c} /></div>
            {c.note && <div style={{ fontSize: 13, wordBreak: 'break-word' }}>{c.note}</div>}
            <ClaimMeta c={c} />
          </div>
          <Amount n={c.postedAmount ?? c.amount} />
        </List.Item>
      )} />
    </Card>
  );
}

export function Board() {
  const { message } = App.useApp();
  const [items, setItems] = useState<ClaimView[] | null>(null);
  const [mine, setMine] = useState<Set<string>>(new Set());
  const [objecting, setObjecting] = useState<ClaimView | null>(null);
  const [reason, setReason] = useState('');
  const { busy, error, setError, run } = useSubmit();
  const load = useCallback(() => {
    void api<{ items: ClaimView[] }>('/api/points/board').then((r) => setItems(r.items), () => setItems([]));
    // the board masks names, so my own items are known by their ids
    void api<ClaimPage>('/api/me/points/claims?limit=200').then((r) => setMine(new Set(r.items.map((c) => c.id))), () => undefined);
  }, []);
  useEffect(load, [load]);
  const send = async () => {
    if (!objecting) return;
    if (reason.trim().length < 2) return setError(t('pt_objectReason'));
    if (!(await run(() => api(`/api/points/claims/${objecting.id}/objections`, { body: { reason: reason.trim() } })))) return;
    message.success(t('pt_objectSent'));
    setObjecting(null);
    setReason('');
    load();
  };
  return (
    <Card size="small" title={t('pt_tabBoard')} data-testid="points-board">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{t('pt_boardHint')}</Typography.Paragraph>
      <List size="small" loading={items === null} dataSource={items ?? []} locale={{ emptyText: t('pt_boardEmpty') }} renderItem={(c) => {
        const own = mine.has(c.id);
        const open = c.status === 'noticed' || c.status === 'objected';
        return (
          <List.Item style={{ flexWrap: 'nowrap', alignItems: 'flex-start' }} data-testid="board-item">
            <div style={{ minWidth: 0 }}>
              <div>
                <span style={{ fontWeight: 500 }}>{c.beneficiary.name ?? '—'}</span> · {claimName(c)} <StatusTag c={c} />
                {own && <Tag color="blue">{t('pt_mine')}</Tag>}
              </div>
              <ClaimMeta c={c} />
              {c.photoCount > 0 && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{fill(t('pt_photoCount'), { n: c.photoCount })}</Typography.Text>}
              {open && !own && (
                <div style={{ marginTop: 6 }}>
                  {c.iObjected
                    ? <Tag color="orange" data-testid="objected">{t('pt_objected')}</Tag>
                    : <Button size="small" danger onClick={() => { setObjecting(c); setError(null); }} data-testid="object">{t('pt_object')}</Button>}
                </div>
              )}
            </div>
            <Amount n={c.postedAmount ?? c.amount} />
          </List.Item>
        );
      }} />
      <Modal open={!!objecting} title={t('pt_objectTitle')} onOk={() => void send()} onCancel={() => setObjecting(null)} okText={t('pt_send')} cancelText={t('cancel')}
        confirmLoading={busy} destroyOnHidden width={360} okButtonProps={{ 'data-testid': 'object-send' }}>
        {objecting && <p>{objecting.beneficiary.name} · {claimName(objecting)} {signed(objecting.amount)}</p>}
        <Input.TextArea rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('pt_objectReason')} data-testid="object-reason" />
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} data-testid="object-error" />}
      </Modal>
    </Card>
  );
}

export function ReviewList() {
  const { message } = App.useApp();
  const [items, setItems] = useState<ClaimView[] | null>(null);
  const [quorum, setQuorum] = useState<number | null>(null);
  const [rejecting, setRejecting] = useState<ClaimView | null>(null);
  const [reason, setReason] = useState('');
  const { busy, run } = useSubmit();
  const load = useCallback(() => void api<ClaimPage>('/api/points/claims?status=reviewing&limit=100').then((r) => setItems(r.items), () => setItems([])), []);
  useEffect(() => {
    load();
    void api<{ settings: { quorum: number } }>('/api/points/rules').then((r) => setQuorum(r.settings.quorum), () => undefined);
  }, [load]);
  const vote = async (c: ClaimView, decision: 'approve' | 'reject', why?: string) => {
    // a refusal (already voted, no longer in review) is a toast: the list reloads either way
    if (!(await run(() => api(`/api/points/claims/${c.id}/votes`, { body: { decision, ...(why ? { reason: why } : {}) } }), (text) => void message.error(text)))) return;
    setRejecting(null);
    setReason('');
    load();
  };
  return (
    <Card size="small" title={t('pt_tabReview')} data-testid="review-list">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{t('pt_reviewHint')}</Typography.Paragraph>
      {items !== null && items.length === 0 && <Empty description={t('pt_reviewEmpty')} />}
      {(items ?? []).map((c) => (
        <Card key={c.id} size="small" style={{ marginBottom: 8 }} data-testid="review-item">
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <div style={{ minWidth: 0 }}><span style={{ fontWeight: 500 }}>{c.beneficiary.name}</span> · {claimName(c)}</div>
            <Amount n={c.amount} />
          </div>
          {c.note && <div style={{ fontSize: 13, wordBreak: 'break-word', margin: '4px 0' }}>{c.note}</div>}
          {c.photos.length > 0 && (
            <Image.PreviewGroup>
              <Space wrap size={4}>{c.photos.map((p) => <Image key={p} src={`/api/media/${p}/thumb`} preview={{ src: `/api/media/${p}` }} width={64} height={64} style={{ objectFit: 'cover', borderRadius: 4 }} />)}</Space>
            </Image.PreviewGroup>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', margin: '4px 0' }} data-testid="approvals">
            {day(c.createdAt)} · {fill(t('pt_approvalsSoFar'), { a: c.approvals, q: quorum ?? '—' })}
          </Typography.Text>
          {c.myVote
            ? <Tag color={c.myVote === 'approve' ? 'green' : 'default'}>{t(`pt_voted_${c.myVote}`)}</Tag>
            : <Space>
                <Button type="primary" loading={busy} onClick={() => void vote(c, 'approve')} data-testid="approve">{t('pt_approve')}</Button>
                <Button onClick={() => { setRejecting(c); setReason(''); }} data-testid="reject">{t('pt_reject')}</Button>
              </Space>}
        </Card>
      ))}
      <Modal open={!!rejecting} title={t('pt_rejectReason')} onOk={() => rejecting && reason.trim().length >= 2 && void vote(rejecting, 'reject', reason.trim())}
        onCancel={() => setRejecting(null)} okText={t('pt_send')} cancelText={t('cancel')} confirmLoading={busy} destroyOnHidden width={360}
        okButtonProps={{ disabled: reason.trim().length < 2 }}>
        <Input.TextArea rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('pt_rejectReason')} data-testid="reject-reason" />
      </Modal>
    </Card>
  );
}
