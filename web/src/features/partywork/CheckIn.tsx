/**
 * 走亲打卡 at a task's door: the phone's position (with its accuracy, which the server records and flags
 * when poor) and the distance to the task's place, a line on how it went, the needs found, a photo if
 * wanted. The visit is written to the phone first with its own id and time, then sent: without a
 * connection it waits there (queue.ts) and the member is told so; a visit the server refuses (too soon
 * after the last, the task ended) is said in words and the form is kept.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Input, Space, Tag, Typography } from 'antd';
import type { Me } from '../../shared/api.ts';
import { useDraft } from '../../shared/draft.ts';
import { errorText } from '../../shared/errors.ts';
import { t, tf } from '../../shared/i18n.ts';
import { uploadPhoto, type Uploaded } from '../../shared/photos.ts';
import { uuidv7 } from '../points/uuidv7.ts';
import { discard, enqueue, isTransient, send, type QueuedVisit } from './queue.ts';
import { KIND_COLOR, kindText, metres, NEEDS, needText, type Need, type TaskView } from './plain.ts';

interface Fix { lat: number; lon: number; accuracyM: number }

export function CheckIn({ me, task, onBack, onDone }: { me: Me; task: TaskView; onBack: () => void; onDone: (queued: boolean) => void }) {
  const { message } = App.useApp();
  const key = `${me.id}.partywork.${task.id}`;
  const [note, setNote, clearNote] = useDraft(`${key}.note`, '');
  const [needs, setNeeds, clearNeeds] = useDraft<Need[]>(`${key}.needs`, []);
  const [photo, setPhoto, clearPhoto] = useDraft<Uploaded | null>(`${key}.photo`, null);
  const [fix, setFix] = useState<Fix | null>(null);
  const [locating, setLocating] = useState(false);
  const [gpsFailed, setGpsFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const locate = () => {
    if (!navigator.geolocation) return setGpsFailed(true);
    setLocating(true);
    setGpsFailed(false);
    navigator.geolocation.getCurrentPosition(
      (p) => { setFix({ lat: p.coords.latitude, lon: p.coords.longitude, accuracyM: Math.round(p.coords.accuracy * 10) / 10 }); setLocating(false); },
      () => { setGpsFailed(true); setLocating(false); },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 0 },
    );
  };
  useEffect(locate, []);

  const addPhoto = async (files: FileList | null) => {
    if (!files?.[0]) return;
    setBusy(true);
    try {
      setPhoto(await uploadPhoto(files[0]));
    } catch (e) {
      message.error(isTransient(e) ? t('pw_photoOffline') : errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    setError(null);
    if (!fix) return setError(t('pw_needGps'));
    if (!note.trim()) return setError(t('pw_needNote'));
    const visit: QueuedVisit = {
      id: uuidv7(), taskId: task.id, visitedAt: new Date().toISOString(), lat: fix.lat, lon: fix.lon, accuracyM: fix.accuracyM,
      note: note.trim(), needs, ...(photo ? { photoId: photo.id } : {}), subject: task.subject,
    };
    // on the phone first: a lost answer or a dead connection loses nothing, and the same id goes again
    enqueue(me.id, visit);
    setBusy(true);
    let queued = false;
    try {
      await send(visit);
      discard(me.id, visit.id);
      message.success(t('pw_sent'));
    } catch (e) {
      if (!isTransient(e)) {
        discard(me.id, visit.id);
        setError(errorText(e));
        return;
      }
      queued = true;
      message.warning(t('pw_queued'), 6);
    } finally {
      setBusy(false);
    }
    [clearNote, clearNeeds, clearPhoto].forEach((c) => c());
    onDone(queued);
  };

  const away = fix && task.point ? metres(fix, task.point) : null;
  return (
    <Card size="small" style={{ marginTop: 12 }} data-testid="pw-checkin-form"
      title={<Space size={4} style={{ minWidth: 0 }}><Tag color={KIND_COLOR[task.kind]} style={{ marginInlineEnd: 0 }}>{kindText(task.kind)}</Tag><span style={{ whiteSpace: 'normal' }}>{task.subject}</span></Space>}
      extra={<Button size="small" type="text" onClick={onBack}>{t('pw_back')}</Button>}>
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <div data-testid="pw-fix">
          <Typography.Text strong>{t('pw_where')}</Typography.Text>
          <div style={{ marginTop: 4 }}>
            {locating && <Typography.Text type="secondary">{t('pw_locating')}</Typography.Text>}
            {!locating && fix && (
              <Space wrap size={4}>
                <Tag color={fix.accuracyM > 150 ? 'orange' : 'green'} data-testid="pw-accuracy">{tf('pw_located', { a: Math.round(fix.accuracyM) })}</Tag>
                {away !== null && <Tag color={away > 100 ? 'orange' : 'green'} data-testid="pw-distance">{tf('pw_toPlace', { d: Math.round(away) })}</Tag>}
                <Button size="small" onClick={locate}>{t('pw_relocate')}</Button>
              </Space>
            )}
            {!locating && !fix && <Button onClick={locate} data-testid="pw-locate">{t('pw_locate')}</Button>}
          </div>
          {away !== null && away > 100 && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('pw_far')}</Typography.Text>}
          {gpsFailed && <Alert type="warning" showIcon style={{ marginTop: 6 }} title={t('pw_noGps')} />}
        </div>
        <div>
          <Typography.Text strong>{t('pw_note')}</Typography.Text>
          <Input.TextArea rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('pw_notePh')} style={{ marginTop: 4 }} data-testid="pw-note" />
        </div>
        <div>
          <Typography.Text strong>{t('pw_needs')}</Typography.Text>
          <div style={{ marginTop: 4, display: 'flex', flexWrap: 'wrap', gap: 6 }} data-testid="pw-needs">
            {NEEDS.map((n) => (
              <Tag.CheckableTag key={n} checked={needs.includes(n)} style={{ padding: '4px 10px', fontSize: 14, border: '1px solid #d9d9d9', margin: 0 }}
                onChange={(on) => setNeeds((xs) => (on ? [...xs, n] : xs.filter((x) => x !== n)))}>{needText(n)}</Tag.CheckableTag>
            ))}
          </div>
        </div>
        <div>
          <Typography.Text strong>{t('pw_photo')}</Typography.Text>
          <div style={{ marginTop: 4 }}>
            {photo
              ? <Space><img src={photo.thumbUrl} alt="" style={{ width: 72, height: 72, objectFit: 'cover', borderRadius: 6 }} /><Button size="small" onClick={() => setPhoto(null)}>{t('pw_removePhoto')}</Button></Space>
              : (
                <label style={{ width: 72, height: 72, border: '1px dashed #aaa', borderRadius: 6, display: 'inline-flex', alignItems: 'center', justifyContent: 'center', cursor: 'pointer', color: '#555', fontSize: 13 }}>
                  {t('pw_addPhoto')}
                  <input type="file" accept="image/*" capture="environment" hidden data-testid="pw-photo-input" onChange={(e) => void addPhoto(e.target.files)} />
                </label>
              )}
          </div>
        </div>
        {error && <Alert type="error" showIcon title={error} data-testid="pw-checkin-error" />}
        <Button type="primary" block size="large" loading={busy} onClick={() => void submit()} data-testid="pw-submit">{t('pw_submit')}</Button>
      </Space>
    </Card>
  );
}
