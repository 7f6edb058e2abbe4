/**
 * 农户 (console): the households the reader has need-to-know of — a grid worker's own grid, a granted
 * reader's area (names masked in the list) — each opening its page (RecordPage, audited by the server);
 * the village's administrator imports a roster (CSV or XLSX, all or nothing, duplicates to confirm); and
 * a card scan (`/app/households/card/<token>`, what the card's QR code opens).
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, List, Modal, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import type { CardScan, HouseholdPage, HouseholdSummary, HouseholdView } from '../../../../src/households/households.contract.ts';
import type { DuplicateEntry, ImportResult } from '../../../../src/households/registry.contract.ts';
import { api, type Me } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { ListSkeleton, tableState } from '../../shared/Loading.tsx';
import { href, navigate, useSegments } from '../../shared/router.ts';
import { useMyVillages } from '../../shared/useMyVillages.ts';
import { RecordPage } from './RecordPage.tsx';

const rel = (r: HouseholdView['members'][number]['relation']) => <Tag color={r === 'head' ? 'green' : undefined}>{t(`hh_rel_${r}`)}</Tag>;

export function HouseholdsPage({ me }: { me: Me }) {
  const seg = useSegments();
  if (seg[1] === 'card' && seg[2]) return <CardScanView token={seg[2]} />;
  const sees = me.permissions.includes('households.read') || me.memberships.some((m) => m.role === 'grid_worker');
  if (!sees) return <Alert type="info" message={t('hh_noGrant')} />;
  if (seg[1]) return <RecordPage id={seg[1]} me={me} />;
  return <HouseholdList me={me} />;
}

function HouseholdList({ me }: { me: Me }) {
  const [page, setPage] = useState<HouseholdPage | null>(null);
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [importing, setImporting] = useState(false);
  const manage = me.permissions.includes('households.manage');
  useEffect(() => void api<HouseholdPage>(`/api/households?limit=20&offset=${offset}`).then((p) => { setPage(p); setError(null); }, setError), [offset, tick]);
  return (
    <Card title={t('hh_nav')} extra={<Space wrap><Typography.Text type="secondary">{t('hh_masked')}</Typography.Text>
      {manage && <Button onClick={() => setImporting(true)} data-testid="households-import">{t('hh_import')}</Button>}</Space>}>
      <Table<HouseholdSummary> rowKey="id" size="small" dataSource={page?.items} {...tableState({ loading: !page && !error, error, reload: () => setTick((n) => n + 1) }, t('hh_listEmpty'))} data-testid="households-table"
        onRow={(r) => ({ onClick: () => navigate(href('households', r.id)), style: { cursor: 'pointer' } })}
        pagination={{ pageSize: 20, total: page?.total ?? 0, current: offset / 20 + 1, onChange: (p) => setOffset((p - 1) * 20), showTotal: (n) => `${t('total')} ${n} ${t('items')}` }}
        scroll={{ x: 760 }}
        columns={[
          { title: t('hh_name'), dataIndex: 'name', width: 80 },
          { title: t('hh_head'), dataIndex: 'headName', width: 90 },
          { title: t('hh_memberCount'), dataIndex: 'memberCount', width: 60 },
          { title: t('hh_tags'), dataIndex: 'tags', render: (tags: string[]) => tags.map((x) => <Tag key={x} color="blue">{x}</Tag>) },
          { title: t('hh_grid'), dataIndex: 'gridName', render: (g: string | null, r) => g ?? r.regionName },
          { title: t('hh_address'), dataIndex: 'address' },
        ]} />
      {importing && <ImportModal me={me} onClose={(done) => { setImporting(false); if (done) setTick((n) => n + 1); }} />}
    </Card>
  );
}

/** The roster import: pick the village and the file; a bad row or duplicates are shown, nothing imported until fixed or confirmed. */
function ImportModal({ me, onClose }: { me: Me; onClose: (done: boolean) => void }) {
  const { message } = App.useApp();
  const { villages, village, setVillage } = useMyVillages(me);
  const [file, setFile] = useState<{ name: string; format: 'csv' | 'xlsx'; data: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [dups, setDups] = useState<DuplicateEntry[] | null>(null);
  const [busy, setBusy] = useState(false);
  const read = async (f: File) => {
    const xlsx = /\.xlsx$/i.test(f.name);
    const data = xlsx ? btoa(Array.from(new Uint8Array(await f.arrayBuffer()), (b) => String.fromCharCode(b)).join('')) : await f.text();
    setFile({ name: f.name, format: xlsx ? 'xlsx' : 'csv', data });
    setProblem(null);
    setDups(null);
    return false;
  };
  const send = async (separate?: number[]) => {
    if (!file || !village) return;
    setBusy(true);
    try {
      const r = await api<ImportResult>('/api/households/import', { body: { regionCode: village, format: file.format, data: file.data, ...(separate ? { separate } : {}) } });
      message.success(`${t('hh_imported')} ${r.households} ${t('hh_unit')} / ${r.people} ${t('hh_people')}`);
      onClose(true);
    } catch (e) {
      const d = (e as { code?: string; details?: { duplicates?: DuplicateEntry[] } });
      if (d.code === 'HOUSEHOLD_IMPORT_DUPLICATES' && d.details?.duplicates) setDups(d.details.duplicates);
      else setProblem(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('hh_import')} onCancel={() => onClose(false)} footer={null} destroyOnHidden>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">{t('hh_importHint')}</Typography.Paragraph>
        <Select style={{ width: '100%' }} value={village} onChange={setVillage} options={villages.map((v) => ({ value: v.code, label: `${v.township} ${v.name}` }))} data-testid="import-village" />
        <Upload accept=".csv,.xlsx" maxCount={1} beforeUpload={read} showUploadList={false}><Button>{file ? file.name : t('hh_pickFile')}</Button></Upload>
        {problem && <Alert type="error" showIcon message={problem} data-testid="import-problem" />}
        {dups && <Alert type="warning" showIcon message={t('hh_dupsFound')} data-testid="import-duplicates" description={
          <List size="small" dataSource={dups} renderItem={(d) => <List.Item>{t('hh_row')} {d.row} {d.name} · {t(`hh_rule_${d.rule}`)} · {d.otherRow ? `${t('hh_row')} ${d.otherRow}` : d.existing}</List.Item>} />} />}
        <Space>
          <Button type="primary" disabled={!file || !village} loading={busy} onClick={() => void send()}>{t('hh_importGo')}</Button>
          {dups && <Button danger loading={busy} onClick={() => void send([...new Set(dups.map((d) => d.row))])}>{t('hh_importSeparate')}</Button>}
        </Space>
      </Space>
    </Modal>
  );
}

function CardScanView({ token }: { token: string }) {
  const [scan, setScan] = useState<CardScan | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => void api<CardScan>(`/api/households/by-card/${encodeURIComponent(token)}`).then(setScan, (e) => setError(errorText(e))), [token]);
  if (error) return <Alert type="warning" message={error} data-testid="card-scan-error" />;
  if (!scan) return <Card><ListSkeleton /></Card>;
  return (
    <Card title={`${t('hh_scanTitle')} · ${scan.regionName} ${scan.name}`} data-testid="card-scan">
      <Typography.Paragraph type="secondary">{t('hh_scanHint')}</Typography.Paragraph>
      <List size="small" dataSource={scan.members} renderItem={(m) => <List.Item><span>{m.name}</span>{rel(m.relation)}</List.Item>} />
    </Card>
  );
}
