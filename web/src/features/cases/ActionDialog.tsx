/** The form for one action: reasons, notes, photos (camera on phones), dispatch targets, ratings. */
import { useEffect, useState } from 'react';
import { App, DatePicker, Form, Input, Modal, Radio, Select, Upload, type UploadFile } from 'antd';
import { api, type Organisation } from '../../shared/api.ts';
import { clearDraft, readDraft, writeDraft } from '../../shared/draft.ts';
import { errorText } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { scopeOf, type CaseAction, type Category, type CaseRow, type Rating } from './caseUtil.ts';
import { DispatchTargetFields, targetBody, useDispatchTargets } from './DispatchTargets.tsx';

/** Actions that send the case somewhere: the target list comes from the server, its suggestion preselected. */
const DISPATCHES = ['dispatch', 'register_dispatch'];
const REGISTERS = ['register', 'register_dispatch'];
const NEEDS_REASON = ['reject', 'return', 'deny_extension', 'suspend', 'rework', 'escalate', 'request_extension', 'waive_co_handler'];
const NEEDS_PHOTO = ['feedback', 'self_handle'];
const NEEDS_NOTE = [...NEEDS_PHOTO, 'co_feedback', 'answer'];
const TAKES_PHOTO = [...NEEDS_PHOTO, 'co_feedback'];

type Org = Organisation;

export function ActionDialog({ c, action, onDone, onCancel, names = {} }: { c: CaseRow; action: CaseAction; onDone: () => void; onCancel: () => void; names?: Record<string, string> }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [orgs, setOrgs] = useState<Org[]>([]);
  const draftKey = `case.${c.id}.${action}`;
  const [touched, setTouched] = useState(false);
  const category = Form.useWatch('categoryCode', form) as string | undefined;
  const targets = useDispatchTargets(c.id, DISPATCHES.includes(action), category ?? c.categoryCode);
  const keep = (changed: Record<string, unknown>, all: Record<string, unknown>) => {
    if ('target' in changed) setTouched(true);
    const { until: _until, ...rest } = all;
    writeDraft(draftKey, rest);
  };

  useEffect(() => {
    if (REGISTERS.includes(action)) void api<{ items: Category[] }>('/api/case-categories').then((r) => setCategories(r.items));
    if (action === 'waive_co_handler') {
      void api<{ items: Org[] }>('/api/organisations').then((r) => setOrgs(r.items.filter((o) => c.regionCode.startsWith(scopeOf(o.regionCode)))));
    }
    if (REGISTERS.includes(action)) form.setFieldsValue({ categoryCode: c.categoryCode ?? undefined, severity: c.severity });
    // what was typed before a reload (notes, reasons, ratings; not dates or photos)
    const draft = readDraft<Record<string, unknown>>(draftKey);
    if (draft) form.setFieldsValue(draft);
    if (draft?.target) setTouched(true);
  }, [action, c, form, draftKey]);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const media = files.map((f) => (f.response as { id: string } | undefined)?.id).filter(Boolean);
      const body: Record<string, unknown> = { action, ...v };
      if (TAKES_PHOTO.includes(action)) body.media = media;
      if (DISPATCHES.includes(action)) {
        delete body.target;
        Object.assign(body, targetBody(targets, String(v.target), v.coHandlers));
      }
      if (action === 'waive_co_handler') body.target = v.waive;
      delete body.waive;
      if (v.until) body.until = v.until.toISOString();
      await api(`/api/cases/${c.id}/actions`, { body });
      message.success(t(`action_${action}`));
      clearDraft(draftKey);
      onDone();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={`${t(`action_${action}`)} · ${c.no}`} onOk={submit} onCancel={onCancel} confirmLoading={busy} okText={t('submit')} cancelText={t('cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" data-testid={`dialog-${action}`} onValuesChange={keep}>
        {REGISTERS.includes(action) && (<>
          <Form.Item name="categoryCode" label={t('category')} rules={[{ required: true, message: t('required') }]}>
            <Select showSearch optionFilterProp="label" options={categories.map((k) => ({ value: k.code, label: `${k.code} ${k.name}` }))} />
          </Form.Item>
          <Form.Item name="severity" label={t('severity')}><Radio.Group options={[{ value: 'normal', label: t('normal') }, { value: 'urgent', label: t('urgent') }]} /></Form.Item>
        </>)}
        {DISPATCHES.includes(action) && <DispatchTargetFields form={form} targets={targets} touched={touched} />}
        {action === 'waive_co_handler' && (
          <Form.Item name="waive" label={t('coHandlers')} rules={[{ required: true, message: t('required') }]}>
            <Select data-testid="waive-target" options={c.coHandlers.filter((h) => h.status === 'pending' || h.status === 'signed').map((h) => {
              const id = (h.orgId ?? h.userId)!;
              return { value: id, label: names[id] ?? orgs.find((o) => o.id === id)?.name ?? id.slice(0, 8) };
            })} />
          </Form.Item>
        )}
        {NEEDS_REASON.includes(action) && <Form.Item name="reason" label={t('reason')} rules={[{ required: true, min: 2, message: t('required') }]}><Input.TextArea rows={3} /></Form.Item>}
        {action === 'request_extension' && <Form.Item name="until" label={t('until')} rules={[{ required: true, message: t('required') }]}><DatePicker showTime /></Form.Item>}
        {(NEEDS_NOTE.includes(action) || action === 'close') && (
          <Form.Item name="note" label={t('note')} rules={NEEDS_NOTE.includes(action) ? [{ required: true, min: 2, message: t('required') }] : []}><Input.TextArea rows={3} data-testid="action-note" /></Form.Item>
        )}
        {TAKES_PHOTO.includes(action) && (
          <Form.Item label={t('photos')} required={NEEDS_PHOTO.includes(action)}>
            <Upload action="/api/media" name="file" listType="picture-card" accept="image/*" fileList={files} onChange={(e) => setFiles(e.fileList)} data-testid="photo-upload"
              // phones open the camera directly
              {...{ capture: 'environment' as unknown as boolean }}>
              {files.length < 9 && t('upload')}
            </Upload>
          </Form.Item>
        )}
        {action === 'rate' && (<>
          <Form.Item name="rating" label={t('rating')} rules={[{ required: true, message: t('required') }]}>
            <Radio.Group data-testid="rating" options={(['satisfied', 'basically_satisfied', 'unsatisfied'] satisfies Rating[]).map((r) => ({ value: r, label: t(`rating_${r}`) }))} />
          </Form.Item>
          <Form.Item name="comment" label={t('comment')}><Input.TextArea rows={2} /></Form.Item>
        </>)}
        {action === 'merge' && <Form.Item name="into" label="ID" rules={[{ required: true, message: t('required') }]}><Input /></Form.Item>}
      </Form>
    </Modal>
  );
}
