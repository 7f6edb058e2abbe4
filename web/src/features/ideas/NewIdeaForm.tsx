/**
 * 我有金点子 on the phone: title and body (ideas of the village that read alike are shown while the
 * villager types), photos (shrunk in the browser, the shared helper), and where the idea is about: the
 * shared pin map, placed by the first photo's GPS, the phone's position or a tap — optional, many ideas
 * are about the whole village.
 */
import { Alert, App, Button, Card, Checkbox, Form, Input, List, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { IdeaDetail, SimilarIdeas } from '../../../../src/ideas/ideas.contract.ts';
import { api } from '../../shared/api.ts';
import { t, type Key } from '../../shared/i18n.ts';
import { PinMap } from '../../shared/map/PinMap.tsx';
import { uploadPhoto, type Uploaded } from '../../shared/photos.ts';
import { href, navigate } from '../../shared/router.ts';
import { useFail } from '../../shared/useFail.ts';
import { fill, STATE_COLOR, stateWord } from './words.ts';

type Where = { lon: number; lat: number; how: 'gps' | 'photo' | 'map' };
const MAX_PHOTOS = 6;

export function NewIdeaForm() {
  const [form] = Form.useForm();
  const fail = useFail();
  const { message } = App.useApp();
  const [similar, setSimilar] = useState<SimilarIdeas['items']>([]);
  const [photos, setPhotos] = useState<Uploaded[]>([]);
  const [where, setWhere] = useState<Where | null>(null);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const title = Form.useWatch('title', form) as string | undefined;
  const body = Form.useWatch('body', form) as string | undefined;
  useEffect(() => {
    const text = `${title ?? ''} ${body ?? ''}`.trim().slice(0, 200);
    if (text.length < 2) { setSimilar([]); return; }
    const timer = setTimeout(() => void api<SimilarIdeas>(`/api/ideas/similar?text=${encodeURIComponent(text)}`).then((r) => setSimilar(r.items), () => undefined), 400);
    return () => clearTimeout(timer);
  }, [title, body]);

  const addPhotos = async (files: FileList | null) => {
    if (!files) return;
    setUploading(true);
    try {
      for (const f of [...files].slice(0, MAX_PHOTOS - photos.length)) {
        const up = await uploadPhoto(f);
        setPhotos((ps) => [...ps, up]);
        // a photo taken at the spot is the best guess of where; a place already chosen stays
        if (up.gps) setWhere((w) => w ?? { lon: up.gps!.lon, lat: up.gps!.lat, how: 'photo' });
      }
    } catch (e) { fail(e); } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = ''; // the same photo again is a new choice
    }
  };
  const locate = () => {
    if (!navigator.geolocation) return void message.warning(t('ideas_noGeolocation'));
    navigator.geolocation.getCurrentPosition(
      (p) => setWhere({ lon: p.coords.longitude, lat: p.coords.latitude, how: 'gps' }), // WGS-84, as the API takes it
      () => void message.warning(t('ideas_noGeolocation')),
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };
  const submit = async (v: { title: string; body: string; township?: boolean }) => {
    setBusy(true);
    try {
      const made = await api<IdeaDetail>('/api/ideas', { method: 'POST', body: {
        title: v.title, body: v.body, township: !!v.township, photoMediaIds: photos.map((p) => p.id), ...(where ? { lon: where.lon, lat: where.lat } : {}),
      } });
      void message.success(fill('ideas_submitted', { threshold: made.threshold }));
      navigate(href('ideas', made.id));
    } catch (e) { fail(e); } finally { setBusy(false); }
  };
  return (
    <Card size="small" title={t('ideas_new')} extra={<Button size="small" type="link" onClick={() => navigate(href('ideas'))}>{t('ideas_back')}</Button>} data-testid="idea-form">
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="title" label={t('ideas_title')} rules={[{ required: true, min: 2, max: 60 }]}><Input placeholder={t('ideas_titleHint')} maxLength={60} data-testid="idea-title" /></Form.Item>
        {similar.length > 0 && (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="idea-similar" message={t('ideas_similar')} description={
            <List size="small" dataSource={similar} renderItem={(s) => (
              <List.Item style={{ padding: '4px 0' }} actions={[<Button key="o" size="small" type="link" onClick={() => navigate(href('ideas', s.id))}>{t('ideas_similarOpen')}</Button>]}>
                <Space size={4}><Tag color={STATE_COLOR[s.state]}>{stateWord(s.state)}</Tag>{s.title}</Space>
              </List.Item>
            )} />
          } />
        )}
        <Form.Item name="body" label={t('ideas_body')} rules={[{ required: true, min: 5, max: 2000 }]}><Input.TextArea rows={4} placeholder={t('ideas_bodyHint')} maxLength={2000} data-testid="idea-body" /></Form.Item>
        <Form.Item label={t('ideas_photos')}>
          <Space wrap>
            {photos.map((p) => <img key={p.id} src={p.thumbUrl} alt="" style={{ width: 72, height: 54, objectFit: 'cover', borderRadius: 4 }} data-testid="idea-photo-thumb" />)}
            {photos.length < MAX_PHOTOS && (
              <Button loading={uploading} onClick={() => fileInput.current?.click()} data-testid="idea-photo">{t('ideas_upload')}</Button>
            )}
          </Space>
          <input ref={fileInput} type="file" accept="image/*" multiple style={{ display: 'none' }} onChange={(e) => void addPhotos(e.target.files)} data-testid="idea-photo-input" />
        </Form.Item>
        <Form.Item label={t('ideas_place')} extra={where ? undefined : t('ideas_placeHint')}>
          <Space wrap style={{ marginBottom: 6 }}>
            <Button onClick={locate} data-testid="idea-locate">{t('ideas_useMyLocation')}</Button>
            {where && <Button type="link" onClick={() => setWhere(null)} data-testid="idea-place-clear">{t('ideas_placeClear')}</Button>}
          </Space>
          <Typography.Text type={where ? undefined : 'secondary'} style={{ display: 'block', marginBottom: 6, fontSize: 13 }} data-testid="idea-where">
            {where ? `${t(`ideas_where_${where.how}` as Key)} · ${where.lat.toFixed(5)}, ${where.lon.toFixed(5)}` : t('ideas_placeNone')}
          </Typography.Text>
          {/* its own stacking context: Leaflet's panes and controls (z-index 400–1000) stay under the phone's bottom bar */}
          <div style={{ isolation: 'isolate' }}><PinMap where={where} onPick={(lon, lat) => setWhere({ lon, lat, how: 'map' })} height={200} /></div>
        </Form.Item>
        <Form.Item name="township" valuePropName="checked"><Checkbox>{t('ideas_township')}</Checkbox></Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy} disabled={uploading} data-testid="idea-submit">{t('ideas_submit')}</Button>
      </Form>
    </Card>
  );
}
