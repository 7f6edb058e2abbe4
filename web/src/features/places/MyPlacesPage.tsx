/**
 * 我的店铺 on the phone: the listings of the person's household and organisations (a homestay, a
 * restaurant, products) with their status in plain words — 草稿, 待村里审核, 已发布, 已退回 and why — the
 * edit form (an edit of a published listing waits for the village while tourists keep seeing the old one)
 * and 提交审核 for a draft or a returned listing; 新建 starts a listing of the household (what it is, its
 * name, then the form), kept as a draft until the owner sends it to the village.
 */
import { App, Button, Card, Empty, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { OwnerStart, PlacePage, PlaceView } from '../../../../src/places/places.contract.ts';
import type { PlaceKind } from '../../../../src/places/places.schema.ts';
import { api } from '../../shared/api.ts';
import { Loaded } from '../../shared/Loading.tsx';
import { getLang, t } from '../../shared/i18n.ts';
import { useApi } from '../../shared/useApi.ts';
import { useFail } from '../../shared/useFail.ts';
import { EditPlace, type FreshPlace } from './EditPlace.tsx';
import { thumbOf } from './PlacePhotos.tsx';
import { KIND_MARK, kindWord } from './words.ts';

const COLOUR: Record<string, string> = { draft: 'default', pending: 'blue', published: 'green', rejected: 'red' };

export function MyPlacesPage() {
  const mine = useApi<PlacePage>('/api/places/mine');
  const start = useApi<OwnerStart>('/api/places/mine/start');
  const [edit, setEdit] = useState<PlaceView | null>(null);
  const [choosing, setChoosing] = useState(false);
  const [fresh, setFresh] = useState<FreshPlace | null>(null);
  const owner = start.data?.owner;
  const canStart = !!owner && owner.lon !== null && owner.lat !== null;
  return (
    <Card title={t('pl_mineNav')} size="small" data-testid="my-places"
      extra={canStart ? <Button type="primary" size="small" onClick={() => setChoosing(true)} data-testid="my-place-new">＋ {t('pl_new')}</Button> : null}>
      <Loaded state={mine} empty={<Empty description={t(canStart ? 'pl_mineEmptyStart' : 'pl_mineEmpty')} />} isEmpty={(d) => d.items.length === 0}>
        {(d) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            {d.items.map((p) => <Mine key={p.id} p={p} onEdit={() => setEdit(p)} reload={mine.reload} />)}
          </Space>
        )}
      </Loaded>
      <EditPlace place={edit} fresh={fresh} onClose={(saved) => { setEdit(null); setFresh(null); if (saved) mine.reload(); }} />
      {owner && canStart && (
        <StartListing open={choosing} kinds={start.data!.kinds} villageName={owner.villageName} onCancel={() => setChoosing(false)}
          onNext={(kind, name) => { setChoosing(false); setFresh({ kind, name, regionCode: owner.regionCode, ownerHouseholdId: owner.householdId, lon: owner.lon!, lat: owner.lat! }); }} />
      )}
    </Card>
  );
}

/** 新建, the first step: what it is (the kinds a household lists, as big buttons for a thumb) and its name. */
function StartListing({ open, kinds, villageName, onCancel, onNext }: { open: boolean; kinds: PlaceKind[]; villageName: string; onCancel: () => void; onNext: (kind: PlaceKind, name: string) => void }) {
  const [kind, setKind] = useState<PlaceKind | null>(null);
  const [name, setName] = useState('');
  return (
    <Modal open={open} title={t('pl_newTitle')} onCancel={onCancel} destroyOnHidden okText={t('pl_next')} onOk={() => onNext(kind!, name.trim())}
      okButtonProps={{ disabled: !kind || !name.trim(), id: 'my-place-next' }} afterClose={() => { setKind(null); setName(''); }}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{t('pl_newWhat').replace('{village}', villageName)}</Typography.Paragraph>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, 1fr)', gap: 8, marginBottom: 12 }} role="radiogroup" data-testid="my-place-kinds">
        {kinds.map((k) => (
          <Button key={k} role="radio" aria-checked={kind === k} type={kind === k ? 'primary' : 'default'} style={{ height: 48 }} onClick={() => setKind(k)} data-testid={`my-place-kind-${k}`}>
            <span style={{ color: kind === k ? '#fff' : KIND_MARK[k].colour, fontWeight: 600 }}>{getLang() === 'en' ? KIND_MARK[k].en : KIND_MARK[k].zh}</span> {kindWord(k)}
          </Button>
        ))}
      </div>
      <Input placeholder={t('pl_newName')} value={name} maxLength={60} onChange={(e) => setName(e.target.value)} data-testid="my-place-name" />
    </Modal>
  );
}

function Mine({ p, onEdit, reload }: { p: PlaceView; onEdit: () => void; reload: () => void }) {
  const fail = useFail();
  const { message } = App.useApp();
  const submit = async () => {
    try {
      await api(`/api/places/${p.id}/submit`, { method: 'POST' });
      void message.success(t('pl_mineSent'));
      reload();
    } catch (e) { fail(e); }
  };
  // the words a resident reads: where the listing stands and what to do next
  const state = p.revision ? t('pl_mineRevision') : t(`pl_mineState_${p.status}`);
  // a returned listing says why; so does a returned change of a listing that stays published
  const reason = p.revision ? null : p.status === 'rejected' ? p.rejectReason : p.revisionRejectReason;
  return (
    <Card size="small" data-testid="my-place" type="inner" title={<Space size={4} wrap><span>{p.revision?.name ?? p.name}</span><Tag>{kindWord(p.kind)}</Tag></Space>}
      extra={<Tag color={p.revision ? 'blue' : COLOUR[p.status]} data-testid="my-place-state">{state}</Tag>}>
      {(p.revision?.photos ?? p.photos).length > 0 && (
        <div style={{ display: 'flex', gap: 4, marginBottom: 6, overflowX: 'auto' }} data-testid="my-place-photos">
          {(p.revision?.photos ?? p.photos).slice(0, 5).map((m) => <img key={m} src={thumbOf(m)} alt="" style={{ width: 64, height: 48, objectFit: 'cover', borderRadius: 4, flex: 'none' }} />)}
        </div>
      )}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} ellipsis={{ rows: 2 }}>{p.revision?.description ?? p.description}</Typography.Paragraph>
      {reason && <Typography.Paragraph type="danger" data-testid="my-place-reason">{t(p.status === 'rejected' ? 'pl_mineReason' : 'pl_mineChangeReturned')}{reason}</Typography.Paragraph>}
      <Space wrap>
        <Button size="small" onClick={onEdit} data-testid="my-place-edit">{t('pl_edit')}</Button>
        {(p.status === 'draft' || p.status === 'rejected') && <Button size="small" type="primary" onClick={() => void submit()} data-testid="my-place-submit">{t('pl_mineSubmit')}</Button>}
      </Space>
    </Card>
  );
}
