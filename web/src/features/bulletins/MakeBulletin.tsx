/**
 * 生成通报: a leader makes a bulletin the scheduler has not made (a township added late, a day the
 * server was down) — kind, township or district, and optionally the period's first day (empty: the last
 * finished period). The server answers an archived period as it is, so pressing twice makes one.
 */
import { useState } from 'react';
import { App, Button, Input, Segmented, Select, Space } from 'antd';
import type { Generated } from '../../../../src/bulletins/bulletins.contract.ts';
import type { RegionSummary } from '../../shared/api.ts';
import { api } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { href, navigate } from '../../shared/router.ts';
import { useMe } from '../../shared/me.ts';
import { useApi } from '../../shared/useApi.ts';
import { useFail } from '../../shared/useFail.ts';

type Kind = 'weekly' | 'monthly' | 'yearly';

/** A region code's prefix (330802101000 → 330802101): what lies under it starts with it. */
const prefixOf = (code: string) => code.replace(/(000)+$/, '');

export function MakeBulletin({ onMade }: { onMade: () => void }) {
  const { me } = useMe();
  const [open, setOpen] = useState(false);
  const tree = useApi<{ items: RegionSummary[] }>(open ? '/api/regions/tree?deepest=township' : null);
  // the townships and districts of the leader's own area (the tree also holds the areas above it)
  const mine = me.memberships.map((m) => prefixOf(m.regionCode));
  const regions = (tree.data?.items ?? []).filter((r) => (r.level === 'district' || r.level === 'township') && mine.some((p) => r.code.startsWith(p)));
  const [kind, setKind] = useState<Kind>('weekly');
  const [region, setRegion] = useState<string | undefined>();
  const [start, setStart] = useState('');
  const [busy, setBusy] = useState(false);
  const fail = useFail();
  const { message } = App.useApp();
  const make = async () => {
    const regionCode = region ?? regions[0]?.code;
    if (!regionCode) return;
    setBusy(true);
    try {
      const made = await api<Generated>('/api/bulletins', { method: 'POST', body: { kind, regionCode, ...(start ? { periodStart: start } : {}) } });
      void message.success(made.created ? t('bl_made') : t('bl_already'));
      onMade();
      navigate(href('bulletins', made.bulletin.id));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  if (!open) return <Button onClick={() => setOpen(true)} data-testid="bulletin-make-open">{t('bl_make')}…</Button>;
  return (
    <Space wrap data-testid="bulletin-make" style={{ padding: 8, background: '#f6f8fa', borderRadius: 6, width: '100%' }}>
      <Segmented<Kind> value={kind} onChange={setKind} options={(['weekly', 'monthly', 'yearly'] as const).map((k) => ({ value: k, label: t(`bl_${k}`) }))} />
      <Select style={{ minWidth: 140 }} loading={!tree.data} value={region ?? regions[0]?.code} onChange={setRegion} data-testid="bulletin-make-region"
        options={regions.map((r) => ({ value: r.code, label: r.name }))} />
      <Input type="date" value={start} onChange={(e) => setStart(e.target.value)} style={{ width: 160 }} aria-label={t('bl_periodStart')} title={t('bl_periodStartHint')} data-testid="bulletin-make-start" />
      <Button type="primary" loading={busy} onClick={() => void make()} disabled={regions.length === 0} data-testid="bulletin-make-go">{t('bl_make')}</Button>
    </Space>
  );
}
