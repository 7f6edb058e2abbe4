/** A listing's edit form, for the village's staff (民宿商户) and for its owner (我的店铺): a published listing's edit waits for approval. */
import { App, Form, Input, InputNumber, Modal, Select, Space, Switch } from 'antd';
import type { PlaceView } from '../../../../src/places/places.contract.ts';
import { api } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { useFail } from '../../shared/useFail.ts';
import { attrWord, gradeWord, kindWord } from './words.ts';

/** The edit form: the common fields and the kind's own (numbers, words, yes/no; a homestay's grade). */
export function EditPlace({ place, onClose }: { place: PlaceView | null; onClose: (saved: boolean) => void }) {
  const fail = useFail();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const content = place ? place.revision ?? place : null;
  const save = async () => {
    const v = await form.validateFields();
    const attrs = Object.fromEntries(Object.entries(v.attrs ?? {}).filter(([, x]) => x !== undefined && x !== null && x !== ''));
    try {
      await api(`/api/places/${place!.id}`, { method: 'PATCH', body: { name: v.name, description: v.description ?? '', phone: v.phone || null, bookingUrl: v.bookingUrl || null, attrs } });
      void message.success(t('pl_saved'));
      onClose(true);
    } catch (e) { fail(e); }
  };
  return (
    <Modal open={!!place} title={place ? `${t('pl_edit')} · ${kindWord(place.kind)}` : ''} onCancel={() => onClose(false)} onOk={save} okText={t('pl_save')} destroyOnHidden width={480}>
      {content && (
        <Form form={form} layout="vertical" size="small" initialValues={{ name: content.name, description: content.description, phone: content.phone, bookingUrl: content.bookingUrl, attrs: content.attrs }}>
          <Form.Item name="name" label={t('pl_name')} rules={[{ required: true, max: 60 }]}><Input /></Form.Item>
          <Form.Item name="description" label={t('pl_description')}><Input.TextArea rows={3} maxLength={4000} /></Form.Item>
          <Space wrap>
            <Form.Item name="phone" label={t('pl_phone')}><Input style={{ width: 180 }} /></Form.Item>
            <Form.Item name="bookingUrl" label={t('pl_bookingUrl')}><Input style={{ width: 240 }} /></Form.Item>
          </Space>
          {place?.kind === 'homestay' && (
            <Form.Item name={['attrs', 'grade']} label={t('pl_grade')}>
              <Select allowClear style={{ width: 160 }} options={(['platinum', 'gold', 'silver'] as const).map((g) => ({ value: g, label: gradeWord(g) }))} />
            </Form.Item>
          )}
          <Space wrap>
            {Object.entries(content.attrs).filter(([k]) => k !== 'grade' && k !== 'partOf' && k !== 'soldAt').map(([k, v]) => (
              <Form.Item key={k} name={['attrs', k]} label={attrWord(k)} valuePropName={typeof v === 'boolean' ? 'checked' : 'value'}>
                {typeof v === 'number' ? <InputNumber style={{ width: 120 }} /> : typeof v === 'boolean' ? <Switch /> : <Input style={{ width: 200 }} />}
              </Form.Item>
            ))}
          </Space>
        </Form>
      )}
    </Modal>
  );
}
