/**
 * 发布任务: a household (联户, picked from the area's households — the need-to-know grant to read them),
 * a building (联楼) or an issue (联事) of one of my grids, how often it should be visited, and the place
 * the visits are checked against (where I stand now, or none: then the visits say so).
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Radio, Select, Space, Tag } from 'antd';
import type { HouseholdPage } from '../../../../src/households/households.contract.ts';
import { api, type Me } from '../../shared/api.ts';
import { t, tf } from '../../shared/i18n.ts';
import { useApi } from '../../shared/useApi.ts';
import { useSubmit } from '../points/useSubmit.ts';
import { kindText, type TaskView } from './plain.ts';

type Kind = TaskView['kind'];
const PRESETS = [[7, 'pw_week'], [14, 'pw_twoWeeks'], [30, 'pw_month']] as const;

export function PublishForm({ me, onDone }: { me: Me; onDone: () => void }) {
  const { message } = App.useApp();
  const { busy, error, setError, run } = useSubmit();
  const [kind, setKind] = useState<Kind>('household');
  const [householdId, setHouseholdId] = useState<string>();
  const [subject, setSubject] = useState('');
  const [regionCode, setRegionCode] = useState<string | undefined>(() => me.memberships.find((m) => m.role === 'grid_worker')?.regionCode);
  const [days, setDays] = useState<number | null>(7);
  const [point, setPoint] = useState<{ lat: number; lon: number } | null>(null);
  const [note, setNote] = useState('');
  const canRead = me.permissions.includes('households.read');
  const households = useApi<HouseholdPage>(canRead && kind === 'household' ? '/api/households?limit=200' : null);
  // where I am a grid worker (or the administrator): the places a building or issue task may name
  const places = [...new Set(me.memberships.filter((m) => m.role === 'grid_worker' || m.role === 'admin').map((m) => m.regionCode))];

  const here = () => navigator.geolocation?.getCurrentPosition(
    (p) => setPoint({ lat: Math.round(p.coords.latitude * 1e6) / 1e6, lon: Math.round(p.coords.longitude * 1e6) / 1e6 }),
    () => void message.warning(t('pw_noGps')), { enableHighAccuracy: true, timeout: 15_000 },
  );

  const submit = async () => {
    setError(null);
    if (kind === 'household' && !householdId) return setError(t('pw_needHousehold'));
    if (kind !== 'household' && !subject.trim()) return setError(t('pw_needSubject'));
    if (kind !== 'household' && !regionCode) return setError(t('pw_needPlace'));
    const body = {
      kind, frequencyDays: days ?? 7, ...(kind === 'household' ? { householdId } : { regionCode }),
      ...(subject.trim() ? { subject: subject.trim() } : {}), ...(note.trim() ? { note: note.trim() } : {}), ...(point ?? {}),
    };
    if (await run(() => api<TaskView>('/api/partywork/tasks', { body }))) {
      message.success(t('pw_published'));
      setHouseholdId(undefined); setSubject(''); setNote(''); setPoint(null);
      onDone();
    }
  };

  return (
    <Card size="small" title={t('pw_tabPublish')} data-testid="pw-publish">
      <Form layout="vertical" onFinish={() => void submit()}>
        <Form.Item label={t('pw_kind')}>
          <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as Kind)} optionType="button" buttonStyle="solid" data-testid="pw-kind"
            options={(['household', 'building', 'issue'] as Kind[]).map((k) => ({ value: k, label: kindText(k) }))} />
        </Form.Item>
        {kind === 'household' && (
          <Form.Item label={t('pw_household')}>
            {canRead
              ? <Select showSearch optionFilterProp="label" placeholder={t('pw_pickHousehold')} value={householdId} onChange={setHouseholdId} loading={households.loading} data-testid="pw-household"
                  options={(households.data?.items ?? []).map((h) => ({ value: h.id, label: `${h.name} · ${h.address}（${h.headName}）` }))} />
              : <Alert type="info" showIcon title={t('pw_noHouseholdGrant')} />}
          </Form.Item>
        )}
        {kind !== 'household' && places.length > 1 && (
          <Form.Item label={t('pw_place')}>
            <Select placeholder={t('pw_pickPlace')} value={regionCode} onChange={setRegionCode} options={places.map((c) => ({ value: c, label: me.regionNames[c] ?? c }))} />
          </Form.Item>
        )}
        <Form.Item label={t('pw_subject')}>
          <Input maxLength={120} value={subject} onChange={(e) => setSubject(e.target.value)} placeholder={kind === 'household' ? t('pw_subjectHh') : t('pw_subjectPh')} data-testid="pw-subject" />
        </Form.Item>
        <Form.Item label={t('pw_frequency')}>
          <Space wrap>
            <Radio.Group value={PRESETS.some(([d]) => d === days) ? days : null} onChange={(e) => setDays(e.target.value as number)} optionType="button"
              options={PRESETS.map(([d, k]) => ({ value: d, label: t(k) }))} data-testid="pw-frequency" />
            <InputNumber min={1} max={366} value={days} onChange={(v) => setDays(v)} suffix={t('pw_days')} style={{ width: 110 }} />
          </Space>
        </Form.Item>
        <Form.Item label={t('pw_point')} extra={point ? undefined : t('pw_pointNone')}>
          {point
            ? <Space wrap><Tag color="green" data-testid="pw-point">{tf('pw_pointSet', { lat: point.lat.toFixed(5), lon: point.lon.toFixed(5) })}</Tag><Button size="small" onClick={() => setPoint(null)}>{t('pw_clear')}</Button></Space>
            : <Button onClick={here} data-testid="pw-point-here">{t('pw_pointHere')}</Button>}
        </Form.Item>
        <Form.Item label={t('pw_taskNote')}>
          <Input.TextArea rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('pw_taskNotePh')} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="pw-publish-error" />}
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="pw-publish-submit">{t('pw_publish')}</Button>
      </Form>
    </Card>
  );
}
