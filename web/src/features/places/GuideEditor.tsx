/**
 * 村庄介绍 (a tab of the console's 民宿商户): the village's staff with `places.manage` write what tourists
 * read first on 逛村子 — the introduction, a cover picture (uploaded like any photo) and how to reach the
 * visitor desk — saved through PUT /api/places/guides/:code; the preview is the tourist's own page.
 */
import { App, Button, Form, Input, Select, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { VillageGuide } from '../../../../src/places/places.contract.ts';
import { api } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { uploadPhoto } from '../../shared/photos.ts';
import { useApi } from '../../shared/useApi.ts';
import { useFail } from '../../shared/useFail.ts';
import type { Village } from '../../shared/useMyVillages.ts';
import { thumbOf } from './PlacePhotos.tsx';

export function GuideEditor({ villages }: { villages: Village[] }) {
  const [code, setCode] = useState<string | undefined>(villages[0]?.code);
  useEffect(() => { if (!code && villages.length) setCode(villages[0].code); }, [villages, code]);
  const guide = useApi<VillageGuide>(code ? `/api/places/public/villages/${code}` : null);
  return (
    <div data-testid="pl-guide-editor" style={{ maxWidth: 640 }}>
      {villages.length > 1 && <Select style={{ width: 180, marginBottom: 8 }} value={code} onChange={setCode} options={villages.map((v) => ({ value: v.code, label: v.name }))} data-testid="pl-guide-village" />}
      {guide.data && code && <GuideForm key={`${code}-${guide.data.intro.length}-${guide.data.coverUrl}`} code={code} guide={guide.data} reload={guide.reload} />}
    </div>
  );
}

function GuideForm({ code, guide, reload }: { code: string; guide: VillageGuide; reload: () => void }) {
  const fail = useFail();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  // undefined: the cover stays; null: removed; an id: a new picture uploaded
  const [cover, setCover] = useState<string | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  const preview = cover ? thumbOf(cover) : cover === null ? null : guide.coverUrl;
  const pick = async (files: FileList | null) => {
    if (!files?.[0]) return;
    setBusy(true);
    try { setCover((await uploadPhoto(files[0])).id); } catch (e) { fail(e); } finally { setBusy(false); }
  };
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api(`/api/places/guides/${code}`, { method: 'PUT', body: { intro: v.intro, contact: v.contact?.trim() || null, ...(cover !== undefined ? { coverMediaId: cover } : {}) } });
      void message.success(t('pl_guideSaved'));
      reload();
    } catch (e) { fail(e); } finally { setBusy(false); }
  };
  return (
    <Form form={form} layout="vertical" initialValues={{ intro: guide.intro, contact: guide.contact ?? '' }}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{t('pl_guideHint').replace('{village}', guide.name)}</Typography.Paragraph>
      <Form.Item label={t('pl_guideCover')}>
        <Space align="end" wrap>
          {preview ? <img src={preview} alt="" data-testid="pl-guide-cover" style={{ width: 240, maxWidth: '100%', aspectRatio: '4 / 3', objectFit: 'cover', borderRadius: 6 }} />
            : <div style={{ width: 240, maxWidth: '100%', aspectRatio: '4 / 3', background: '#f5f5f5', borderRadius: 6, display: 'flex', alignItems: 'center', justifyContent: 'center', color: '#8c8c8c' }}>{t('pl_guideNoCover')}</div>}
          <Space direction="vertical">
            <Button loading={busy} onClick={() => file.current?.click()}>{preview ? t('pl_guideChangeCover') : t('pl_addPhoto')}</Button>
            <input ref={file} type="file" accept="image/*" style={{ display: 'none' }} disabled={busy} data-testid="pl-guide-cover-input" onChange={(e) => { void pick(e.target.files); e.target.value = ''; }} />
            {preview && <Button danger onClick={() => setCover(null)}>{t('pl_removePhoto')}</Button>}
          </Space>
        </Space>
      </Form.Item>
      <Form.Item name="intro" label={t('pl_intro')} rules={[{ required: true, message: t('pl_needed') }, { max: 4000 }]}>
        <Input.TextArea rows={6} maxLength={4000} showCount data-testid="pl-guide-intro" />
      </Form.Item>
      <Form.Item name="contact" label={t('pl_guideContact')} extra={t('pl_guideContactHint')} rules={[{ max: 200 }]}>
        <Input maxLength={200} data-testid="pl-guide-contact" />
      </Form.Item>
      <Space wrap>
        <Button type="primary" loading={busy} onClick={() => void save()} data-testid="pl-guide-save">{t('pl_guideSave')}</Button>
        <a href={`/app/places?village=${code}`} target="_blank" rel="noreferrer">{t('pl_guidePreview')}</a>
      </Space>
    </Form>
  );
}
