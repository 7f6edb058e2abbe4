/** 添加摄像头 (administrators): where it stands, its vendor, view and speaker; the token is shown once. */
import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { api } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import type { NewCamera } from '../../../../src/cameras/cameras.contract.ts';

export function AddCameraButton({ onAdded }: { onAdded: () => void }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [token, setToken] = useState<string | null>(null);
  const [form] = Form.useForm();
  const add = async () => {
    const v = await form.validateFields();
    try {
      const r = await api<NewCamera>('/api/cameras', { body: Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')) });
      setToken(r.token);
      form.resetFields();
      onAdded();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (<>
    <Button size="small" onClick={() => { setToken(null); setOpen(true); }} data-testid="camera-add">{t('addCamera')}</Button>
    <Modal open={open} title={t('addCamera')} onCancel={() => setOpen(false)} onOk={() => (token ? setOpen(false) : void add())} okText={token ? 'OK' : t('save')} destroyOnHidden>
      {token ? (
        <Alert type="success" showIcon message={t('keyShownOnce')} description={<Typography.Text copyable code data-testid="camera-token">{token}</Typography.Text>} />
      ) : (
        <Form form={form} layout="vertical" initialValues={{ vendor: 'hikvision' }}>
          <Form.Item name="name" label={t('name')} rules={[{ required: true, message: t('required') }]}><Input maxLength={100} data-testid="camera-name" /></Form.Item>
          <Form.Item label={t('location')} required style={{ marginBottom: 0 }}>
            <Form.Item name="lat" rules={[{ required: true, message: t('required') }]} style={{ display: 'inline-block', width: '48%' }}><InputNumber placeholder="lat" step={0.0001} style={{ width: '100%' }} data-testid="camera-lat" /></Form.Item>
            <Form.Item name="lon" rules={[{ required: true, message: t('required') }]} style={{ display: 'inline-block', width: '48%', marginLeft: '4%' }}><InputNumber placeholder="lon" step={0.0001} style={{ width: '100%' }} data-testid="camera-lon" /></Form.Item>
          </Form.Item>
          <Form.Item name="vendor" label={t('vendor')}><Select options={['hikvision', 'dahua', 'generic'].map((v) => ({ value: v, label: v }))} /></Form.Item>
          <Form.Item name="view" label={t('cameraView')}><Input maxLength={200} /></Form.Item>
          <Form.Item name="speakerUrl" label={t('speakerUrl')}><Input maxLength={500} placeholder="http://…" /></Form.Item>
        </Form>
      )}
    </Modal>
  </>);
}
