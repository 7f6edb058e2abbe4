/**
 * 一键巡库 on the phone: the reservoirs of the user's area, one tap to start walking one; the checklist
 * with the latest readings beside it; the GPS track recorded while the page is open (sent every few
 * points); each item 正常 or 异常 with a note and photos from the camera; a failed item becomes a case in
 * one tap; 完成巡查 when every item is checked.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Input, List, Space, Tag, Typography } from 'antd';
import { api, type Me } from '../../shared/api.ts';
import { readDraft, writeDraft, clearDraft } from '../../shared/draft.ts';
import { errorText } from '../../shared/errors.ts';
import { getLang, t } from '../../shared/i18n.ts';
import { EmptyHint, ListSkeleton, LoadFailed, useLoadState } from '../../shared/Loading.tsx';
import { href, navigate, useSegments } from '../../shared/router.ts';
import { formatTime } from '../cases/caseUtil.ts';
import { uploadPhoto } from '../../shared/photos.ts';
import type { Inspection, InspectionItem, InspectionSummary, ItemCase, TrackAnswer } from '../../../../src/inspections/inspections.contract.ts';
import type { AssetView as Asset } from '../../../../src/sensors/sensors.contract.ts';
import type { AssetState, DeviceKind } from './kinds.ts';

type Item = InspectionItem;
type InspectionRow = InspectionSummary;

const STATE_COLOR: Record<string, string> = { normal: 'green', warning: 'gold', major: 'orange', critical: 'red' };

/** Records the walk: positions from the phone, sent in small batches. */
function useTrack(inspectionId: string | null, onCount: (n: number) => void) {
  const buf = useRef<{ lon: number; lat: number; ts: number }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const flush = useCallback(async () => {
    if (!inspectionId || buf.current.length === 0) return;
    const points = buf.current.splice(0, 500);
    const r = await api<TrackAnswer>(`/api/inspections/${inspectionId}/track`, { body: { points } }).catch(() => null);
    if (r) onCount(r.points);
  }, [inspectionId, onCount]);
  useEffect(() => {
    if (!inspectionId || !('geolocation' in navigator)) return;
    const watch = navigator.geolocation.watchPosition(
      (p) => {
        setError(null);
        buf.current.push({ lon: p.coords.longitude, lat: p.coords.latitude, ts: Math.round(p.timestamp) });
        if (buf.current.length >= 3) void flush();
      },
      (e) => setError(e.message || t('noGps')),
      { enableHighAccuracy: true, maximumAge: 5000 },
    );
    const timer = setInterval(() => void flush(), 10_000);
    return () => {
      navigator.geolocation.clearWatch(watch);
      clearInterval(timer);
      void flush();
    };
  }, [inspectionId, flush]);
  return { flush, error };
}

function ItemRow({ insp, item, onChange }: { insp: Inspection; item: Item; onChange: () => Promise<void> }) {
  const { message } = App.useApp();
  const [failing, setFailing] = useState(false);
  // the note of a failed item is a draft until saved (a reload on the dam keeps it)
  const draftKey = `inspect.${insp.id}.${item.item}`;
  const [note, setNoteState] = useState(item.note ?? readDraft<string>(draftKey) ?? '');
  const setNote = (v: string) => { setNoteState(v); writeDraft(draftKey, v); };
  const [media, setMedia] = useState<string[]>(item.media);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const finished = insp.state !== 'open';
  const save = async (result: 'ok' | 'failed') => {
    setBusy(true);
    try {
      await api(`/api/inspections/${insp.id}/items/${item.item}`, { method: 'PUT', body: { result, note: result === 'failed' ? note : null, media: result === 'failed' ? media : [] } });
      clearDraft(draftKey);
      setFailing(false);
      await onChange();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const toCase = async () => {
    setBusy(true);
    try {
      const r = await api<ItemCase>(`/api/inspections/${insp.id}/items/${item.item}/case`, { method: 'POST' });
      message.success(`${t('caseOpened')}${r.no ? ` ${r.no}` : ''}`);
      await onChange();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const addPhotos = async (files: FileList | null) => {
    for (const f of Array.from(files ?? [])) {
      try {
        const up = await uploadPhoto(f);
        setMedia((m) => [...m, up.id]);
      } catch (e) {
        message.error(errorText(e));
      }
    }
  };
  return (
    <List.Item data-testid={`item-${item.item}`} style={{ display: 'block' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
        <Typography.Text strong>{getLang() === 'en' ? item.nameEn : item.name}</Typography.Text>
        <Space size={4}>
          {(finished || item.caseId) && item.result === 'ok' && <Tag color="green">{t('itemOk')}</Tag>}
          {(finished || item.caseId) && item.result === 'failed' && <Tag color="red">{t('itemFailed')}</Tag>}
          {item.caseId && <Tag color="blue">{t('caseOpened')}</Tag>}
          {!finished && !item.caseId && <>
            {/* the chosen answer is filled in; either can still be changed */}
            <Button size="small" type={item.result === 'ok' ? 'primary' : 'default'} disabled={busy} onClick={() => void save('ok')} data-testid="item-ok" aria-pressed={item.result === 'ok'}>{t('itemOk')}</Button>
            <Button size="small" danger type={item.result === 'failed' || failing ? 'primary' : 'default'} disabled={busy} onClick={() => setFailing(true)} data-testid="item-failed" aria-pressed={item.result === 'failed'}>{t('itemFailed')}</Button>
          </>}
        </Space>
      </div>
      {item.result === 'failed' && item.note && !failing && <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>{item.note}</Typography.Paragraph>}
      {media.length > 0 && <div style={{ marginTop: 6 }}>{media.map((m) => <img key={m} src={`/api/media/${m}/thumb`} alt="" style={{ width: 56, height: 56, objectFit: 'cover', marginRight: 4, borderRadius: 4 }} />)}</div>}
      {failing && !finished && (
        <div style={{ marginTop: 8 }}>
          <Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('whatsWrong')} data-testid="item-note" />
          <input ref={fileRef} type="file" accept="image/*" capture="environment" multiple hidden onChange={(e) => void addPhotos(e.target.files)} data-testid="item-photo" />
          <Space style={{ marginTop: 6 }}>
            <Button size="small" onClick={() => fileRef.current?.click()}>{t('upload')}</Button>
            <Button size="small" type="primary" danger disabled={busy || !note.trim()} onClick={() => void save('failed')} data-testid="item-save">{t('save')}</Button>
          </Space>
        </div>
      )}
      {item.result === 'failed' && !item.caseId && !failing && (
        <Button type="primary" block style={{ marginTop: 8 }} disabled={busy} onClick={() => void toCase()} data-testid="item-case">{t('toCase')}</Button>
      )}
    </List.Item>
  );
}

function Walk({ id, onClose }: { id: string; onClose: () => void }) {
  const { message } = App.useApp();
  const [insp, setInsp] = useState<Inspection | null>(null);
  const [points, setPoints] = useState(0);
  const load = useCallback(async () => {
    const r = await api<Inspection>(`/api/inspections/${id}`);
    setInsp(r);
    setPoints(r.track.length);
  }, [id]);
  useEffect(() => void load(), [load]);
  const { flush, error } = useTrack(insp?.state === 'open' ? id : null, setPoints);
  if (!insp) return <Card size="small"><ListSkeleton rows={6} /></Card>;
  const finish = async () => {
    await flush();
    try {
      await api(`/api/inspections/${id}/finish`, { body: {} });
      message.success(t('inspectDone'));
      await load();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const a = insp.asset;
  return (
    <Card size="small" title={<span>{a?.name} · {insp.state === 'open' ? t('inspecting') : t('inspectDone')}</span>} data-testid="inspection"
      extra={<Button size="small" onClick={onClose} data-testid="inspect-back">←</Button>}>
      <Typography.Text type="secondary">{formatTime(insp.startedAt)} · {t('gpsPoints')} <span data-testid="gps-points">{points}</span></Typography.Text>
      {error && insp.state === 'open' && <Alert type="warning" showIcon message={getLang() === 'en' ? `${t('noGps')}: ${error}` : t('noGps')} style={{ marginTop: 6 }} />}
      <Card type="inner" size="small" title={t('latestReadings')} style={{ marginTop: 8 }} data-testid="latest-readings">
        {a?.devices.length ? a.devices.map((d) => (
          <div key={d.id} style={{ display: 'flex', justifyContent: 'space-between' }}>
            <span>{t(`dev_${d.kind as DeviceKind}`)}</span>
            <span>{d.value ?? '—'} {d.unit}{d.kind === 'water_level' && a.floodLimit !== null && <Typography.Text type="secondary"> （{t('floodLimit')} {a.floodLimit}）</Typography.Text>}</span>
          </div>
        )) : <Typography.Text type="secondary">—</Typography.Text>}
        {a && <Tag color={STATE_COLOR[a.state] ?? 'default'} style={{ marginTop: 6 }}>{t(`alarm_${a.state as AssetState}`)}</Tag>}
      </Card>
      <List header={<b>{t('checklist')}</b>} dataSource={insp.items} renderItem={(it) => <ItemRow key={`${it.item}-${it.result}-${it.caseId}`} insp={insp} item={it} onChange={load} />} />
      {insp.state === 'open' && <Button type="primary" block size="large" onClick={() => void finish()} disabled={insp.items.some((i) => !i.result)} data-testid="inspect-finish">{t('finishInspect')}</Button>}
    </Card>
  );
}

export function InspectPage({ me }: { me: Me }) {
  const { message } = App.useApp();
  const [assets, setAssets] = useState<Asset[]>([]);
  const [mine, setMine] = useState<InspectionRow[]>([]);
  // the walk under way is in the address (/app/inspect/<id>): a reload on the dam goes on with it
  const seg = useSegments();
  const active = seg[0] === 'inspect' && seg[1] ? seg[1] : null;
  const setActive = (id: string | null) => navigate(id ? href('inspect', id) : href('inspect'));
  const load = useCallback(async () => {
    const [a, i] = await Promise.all([api<{ items: Asset[] }>('/api/sensors/assets'), api<{ items: InspectionRow[] }>('/api/inspections')]);
    setAssets(a.items);
    setMine(i.items.filter((x) => x.inspectorId === me.id));
  }, [me.id]);
  const [status, track] = useLoadState();
  useEffect(() => track(load()), [load, track]);
  const start = async (assetId: string) => {
    try {
      setActive((await api<Inspection>('/api/inspections', { body: { assetId } })).id);
    } catch (e) {
      message.error(errorText(e));
    }
  };
  if (active) return <Walk id={active} onClose={() => { setActive(null); void load(); }} />;
  return (
    <Card size="small" title={t('inspect')}>
      {assets.length === 0 ? (status.loading ? <ListSkeleton /> : status.error ? <LoadFailed error={status.error} retry={() => track(load())} /> : <EmptyHint text={t('noInspectAssets')} />) : (
        <List data-testid="inspect-assets" dataSource={assets} renderItem={(a) => {
          const open = mine.find((x) => x.assetId === a.id && x.state === 'open');
          const last = mine.find((x) => x.assetId === a.id && x.state !== 'open');
          return (
            <List.Item data-testid="inspect-asset" actions={[open
              ? <Button key="go" onClick={() => setActive(open.id)} data-testid="inspect-resume">{t('resumeInspect')}</Button>
              : <Button key="go" type="primary" onClick={() => void start(a.id)} data-testid="inspect-start">{t('inspect')}</Button>]}>
              <List.Item.Meta title={<span>{a.name} <Tag color={STATE_COLOR[a.state] ?? 'default'}>{t(`alarm_${a.state as AssetState}`)}</Tag></span>}
                description={last ? `${t('lastInspected')} ${formatTime(last.startedAt)}${last.failed ? ` · ${t('itemFailed')} ${last.failed}` : ''}` : t('neverInspected')} />
            </List.Item>
          );
        }} />
      )}
    </Card>
  );
}
