/**
 * 我的店铺 on the phone: the listings of the person's household and organisations (a homestay, a
 * restaurant, products) with their status in plain words — 草稿, 待村里审核, 已发布, 已退回 and why — the
 * edit form (an edit of a published listing waits for the village while tourists keep seeing the old one)
 * and 提交审核 for a draft or a returned listing.
 */
import { App, Button, Card, Empty, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { PlacePage, PlaceView } from '../../../../src/places/places.contract.ts';
import { api } from '../../shared/api.ts';
import { Loaded } from '../../shared/Loading.tsx';
import { t } from '../../shared/i18n.ts';
import { useApi } from '../../shared/useApi.ts';
import { useFail } from '../../shared/useFail.ts';
import { EditPlace } from './EditPlace.tsx';
import { kindWord } from './words.ts';

const COLOUR: Record<string, string> = { draft: 'default', pending: 'blue', published: 'green', rejected: 'red' };

export function MyPlacesPage() {
  const mine = useApi<PlacePage>('/api/places/mine');
  const [edit, setEdit] = useState<PlaceView | null>(null);
  return (
    <Card title={t('pl_mineNav')} size="small" data-testid="my-places">
      <Loaded state={mine} empty={<Empty description={t('pl_mineEmpty')} />} isEmpty={(d) => d.items.length === 0}>
        {(d) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            {d.items.map((p) => <Mine key={p.id} p={p} onEdit={() => setEdit(p)} reload={mine.reload} />)}
          </Space>
        )}
      </Loaded>
      <EditPlace place={edit} onClose={(saved) => { setEdit(null); if (saved) mine.reload(); }} />
    </Card>
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
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} ellipsis={{ rows: 2 }}>{p.revision?.description ?? p.description}</Typography.Paragraph>
      {reason && <Typography.Paragraph type="danger" data-testid="my-place-reason">{t(p.status === 'rejected' ? 'pl_mineReason' : 'pl_mineChangeReturned')}{reason}</Typography.Paragraph>}
      <Space wrap>
        <Button size="small" onClick={onEdit} data-testid="my-place-edit">{t('pl_edit')}</Button>
        {(p.status === 'draft' || p.status === 'rejected') && <Button size="small" type="primary" onClick={() => void submit()} data-testid="my-place-submit">{t('pl_mineSubmit')}</Button>}
      </Space>
    </Card>
  );
}
