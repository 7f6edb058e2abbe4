/**
 * 大屏 in the console: open the big screen of one's area in a new tab (the wall's browser goes full
 * screen there), and — for administrators — the kiosk tokens of unattended walls: issue one for a
 * region (its address is shown once, with the token in it) and revoke it.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { Kiosk, NewKiosk } from '../../../../src/dashboard/dashboard.contract.ts';
import { api, type Me } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { tableState, useLoadState } from '../../shared/Loading.tsx';
import { useFail } from '../../shared/useFail.ts';

const DAYS = [7, 30, 90, 365];

/** The areas whose screen the person may open or issue kiosks for: their scopes (a prefix) as 12-digit codes. */
const areasOf = (me: Me): string[] => [...new Set([...(me.scopes['screen.view'] ?? []), ...(me.scopes['screen.kiosks'] ?? [])]
  .filter((s) => s.length <= 12).map((s) => s.padEnd(12, '0')))];

export function ScreensPage({ me }: { me: Me }) {
  const areas = areasOf(me);
  const [names, setNames] = useState<Record<string, string>>(me.regionNames);
  useEffect(() => {
    for (const code of areas.filter((c) => !me.regionNames[c])) api<{ name: string }>(`/api/regions/${code}`).then((r) => setNames((n) => ({ ...n, [code]: r.name })), () => {});
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the person's areas do not change on this page
  }, []);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Card title={t('sc_openScreen')} data-testid="screen-links">
        <Space wrap>
          {areas.map((code) => (
            <Button key={code} type="primary" href={`/screen/${code}`} target="_blank" data-testid={`open-screen-${code}`}>{names[code] ?? code}</Button>
          ))}
        </Space>
      </Card>
      {me.permissions.includes('screen.kiosks') && <KiosksCard areas={areas} names={names} />}
    </Space>
  );
}

function KiosksCard({ areas, names }: { areas: string[]; names: Record<string, string> }) {
  const [rows, setRows] = useState<Kiosk[]>([]);
  const [region, setRegion] = useState(areas[0] ?? '');
  const [name, setName] = useState('');
  const [days, setDays] = useState(30);
  const [shown, setShown] = useState<string | null>(null);
  const fail = useFail();
  const load = useCallback(() => api<{ items: Kiosk[] }>('/api/screen-kiosks').then((r) => setRows(r.items)), []);
  const [status, track] = useLoadState();
  useEffect(() => track(load()), [load, track]);
  const add = async () => {
    if (!/^\d{12}$/.test(region) || !name.trim()) return;
    try {
      const k = await api<NewKiosk>('/api/screen-kiosks', { body: { regionCode: region, name: name.trim(), hours: days * 24 } });
      setShown(`${location.origin}${k.url}`);
      setName('');
      void load();
    } catch (e) {
      fail(e);
    }
  };
  const stateTag = (s: Kiosk['state']) => <Tag color={s === 'active' ? 'green' : undefined}>{t(`sc_kiosk_${s}`)}</Tag>;
  return (
    <Card title={t('sc_kiosks')} data-testid="kiosks">
      <Typography.Paragraph type="secondary">{t('sc_kioskHint')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }} wrap>
        <Input placeholder={t('sc_kioskRegion')} value={region} onChange={(e) => setRegion(e.target.value.trim())} style={{ width: 180 }} data-testid="kiosk-region" list="sc-areas" />
        <datalist id="sc-areas">{areas.map((c) => <option key={c} value={c}>{names[c] ?? c}</option>)}</datalist>
        <Input placeholder={t('sc_kioskName')} value={name} onChange={(e) => setName(e.target.value)} style={{ width: 220 }} maxLength={60} data-testid="kiosk-name" />
        <Select value={days} onChange={setDays} style={{ width: 120 }} options={DAYS.map((d) => ({ value: d, label: `${d} ${t('sc_days')}` }))} />
        <Button type="primary" onClick={() => void add()} data-testid="kiosk-add">{t('sc_kioskAdd')}</Button>
      </Space>
      {shown && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('sc_kioskShownOnce')} description={<Typography.Text copyable code data-testid="kiosk-url">{shown}</Typography.Text>} />}
      <Table<Kiosk> scroll={{ x: 'max-content' }} rowKey="id" dataSource={rows} {...tableState({ ...status, reload: () => track(load()) }, t('sc_noKiosks'))} size="small" pagination={false}
        columns={[
          { title: t('name'), dataIndex: 'name' },
          { title: t('sc_kioskRegion'), dataIndex: 'regionCode', render: (c: string) => names[c] ?? c },
          { title: t('sc_kioskUntil'), dataIndex: 'expiresAt', render: (v: string) => new Date(v).toLocaleString('zh-CN', { hour12: false }) },
          { title: t('sc_kioskSeen'), dataIndex: 'lastSeenAt', render: (v: string | null) => (v ? new Date(v).toLocaleString('zh-CN', { hour12: false }) : '—') },
          { title: t('state'), dataIndex: 'state', render: stateTag },
          { title: '', render: (_, r) => r.state === 'active' && <Popconfirm title={t('sc_kioskConfirm')} onConfirm={() => api(`/api/screen-kiosks/${r.id}/revoke`, { method: 'POST' }).then(load, fail)} okText={t('yes')} cancelText={t('no')}><Button size="small" danger>{t('revoke')}</Button></Popconfirm> },
        ]} />
    </Card>
  );
}
