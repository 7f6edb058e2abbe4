/** The command-room queue: live, filterable, overdue cases in red. */
import { Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { Badge, Button, Card, Col, Drawer, Row, Select, Skeleton, Space, Switch, Table, Tag } from 'antd';
import { api, ApiError } from '../../shared/api.ts';
import { getLang, t } from '../../shared/i18n.ts';
import { firstAnswer } from '../../shared/prefetch.ts';
import { EmptyHint, tableState, type LoadState } from '../../shared/Loading.tsx';
import { href, navigate, useSegments } from '../../shared/router.ts';
import { applyToQueue, exportUrl, queueUrl, type QueueFilter } from './queue-filter.ts';
import { clock, duration, formatTime, STATE_COLOR, useCaseEvents, useCategoryNames, type CaseLevel, type CaseRow, type CaseSource, type CaseState, type Supervision } from './caseUtil.ts';
import { lazyPage } from '../../shared/screens.ts';

// the open case (its map, photos, action dialogs: Leaflet and antd's forms) loads when one is opened,
// not before the queue can show its rows
const CaseDetail = lazyPage(() => import('./CaseDetail.tsx'), 'CaseDetail');

const STATES: CaseState[] = ['PENDING_ACCEPT', 'REGISTERED', 'DISPATCHED', 'PROCESSING', 'EXTENSION_REQUESTED', 'SUSPENDED', 'VERIFYING', 'CLOSED', 'RATED'];
const LEVELS: CaseLevel[] = ['village', 'township', 'district', 'city'];

export function CasesPage() {
  const [rows, setRows] = useState<CaseRow[]>([]);
  const [states, setStates] = useState<string[]>([]);
  const [levels, setLevels] = useState<string[]>([]);
  const [overdue, setOverdue] = useState(false);
  // the open case is in the address (/app/cases/<id>): a reload or a shared link opens the drawer
  const seg = useSegments();
  const open = seg[0] === 'cases' && seg[1] ? seg[1] : null;
  const setOpen = (id: string | null) => navigate(id ? href('cases', id) : href('cases'));
  const [pulse, setPulse] = useState(0);
  const categoryName = useCategoryNames();
  // the first-response timers tick
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  // the first load shows a skeleton; a filter's reload keeps the rows on screen until the answer
  const [status, setStatus] = useState<LoadState>({ loading: true });
  // the first rows were asked for while the page's code loaded (screens.tsx: prefetch)
  const load = useCallback(() => {
    return firstAnswer<{ items: CaseRow[] }>(queueUrl({ states, levels, overdue })).then((r) => { setRows(r.items); setStatus({ loading: false }); }, (error: unknown) => setStatus({ loading: false, error }));
  }, [states, levels, overdue]);
  const filtered = states.length > 0 || levels.length > 0 || overdue;
  const clearFilters = () => { setStates([]); setLevels([]); setOverdue(false); };
  useEffect(() => void load(), [load]);
  // an event moves one case: fetch that case and put it in, move it or take it out (one request, not
  // the 200 rows again); a case this user may no longer see (404) leaves the queue
  const filter = useRef<QueueFilter>({ states, levels, overdue });
  filter.current = { states, levels, overdue };
  useCaseEvents(useCallback((_type, frame) => {
    setPulse((n) => n + 1);
    const id = frame.payload?.caseId;
    if (!id) return;
    api<CaseRow & { timeline?: unknown }>(`/api/cases/${id}`).then(({ timeline: _t, ...c }) => c as CaseRow, (e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }).then((c) => setRows((rows) => applyToQueue(rows, id, c, filter.current, Date.now())), () => {});
  }, []));
  return (
    <Row gutter={16}>
      <Col span={24}>
        <Card title={<Space>{t('cases')}<Badge status="processing" text={t('live')} key={pulse} /></Space>} extra={<Space wrap>
          <Select mode="multiple" allowClear placeholder={t('state')} style={{ minWidth: 180 }} value={states} onChange={setStates} options={STATES.map((s) => ({ value: s, label: t(`state_${s}`) }))} />
          <Select mode="multiple" allowClear placeholder={t('level')} style={{ minWidth: 140 }} value={levels} onChange={setLevels} options={LEVELS.map((l) => ({ value: l, label: t(`level_${l}_case`) }))} />
          <Space>{t('onlyOverdue')}<Switch checked={overdue} onChange={setOverdue} data-testid="only-overdue" /></Space>
          {/* what the filters show, as a file (plain links: the session cookie goes with them) */}
          <Space size={4} data-testid="queue-export">
            {(['xlsx', 'csv', 'geojson'] as const).map((f) => (
              <Button key={f} size="small" href={exportUrl({ states, levels, overdue }, f, getLang())} download data-testid={`export-${f}`}>{t(`export_${f}`)}</Button>
            ))}
          </Space>
        </Space>}>
          <Table<CaseRow> rowKey="id" size="small" dataSource={rows} {...tableState({ ...status, reload: () => void load() }, filtered
            ? <EmptyHint text={t('noMatchingCases')} action={<Button onClick={clearFilters} data-testid="clear-filters">{t('clearFilters')}</Button>} />
            : <EmptyHint text={t('noCasesYet')} />)} pagination={{ pageSize: 20 }} data-testid="case-queue" scroll={{ x: 'max-content' }}
            onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
            rowClassName={(r) => (clock(r).overdue ? 'vb-overdue' : '')}
            columns={[
              { title: t('caseNo'), dataIndex: 'no', width: 150 },
              { title: t('title'), dataIndex: 'title' },
              { title: t('category'), dataIndex: 'categoryCode', width: 130, render: (c) => categoryName(c) },
              { title: t('state'), dataIndex: 'state', width: 110, render: (s: CaseState) => <Tag color={STATE_COLOR[s]}>{t(`state_${s}`)}</Tag> },
              { title: t('level'), dataIndex: 'level', width: 80, render: (l: CaseLevel) => t(`level_${l}_case`) },
              { title: t('source'), dataIndex: 'source', width: 80, render: (s: CaseSource) => t(`source_${s}`) },
              { title: t('reportedAt'), dataIndex: 'reportedAt', width: 170, render: formatTime },
              { title: t('deadline'), width: 200, render: (_, r) => {
                // questions wait for their first answer: the seed's target is 5 minutes
                if (r.categoryCode === '1501' && ['PENDING_ACCEPT', 'REGISTERED'].includes(r.state)) {
                  const waited = now - new Date(r.reportedAt).getTime();
                  return <span data-testid="first-response" style={{ color: waited > 5 * 60_000 ? '#cf1322' : '#d48806', fontWeight: 600 }}>{t('waitingAnswer')} {duration(waited)}</span>;
                }
                const { at, overdue: late } = clock(r);
                return at ? <span style={{ color: late ? '#cf1322' : undefined, fontWeight: late ? 600 : undefined }}>{formatTime(at)}{late ? ` ${t('overdue')}` : ''}{r.supervision > 0 ? ` · ${t(`supervision_${r.supervision as Supervision}`)}` : ''}</span> : '—';
              } },
            ]} />
        </Card>
      </Col>
      <Drawer open={!!open} width={Math.min(1100, innerWidth)} onClose={() => setOpen(null)} destroyOnHidden>
        {open && <Suspense fallback={<Skeleton active paragraph={{ rows: 10 }} data-testid="case-loading" />}><CaseDetail id={open} /></Suspense>}
      </Drawer>
    </Row>
  );
}
