/**
 * A listing's edit form, for the village's staff (民宿商户) and for its owner (我的店铺): the common fields,
 * the photos, the kind's own facts (from the kind's schema, so a new listing asks for what it needs). A
 * published listing's edit waits for approval; a new listing (`fresh`) is saved as a draft.
 */
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Switch } from 'antd';
import { useState } from 'react';
import type { TSchema } from 'typebox';
import type { PlaceView } from '../../../../src/places/places.contract.ts';
import { KIND_ATTRS } from '../../../../src/places/places-kinds.ts';
import type { PlaceKind } from '../../../../src/places/places.schema.ts';
import { api } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { useFail } from '../../shared/useFail.ts';
import { PlacePhotos } from './PlacePhotos.tsx';
import { attrWord, gradeWord, kindWord } from './words.ts';

/** A listing not saved yet: its owner, kind, name and a point to begin from. */
export interface FreshPlace { regionCode: string; kind: PlaceKind; name: string; ownerHouseholdId: string; lon: number; lat: number }

// a grade has its own picker; what a place is part of or sold at is the village's to link
const NOT_TYPED = new Set(['grade', 'partOf', 'soldAt']);
/** The kind's own facts as form fields: name, number / yes-no / words, and whether the kind needs it. */
function attrFields(kind: PlaceKind): { key: string; type: string; required: boolean }[] {
  const schema = KIND_ATTRS[kind] as TSchema & { properties: Record<string, TSchema & { type?: string }>; required?: string[] };
  return Object.entries(schema.properties).filter(([k]) => !NOT_TYPED.has(k)).map(([k, s]) => ({ key: k, type: s.type ?? 'string', required: !!schema.required?.includes(k) }));
}

export function EditPlace({ place, fresh, onClose }: { place: PlaceView | null; fresh?: FreshPlace | null; onClose: (saved: boolean) => void }) {
  const open = !!place || !!fresh;
  return (
    <Modal open={open} title={place ? `${t('pl_edit')} · ${kindWord(place.kind)}` : fresh ? `${t('pl_newTitle')} · ${kindWord(fresh.kind)}` : ''} onCancel={() => onClose(false)} footer={null} destroyOnHidden width={520}>
      {open && <PlaceForm place={place} fresh={fresh ?? null} onClose={onClose} />}
    </Modal>
  );
}

function PlaceForm({ place, fresh, onClose }: { place: PlaceView | null; fresh: FreshPlace | null; onClose: (saved: boolean) => void }) {
  const fail = useFail();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const content = place ? place.revision ?? place : null;
  const kind = (place?.kind ?? fresh!.kind) as PlaceKind;
  const [photos, setPhotos] = useState<string[]>(content?.photos ?? []);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    const v = await form.validateFields();
    const attrs = Object.fromEntries(Object.entries({ ...(content?.attrs ?? {}), ...(v.attrs ?? {}) }).filter(([, x]) => x !== undefined && x !== null && x !== ''));
    const body = { name: v.name, description: v.description ?? '', phone: v.phone || null, bookingUrl: v.bookingUrl || null, attrs, photos };
    setSaving(true);
    try {
      if (place) await api(`/api/places/${place.id}`, { method: 'PATCH', body });
      else await api('/api/places/listings', { method: 'POST', body: { ...body, regionCode: fresh!.regionCode, kind, lon: fresh!.lon, lat: fresh!.lat, ownerHouseholdId: fresh!.ownerHouseholdId } });
      void message.success(place ? t('pl_saved') : t('pl_newSaved'));
      onClose(true);
    } catch (e) { fail(e); } finally { setSaving(false); }
  };
  const initial = content
    ? { name: content.name, description: content.description, phone: content.phone, bookingUrl: content.bookingUrl, attrs: content.attrs }
    : { name: fresh!.name, attrs: {} };
  return (
    <Form form={form} layout="vertical" size="small" initialValues={initial} data-testid="pl-edit-form">
      <Form.Item name="name" label={t('pl_name')} rules={[{ required: true, max: 60 }]}><Input /></Form.Item>
      <Form.Item name="description" label={t('pl_description')}><Input.TextArea rows={3} maxLength={4000} placeholder={t('pl_descriptionHint')} /></Form.Item>
      <Form.Item label={t('pl_photos')}><PlacePhotos value={photos} onChange={setPhotos} /></Form.Item>
      {kind === 'homestay' && (
        <Form.Item name={['attrs', 'grade']} label={t('pl_grade')}>
          <Select allowClear style={{ width: 160 }} options={(['platinum', 'gold', 'silver'] as const).map((g) => ({ value: g, label: gradeWord(g) }))} />
        </Form.Item>
      )}
      <Space wrap>
        {attrFields(kind).map(({ key, type, required }) => (
          <Form.Item key={key} name={['attrs', key]} label={attrWord(key)} valuePropName={type === 'boolean' ? 'checked' : 'value'} rules={required ? [{ required: true, message: t('pl_needed') }] : []}>
            {type === 'number' || type === 'integer' ? <InputNumber min={0} precision={type === 'integer' ? 0 : undefined} style={{ width: 130 }} /> : type === 'boolean' ? <Switch /> : <Input style={{ width: 220 }} />}
          </Form.Item>
        ))}
      </Space>
      <Space wrap>
        <Form.Item name="phone" label={t('pl_phone')}><Input style={{ width: 180 }} inputMode="tel" /></Form.Item>
        <Form.Item name="bookingUrl" label={t('pl_bookingUrl')}><Input style={{ width: 240 }} placeholder="https://" /></Form.Item>
      </Space>
      {place?.status === 'published' && !place.canApprove && <div style={{ color: '#8c8c8c', fontSize: 12, marginBottom: 8 }}>{t('pl_editWaits')}</div>}
      <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
        <Button onClick={() => onClose(false)}>{t('pl_cancel')}</Button>
        <Button type="primary" loading={saving} onClick={() => void save()} data-testid="pl-edit-save">{place ? t('pl_save') : t('pl_saveDraft')}</Button>
      </Space>
    </Form>
  );
}
