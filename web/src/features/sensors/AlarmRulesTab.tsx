/**
 * 告警规则: the alarm rules per device kind, and per reservoir for one kind, as versions. The form
 * starts from what applies now; saving writes a new version (never an edit), and the history lists every
 * version with its note, so an earlier one can be brought back by saving it again.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { api } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { ListSkeleton, LoadFailed, useLoadState } from '../../shared/Loading.tsx';
import { formatTime } from '../cases/caseUtil.ts';
import type { AssetView, Rules, RuleSetVersion, RulesOverview, Thresholds } from '../../../../src/sensors/sensors.contract.ts';
import type { DeviceKind } from './kinds.ts';

type Overview = RulesOverview;
type Version = RuleSetVersion;
type Asset = Pick<AssetView, 'id' | 'name'>;

/** The fields shown per kind (others keep their value); nullable ones may be left empty to switch off. */
type RuleField = 'inARow' | 'holdMinutes' | 'hysteresis' | 'jump' | 'riseCriticalPerH' | 'suddenChange' | 'bandSigma' | 'bandMinSamples' | 'rainWindowMin' | 'rainWarnMm';
const FIELDS: { key: RuleField; kinds?: string[]; nullable?: boolean; step?: number }[] = [
  { key: 'inARow' }, { key: 'holdMinutes' }, { key: 'hysteresis', step: 0.05 },
  { key: 'jump', nullable: true, kinds: ['water_level', 'seepage_pressure', 'seepage_flow', 'displacement', 'settlement'] },
  { key: 'riseCriticalPerH', nullable: true, kinds: ['water_level'], step: 0.1 },
  { key: 'suddenChange', nullable: true, kinds: ['seepage_pressure', 'seepage_flow', 'displacement', 'settlement'] },
  { key: 'bandSigma', nullable: true, kinds: ['seepage_pressure', 'seepage_flow', 'displacement', 'settlement'], step: 0.5 },
  { key: 'bandMinSamples', kinds: ['seepage_pressure', 'seepage_flow', 'displacement', 'settlement'] },
  { key: 'rainWindowMin', kinds: ['rainfall'] }, { key: 'rainWarnMm', kinds: ['rainfall'] },
];

export function AlarmRulesTab() {
  const { message } = App.useApp();
  const [overview, setOverview] = useState<Overview | null>(null);
  const [assets, setAssets] = useState<Asset[]>([]);
  const [kind, setKind] = useState('water_level');
  const [assetId, setAssetId] = useState<string | null>(null);
  const [history, setHistory] = useState<Version[]>([]);
  const [form] = Form.useForm();
  const scope = assetId ? 'asset' : 'kind';
  const target = assetId ? `${assetId}/${kind}` : kind;
  const load = useCallback(async () => {
    const [o, a] = await Promise.all([api<Overview>('/api/sensors/rules'), api<{ items: Asset[] }>('/api/sensors/assets')]);
    setOverview(o);
    setAssets(a.items);
  }, []);
  const [status, track] = useLoadState();
  useEffect(() => track(load()), [load, track]);
  // what applies now at this scope: built-in ← kind's newest version ← (the asset's newest version)
  const applied = useMemo(() => {
    if (!overview) return null;
    const layer = (s: string, tg: string) => overview.current.find((c) => c.scope === s && c.target === tg)?.overrides ?? {};
    return { ...overview.builtIn[kind], ...layer('kind', kind), ...(assetId ? layer('asset', `${assetId}/${kind}`) : {}) };
  }, [overview, kind, assetId]);
  useEffect(() => {
    if (!applied) return;
    const th = (applied.thresholds ?? null) as Thresholds | null;
    form.setFieldsValue({ ...applied, thWarning: th?.warning ?? null, thMajor: th?.major ?? null, thCritical: th?.critical ?? null, note: '' });
    void api<{ items: Version[] }>(`/api/sensors/rules/history?scope=${scope}&target=${encodeURIComponent(target)}`).then((r) => setHistory(r.items), () => setHistory([]));
  }, [applied, form, scope, target]);
  const shown = FIELDS.filter((f) => !f.kinds || f.kinds.includes(kind));
  const save = async () => {
    const v = await form.validateFields();
    const overrides: Rules = {};
    for (const f of shown) overrides[f.key] = v[f.key] ?? (f.nullable ? null : applied![f.key] as number);
    if (kind !== 'water_level' && kind !== 'rainfall') overrides.thresholds = { warning: v.thWarning ?? null, major: v.thMajor ?? null, critical: v.thCritical ?? null };
    try {
      const r = await api<RuleSetVersion>('/api/sensors/rules', { body: { scope, target, overrides, note: v.note || null } });
      message.success(`${t('ruleSaved')} v${r.version}`);
      await load();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  if (!overview) return status.error ? <LoadFailed error={status.error} retry={() => track(load())} /> : <ListSkeleton rows={6} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('rulesHint')}</Typography.Paragraph>
      <Space wrap>
        <Select value={kind} onChange={setKind} style={{ width: 160 }} data-testid="rules-kind" options={Object.keys(overview.builtIn).map((k) => ({ value: k, label: t(`dev_${k as DeviceKind}`) }))} />
        <Select allowClear placeholder={t('allReservoirs')} value={assetId} onChange={(v) => setAssetId(v ?? null)} style={{ width: 200 }} data-testid="rules-asset"
          options={assets.map((a) => ({ value: a.id, label: a.name }))} />
        <Tag>{history[0] ? `v${history[0].version}` : t('builtInRules')}</Tag>
      </Space>
      <Card size="small">
        <Form form={form} layout="inline" style={{ rowGap: 8 }} data-testid="rules-form">
          {shown.map((f) => (
            <Form.Item key={f.key} name={f.key} label={t(`rule_${f.key}`)} rules={f.nullable ? [] : [{ required: true, message: t('required') }]}>
              <InputNumber min={f.key === 'inARow' || f.key === 'bandMinSamples' || f.key === 'rainWindowMin' ? 1 : 0} step={f.step ?? 1} placeholder={f.nullable ? t('off') : undefined} style={{ width: 110 }} data-testid={`rule-${f.key}`} />
            </Form.Item>
          ))}
          {kind !== 'water_level' && kind !== 'rainfall' && (['thWarning', 'thMajor', 'thCritical'] as const).map((k) => (
            <Form.Item key={k} name={k} label={t(`rule_${k}`)}><InputNumber placeholder={t('off')} style={{ width: 110 }} /></Form.Item>
          ))}
          {kind === 'water_level' && <Typography.Text type="secondary">{t('levelsFromReservoir')}</Typography.Text>}
          <Form.Item name="note" label={t('note')} style={{ minWidth: 320 }}><Input maxLength={500} data-testid="rule-note" /></Form.Item>
          <Button type="primary" onClick={() => void save()} data-testid="rules-save">{t('saveVersion')}</Button>
        </Form>
      </Card>
      <Table<Version> scroll={{ x: 'max-content' }} size="small" rowKey="id" dataSource={history} pagination={false} data-testid="rules-history"
        columns={[
          { title: t('version'), dataIndex: 'version', render: (v: number) => `v${v}`, width: 80 },
          { title: t('note'), dataIndex: 'note' },
          { title: t('changes'), dataIndex: 'overrides', render: (o: Rules) => <Typography.Text code style={{ fontSize: 12 }}>{JSON.stringify(o)}</Typography.Text> },
          { title: t('createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v), width: 170 },
        ]} />
    </Space>
  );
}
