/**
 * 民宿商户 in the console: the approval queue (a new listing, or an owner's edit of a published one shown
 * beside what tourists see now; approve, or reject with the reason the owner reads), all places of the
 * area with filters, the edit form, and 村庄介绍 (what tourists read first) for the staff who keep the places. 390-px friendly: cards on a phone, a table's width scrolls.
 */
import { App, Button, Card, Empty, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { PlacePage, PlaceView } from '../../../../src/places/places.contract.ts';
import type { PlaceKind } from '../../../../src/places/places.schema.ts';
import { api, type Me } from '../../shared/api.ts';
import { t, tf } from '../../shared/i18n.ts';
import { useApi } from '../../shared/useApi.ts';
import { useFail } from '../../shared/useFail.ts';
import { useMyVillages } from '../../shared/useMyVillages.ts';
import { EditPlace } from './EditPlace.tsx';
import { GuideEditor } from './GuideEditor.tsx';
import { thumbOf } from './PlacePhotos.tsx';
import { attrWord, GRADE_COLOUR, gradeWord, KINDS, kindWord, statusWord } from './words.ts';

const STATUS_COLOUR: Record<string, string> = { draft: 'default', pending: 'blue', published: 'green', rejected: 'red' };
const chinaTime = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

const can = (me: Me, code: string) => (me.scopes['places.manage'] ?? []).some((s) => code.startsWith(s));

export function PlacesAdminPage({ me }: { me: Me }) {
  const scope = me.scopes['places.approve']?.[0] ?? me.scopes['places.manage']?.[0] ?? '';
  const { villages } = useMyVillages(me);
  const [region, setRegion] = useState<string>('');
  const where = region || scope;
  const queue = useApi<PlacePage>(where ? `/api/places/listings?region=${where}&queue=true&limit=100` : null);
  const [edit, setEdit] = useState<PlaceView | null>(null);
  return (
    <Card title={t('pl_adminNav')} size="small" data-testid="places-admin"
      extra={villages.length > 1 ? <Select size="small" allowClear placeholder={t('pl_village')} style={{ width: 150 }} value={region || undefined} onChange={(v) => setRegion(v ?? '')} options={villages.map((v) => ({ value: v.code, label: v.name }))} /> : null}>
      <Tabs items={[
        { key: 'queue', label: `${t('pl_queue')} ${queue.data?.total ?? ''}`, children: <Queue page={queue.data} loading={queue.loading} reload={queue.reload} onEdit={setEdit} /> },
        { key: 'list', label: t('pl_list'), children: <AllPlaces region={where} onEdit={setEdit} /> },
        // the introduction is written by who keeps the places (places.manage), village by village
        ...(me.scopes['places.manage']?.length ? [{ key: 'guide', label: t('pl_guideTab'), children: <GuideEditor villages={villages.filter((v) => can(me, v.code))} /> }] : []),
      ]} />
      <EditPlace place={edit} onClose={(saved) => { setEdit(null); if (saved) queue.reload(); }} />
    </Card>
  );
}

function Queue({ page, loading, reload, onEdit }: { page: PlacePage | undefined; loading: boolean; reload: () => void; onEdit: (p: PlaceView) => void }) {
  if (!loading && page && page.items.length === 0) return <Empty description={t('pl_emptyQueue')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="pl-queue">
      {(page?.items ?? []).map((p) => <QueueCard key={p.id} p={p} reload={reload} onEdit={onEdit} />)}
    </Space>
  );
}

/** What an edit changes: the fields whose value differs from the published version. */
function changes(p: PlaceView): { field: string; now: string; was: string }[] {
  if (!p.revision) return [];
  const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const out: { field: string; now: string; was: string }[] = [];
  for (const k of ['name', 'description', 'phone', 'bookingUrl', 'lon', 'lat'] as const) {
    if (JSON.stringify(p.revision[k]) !== JSON.stringify(p[k])) out.push({ field: t(k === 'name' ? 'pl_name' : k === 'description' ? 'pl_description' : k === 'phone' ? 'pl_phone' : k === 'bookingUrl' ? 'pl_bookingUrl' : 'pl_changed'), now: show(p.revision[k]), was: show(p[k]) });
  }
  const photos = photoChange(p.photos, p.revision.photos);
  if (photos) out.push({ field: t('pl_photos'), ...photos });
  const keys = new Set([...Object.keys(p.attrs), ...Object.keys(p.revision.attrs)]);
  for (const k of keys) if (JSON.stringify(p.attrs[k]) !== JSON.stringify(p.revision.attrs[k])) out.push({ field: attrWord(k), now: show(p.revision.attrs[k]), was: show(p.attrs[k]) });
  return out;
}

/** Photos in words: how many now and before, what was added or taken away, a new cover (the thumbnails show them). */
function photoChange(was: string[], now: string[]): { now: string; was: string } | null {
  if (JSON.stringify(was) === JSON.stringify(now)) return null;
  const added = now.filter((m) => !was.includes(m)).length;
  const removed = was.filter((m) => !now.includes(m)).length;
  const parts = [tf('pl_photosCount', { n: now.length })];
  if (added) parts.push(tf('pl_photosAdded', { n: added }));
  if (removed) parts.push(tf('pl_photosRemoved', { n: removed }));
  if (now[0] !== was[0] && now.length) parts.push(t('pl_photosNewCover'));
  else if (!added && !removed) parts.push(t('pl_photosReordered'));
  return { now: parts.join('，'), was: tf('pl_photosCount', { n: was.length }) };
}

function QueueCard({ p, reload, onEdit }: { p: PlaceView; reload: () => void; onEdit: (p: PlaceView) => void }) {
  const fail = useFail();
  const { message } = App.useApp();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const approve = async () => {
    try { await api(`/api/places/${p.id}/approve`, { method: 'POST', body: {} }); void message.success(t('pl_approved')); reload(); } catch (e) { fail(e); }
  };
  const reject = async () => {
    try { await api(`/api/places/${p.id}/reject`, { method: 'POST', body: { reason: reason.trim() } }); void message.success(t('pl_rejected')); setRejecting(false); reload(); } catch (e) { fail(e); }
  };
  const diff = changes(p);
  const grade = (p.revision?.attrs.grade ?? p.attrs.grade) as keyof typeof GRADE_COLOUR | undefined;
  return (
    <Card size="small" data-testid="pl-queue-item" data-name={p.name}
      title={<Space size={4} wrap>{p.revision?.name ?? p.name}<Tag>{kindWord(p.kind)}</Tag>{grade && <Tag color={GRADE_COLOUR[grade]}>{gradeWord(grade)}</Tag>}<Tag color="blue">{p.revision ? t('pl_revision') : statusWord(p.status)}</Tag></Space>}
      extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.villageName}</Typography.Text>}>
      <div style={{ fontSize: 13, marginBottom: 6 }}>{t('pl_owner')}：{p.ownerLabel ?? t('pl_villageOwn')} · {chinaTime(p.revisionAt ?? p.submittedAt ?? p.updatedAt)}</div>
      {p.revision ? (
        <div data-testid="pl-diff" style={{ fontSize: 13, marginBottom: 8 }}>
          <b>{t('pl_revisionOf')}</b>
          {diff.map((d) => <div key={d.field}>{d.field}: <Typography.Text mark>{d.now}</Typography.Text> <Typography.Text type="secondary">（{t('pl_was')} {d.was}）</Typography.Text></div>)}
        </div>
      ) : (
        <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ fontSize: 13 }}>{p.description}</Typography.Paragraph>
      )}
      {(p.revision?.photos ?? p.photos).length > 0 && (
        <div style={{ display: 'flex', gap: 4, marginBottom: 8, overflowX: 'auto' }} data-testid="pl-queue-photos">
          {(p.revision?.photos ?? p.photos).map((m, i) => (
            <span key={m} style={{ position: 'relative', flex: 'none' }}>
              <img src={thumbOf(m)} alt="" style={{ width: 72, height: 54, objectFit: 'cover', borderRadius: 4, outline: p.revision && !p.photos.includes(m) ? '2px solid #fa8c16' : undefined }} />
              {i === 0 && <Tag color="orange" style={{ position: 'absolute', top: 1, left: 1, margin: 0, fontSize: 10, lineHeight: '14px', padding: '0 3px' }}>{t('pl_cover')}</Tag>}
            </span>
          ))}
        </div>
      )}
      <Space wrap>
        <Button type="primary" onClick={approve} disabled={!p.canApprove} data-testid="pl-approve">{t('pl_approve')}</Button>
        <Button danger onClick={() => setRejecting(true)} disabled={!p.canApprove} data-testid="pl-reject">{t('pl_reject')}</Button>
        <Button onClick={() => onEdit(p)}>{t('pl_edit')}</Button>
      </Space>
      <Modal open={rejecting} title={t('pl_rejectReason')} onCancel={() => setRejecting(false)} onOk={reject} okButtonProps={{ disabled: reason.trim().length < 2, danger: true, id: 'pl-reject-ok' }} okText={t('pl_reject')}>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('pl_rejectHint')} maxLength={500} data-testid="pl-reject-reason" />
      </Modal>
    </Card>
  );
}

function AllPlaces({ region, onEdit }: { region: string; onEdit: (p: PlaceView) => void }) {
  const [kind, setKind] = useState<PlaceKind | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const s = new URLSearchParams({ region, limit: '200' });
  if (kind) s.set('kind', kind);
  if (status) s.set('status', status);
  if (q.trim()) s.set('q', q.trim());
  const page = useApi<PlacePage>(region ? `/api/places/listings?${s}` : null);
  return (
    <>
      <Space wrap style={{ marginBottom: 8 }}>
        <Select allowClear placeholder={t('pl_filterKind')} style={{ width: 130 }} value={kind} onChange={setKind} options={KINDS.map((k) => ({ value: k, label: kindWord(k) }))} />
        <Select allowClear placeholder={t('pl_filterStatus')} style={{ width: 120 }} value={status} onChange={setStatus} options={['draft', 'pending', 'published', 'rejected'].map((x) => ({ value: x, label: statusWord(x) }))} />
        <Input.Search allowClear placeholder={t('pl_search')} onSearch={setQ} style={{ width: 220 }} />
      </Space>
      <Table rowKey="id" size="small" loading={page.loading} dataSource={page.data?.items ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 760 }} data-testid="pl-table" columns={[
        { title: t('pl_name'), dataIndex: 'name', render: (n: string, p) => <Space size={4} wrap>{n}{typeof p.attrs.grade === 'string' && <Tag color={GRADE_COLOUR[p.attrs.grade as 'gold']}>{gradeWord(p.attrs.grade as 'gold')}</Tag>}</Space> },
        { title: t('pl_kind'), dataIndex: 'kind', width: 90, render: (k: PlaceKind) => kindWord(k) },
        { title: t('pl_village'), dataIndex: 'villageName', width: 90 },
        { title: t('pl_status'), width: 120, render: (_, p) => <Space size={2} wrap><Tag color={STATUS_COLOUR[p.status]}>{statusWord(p.status)}</Tag>{p.revision && <Tag color="blue">{t('pl_revision')}</Tag>}</Space> },
        { title: t('pl_owner'), width: 140, render: (_, p) => p.ownerLabel ?? t('pl_villageOwn') },
        { title: t('pl_questions'), dataIndex: 'questions', width: 60, align: 'right' },
        { title: t('pl_updated'), dataIndex: 'updatedAt', width: 130, render: chinaTime },
        { title: '', width: 70, render: (_, p) => <Button size="small" type="link" onClick={() => onEdit(p)}>{t('pl_edit')}</Button> },
      ]} />
    </>
  );
}
