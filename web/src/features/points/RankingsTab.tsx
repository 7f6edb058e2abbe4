/**
 * 排行榜与红黑榜 in the console: the chosen village's (or one of its grids', or its township's) week, month or year — households
 * by points earned, or grid workers by service — with the public marks of the red and black boards and
 * the totals; an administrator publishes a closed period's boards (a snapshot with its check code, on
 * 公示), recomputes a published one against the ledger, and may show only totals. The plain note says a
 * ranking is not a quota.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Col, Row, Segmented, Select, Space, Statistic, Switch, Table, Tag, Typography } from 'antd';
import { api, type Me, type RegionFeatureCollection } from '../../shared/api.ts';
import { getLang, t } from '../../shared/i18n.ts';
import { useFail } from '../../shared/useFail.ts';
import { day, fill } from './plain.ts';
import type { RankingView, RankListView } from './types.ts';

type Kind = 'week' | 'month' | 'year';
type Entry = RankingView['entries'][number];
type ListSummary = Omit<RankListView, 'entries' | 'aggregates' | 'note' | 'thresholds' | 'aggregatesOnly' | 'objections'>;

const SHIFT = 8 * 3_600_000;
/** The first days of the current period and the five before it (Shanghai), newest first. */
function starts(kind: Kind, now = Date.now()): string[] {
  const out: string[] = [];
  let d = new Date(now + SHIFT);
  for (let i = 0; i < 6; i++) {
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth();
    const s = kind === 'year' ? Date.UTC(y, 0, 1) : kind === 'month' ? Date.UTC(y, m, 1) : Date.UTC(y, m, d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * 86_400_000;
    out.push(new Date(s).toISOString().slice(0, 10));
    d = new Date(s - 1);
  }
  return out;
}

const BOARD_COLOR = { red: 'red', black: 'default' } as const;

export function RankingsTab({ me, village }: { me: Me; village?: string }) {
  // useFail answers a new function each render: kept in a ref so the loader does not change (and reload) every render
  const failRef = useRef(useFail());
  const fail = useCallback((e: unknown) => failRef.current(e), []);
  const manage = me.permissions.includes('points.manage');
  const [scope, setScope] = useState<'village' | 'grid' | 'township'>('village');
  // the village's grids (a household ranks in the grid its people live in), with their names for the totals by place
  const [grids, setGrids] = useState<{ code: string; name: string }[]>([]);
  const [grid, setGrid] = useState<string | undefined>();
  useEffect(() => {
    setGrids([]);
    if (!village) return;
    void api<RegionFeatureCollection>(`/api/regions/${village}/children`).then((r) => {
      const list = r.features.map((f) => ({ code: f.properties.code, name: f.properties.name }));
      setGrids(list);
      setGrid(list[0]?.code);
    }, () => setGrids([]));
  }, [village]);
  const placeName = useMemo(() => new Map(grids.map((g) => [g.code, g.name])), [grids]);
  const [ledger, setLedger] = useState<'resident' | 'grid_worker'>('resident');
  const [kind, setKind] = useState<Kind>('month');
  const options = useMemo(() => starts(kind), [kind]);
  const [start, setStart] = useState(options[1]);
  useEffect(() => setStart(options[1]), [options]);
  const region = village && (scope === 'grid' && grid ? grid : scope === 'township' ? `${village.slice(0, 9)}000` : village);
  const [data, setData] = useState<RankingView | null>(null);
  const [lists, setLists] = useState<ListSummary[]>([]);
  const [checked, setChecked] = useState<Record<string, { matches: boolean; n: number }>>({});
  const [note, setNote] = useState<string | null>(null);
  const load = useCallback(() => {
    if (!region) return;
    setData(null);
    void api<RankingView>(`/api/points/rankings?region=${region}&ledger=${ledger}&period=${kind}&start=${start}`).then(setData, fail);
    void api<{ items: ListSummary[] }>(`/api/points/rankings/lists?region=${region}`).then((r) => setLists(r.items), () => setLists([]));
  }, [region, ledger, kind, start, fail]);
  useEffect(load, [load]);

  const publish = () => void api<{ created: boolean; list: RankListView }>('/api/points/rankings/lists', { body: { regionCode: region, ledger, period: kind, start } })
    .then((r) => { setNote(r.created ? fill(t('rk_published'), { d: day(r.list.noticeUntil) }) : t('rk_publishedBefore')); load(); }, fail);
  const verify = (id: string) => void api<{ matches: boolean; differences: unknown[] }>(`/api/points/rankings/lists/${id}/verify`)
    .then((r) => setChecked((c) => ({ ...c, [id]: { matches: r.matches, n: r.differences.length } })), fail);
  const toggle = (on: boolean) => void api(`/api/points/rankings/settings/${region}`, { method: 'PUT', body: { aggregatesOnly: on } }).then(load, fail);

  const columns = [
    { title: t('rk_rank'), dataIndex: 'rank', width: 64 },
    { title: t('rk_name'), dataIndex: 'label', render: (v: string) => v || '—' },
    { title: t('rk_earned'), dataIndex: 'earned', align: 'right' as const },
    { title: '', dataIndex: 'board', width: 80, render: (b: Entry['board']) => (b ? <Tag color={BOARD_COLOR[b]}>{t(b === 'red' ? 'rk_red' : 'rk_black')}</Tag> : null) },
  ];
  const board = (b: 'red' | 'black') => (data?.entries ?? []).filter((e) => e.board === b);
  const a = data?.aggregates.all;
  return (
    <div data-testid="rankings-tab">
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented value={scope} onChange={(v) => setScope(v as typeof scope)} options={[{ value: 'village', label: t('rk_scopeVillage') }, ...(grids.length ? [{ value: 'grid', label: t('rk_scopeGrid') }] : []), { value: 'township', label: t('rk_scopeTownship') }]} />
        {scope === 'grid' && grids.length > 0 && <Select value={grid} onChange={setGrid} style={{ width: 200 }} data-testid="rank-grid" aria-label={t('rk_scopeGrid')}
          options={grids.map((g) => ({ value: g.code, label: g.name }))} />}
        <Segmented value={ledger} onChange={(v) => setLedger(v as typeof ledger)} options={[{ value: 'resident', label: t('rk_ledgerResident') }, { value: 'grid_worker', label: t('rk_ledgerGrid') }]} />
        <Segmented value={kind} onChange={(v) => setKind(v as Kind)} options={(['week', 'month', 'year'] as const).map((k) => ({ value: k, label: t(`rk_${k}`) }))} />
        <Select value={start} onChange={setStart} style={{ width: 170 }} data-testid="rank-period" aria-label={t('rk_period')}
          options={options.map((s, i) => ({ value: s, label: `${s}${i === 0 ? t('rk_current') : ''}` }))} />
      </Space>
      {data && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={getLang() === 'en' ? data.note.en : data.note.zh}
        description={`${fill(t('rk_redRule'), { n: data.thresholds.red })}；${fill(t('rk_blackRule'), { n: data.thresholds.black })}`} data-testid="rank-note" />}
      {a && (
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="rank-aggregates">
          {([['rk_subjects', a.subjects], ['rk_total', a.total], ['rk_average', a.average], ['rk_redCount', a.red], ['rk_blackCount', a.black]] as const).map(([k, v]) => (
            <Col key={k} xs={12} sm={8} md={4}><Card size="small"><Statistic title={t(k)} value={v} /></Card></Col>
          ))}
        </Row>
      )}
      {data?.aggregatesOnly ? <Alert type="warning" style={{ marginBottom: 12 }} message={t('rk_aggregatesOnly')} data-testid="aggregates-only" /> : data && (
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
          {(['red', 'black'] as const).map((b) => (
            <Col key={b} xs={24} md={12}>
              <Card size="small" title={<span style={{ color: b === 'red' ? '#cf1322' : '#262626' }}>{t(b === 'red' ? 'rk_red' : 'rk_black')}</span>} data-testid={`board-${b}`}
                styles={{ header: { background: b === 'red' ? '#fff1f0' : '#f5f5f5' } }}>
                {board(b).length ? board(b).map((e) => (
                  <div key={e.subject} style={{ display: 'flex', justifyContent: 'space-between', padding: '2px 0' }}><span>{e.rank}. {e.label || '—'}</span><b>{e.earned}</b></div>
                )) : <Typography.Text type="secondary">{t('rk_none')}</Typography.Text>}
              </Card>
            </Col>
          ))}
        </Row>
      )}
      {data && !data.aggregatesOnly && <Table size="small" rowKey="subject" dataSource={data.entries} columns={columns} pagination={false} scroll={{ x: 'max-content' }} data-testid="rank-table" style={{ marginBottom: 12 }} />}
      {data && (data.aggregates.byPlace.length > 1) && (
        <Table size="small" rowKey="regionCode" title={() => t('rk_byPlace')} dataSource={data.aggregates.byPlace} pagination={false} scroll={{ x: 'max-content' }} style={{ marginBottom: 12 }}
          columns={[{ title: t('rk_place'), dataIndex: 'regionCode', render: (c: string) => placeName.get(c) ?? (scope === 'village' && c === village ? t('rk_noGrid') : c) }, { title: t('rk_subjects'), dataIndex: 'subjects', align: 'right' }, { title: t('rk_average'), dataIndex: 'average', align: 'right' },
            { title: t('rk_redCount'), dataIndex: 'red', align: 'right' }, { title: t('rk_blackCount'), dataIndex: 'black', align: 'right' }]} />
      )}
      {manage && data && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Button type="primary" onClick={publish} disabled={!data.closed} data-testid="rank-publish">{t('rk_publish')}</Button>
          {!data.closed && <Typography.Text type="secondary">{t('rk_publishOpen')}</Typography.Text>}
          {note && <Typography.Text type="success" data-testid="rank-published">{note}</Typography.Text>}
          <span title={t('rk_switchHint')}><Switch checked={data.aggregatesOnly} onChange={toggle} data-testid="rank-switch" /> {t('rk_switch')}</span>
        </Space>
      )}
      <Table size="small" rowKey="id" title={() => t('rk_lists')} dataSource={lists} pagination={false} scroll={{ x: 'max-content' }} data-testid="rank-lists"
        columns={[
          { title: t('rk_period'), render: (_: unknown, l: ListSummary) => `${l.period.start}（${t(`rk_${l.period.kind}`)}）` },
          { title: '', render: (_: unknown, l: ListSummary) => t(l.ledger === 'resident' ? 'rk_ledgerResident' : 'rk_ledgerGrid') },
          { title: '', dataIndex: 'status', render: (s: ListSummary['status']) => <Tag color={s === 'objected' ? 'orange' : s === 'voided' ? 'default' : s === 'noticed' ? 'gold' : 'green'}>{t(`rk_status_${s}`)}</Tag> },
          { title: t('rk_hash'), dataIndex: 'contentHash', render: (h: string) => <Typography.Text code copyable={{ text: h }}>{h.slice(0, 12)}</Typography.Text> },
          { title: '', render: (_: unknown, l: ListSummary) => checked[l.id]
            ? <Tag color={checked[l.id].matches ? 'green' : 'red'} data-testid="rank-verified">{checked[l.id].matches ? t('rk_verifyOk') : fill(t('rk_verifyBad'), { n: checked[l.id].n })}</Tag>
            : <Button size="small" onClick={() => verify(l.id)} data-testid="rank-verify">{t('rk_verify')}</Button> },
        ]} />
    </div>
  );
}
