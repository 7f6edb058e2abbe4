/**
 * A listing's photos in its edit form (and the village guide's cover): add from the phone's camera or
 * album (shrunk and uploaded by the shared helper), see them as thumbnails, remove one, make one the
 * cover (the first, which tourists see on the map's list) or move it a place left. At most `max`.
 */
import { Button, Space, Spin, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { t } from '../../shared/i18n.ts';
import { uploadPhoto } from '../../shared/photos.ts';
import { useFail } from '../../shared/useFail.ts';

/** The thumbnail of an uploaded photo: the uploader, the listing's owner and the village's staff may read it. */
export const thumbOf = (id: string) => `/api/media/${id}/thumb`;

export function PlacePhotos({ value, onChange, max = 9, testId = 'pl-photos-edit' }: { value: string[]; onChange: (ids: string[]) => void; max?: number; testId?: string }) {
  const fail = useFail();
  const [busy, setBusy] = useState(false);
  const add = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    let next = value;
    try {
      for (const f of [...files].slice(0, max - value.length)) {
        const up = await uploadPhoto(f);
        if (!next.includes(up.id)) next = [...next, up.id];
        onChange(next);
      }
    } catch (e) { fail(e); } finally { setBusy(false); }
  };
  const move = (i: number, to: number) => { const next = [...value]; const [x] = next.splice(i, 1); next.splice(to, 0, x); onChange(next); };
  return (
    <div data-testid={testId}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
        {value.map((id, i) => (
          <div key={id} data-testid="pl-photo" style={{ width: 96, border: '1px solid #f0f0f0', borderRadius: 6, overflow: 'hidden', background: '#fafafa' }}>
            <div style={{ position: 'relative' }}>
              <img src={thumbOf(id)} alt="" style={{ width: 96, height: 72, objectFit: 'cover', display: 'block' }} />
              {i === 0 && max > 1 && <Tag color="orange" style={{ position: 'absolute', top: 2, left: 2, margin: 0, fontSize: 11, lineHeight: '16px', padding: '0 4px' }}>{t('pl_cover')}</Tag>}
            </div>
            <Space size={0} style={{ width: '100%', justifyContent: 'space-between' }}>
              {max > 1 && i > 0 ? (
                <Tooltip title={t('pl_makeCover')}><Button type="link" size="small" style={{ padding: '0 4px', fontSize: 12 }} onClick={() => move(i, 0)} data-testid="pl-photo-cover">{t('pl_makeCoverShort')}</Button></Tooltip>
              ) : <span />}
              {max > 1 && i > 1 && <Button type="text" size="small" aria-label={t('pl_moveLeft')} onClick={() => move(i, i - 1)}>←</Button>}
              <Button type="text" danger size="small" aria-label={t('pl_removePhoto')} onClick={() => onChange(value.filter((x) => x !== id))} data-testid="pl-photo-remove">✕</Button>
            </Space>
          </div>
        ))}
        {value.length < max && (
          <label style={{ width: 96, height: 96, border: '1px dashed #d9d9d9', borderRadius: 6, display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', cursor: 'pointer', color: '#595959', fontSize: 13 }}>
            {busy ? <Spin size="small" /> : <><span style={{ fontSize: 24, lineHeight: 1 }}>＋</span>{t('pl_addPhoto')}</>}
            <input type="file" accept="image/*" multiple={max > 1} style={{ display: 'none' }} disabled={busy} data-testid="pl-photo-input" onChange={(e) => { void add(e.target.files); e.target.value = ''; }} />
          </label>
        )}
      </div>
      {max > 1 && <div style={{ color: '#8c8c8c', fontSize: 12, marginTop: 4 }}>{t('pl_photosHint').replace('{n}', String(max))}</div>}
    </div>
  );
}
