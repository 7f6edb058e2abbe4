/**
 * 通报 in the console: the bulletins of the person's area (the server decides which, along the region
 * line), newest first, with their PDF and Excel files and content hash; /app/bulletins/<id> (the link
 * in the in-app message) opens one with its ranking, 红黑榜 and overdue and 督办 lists.
 */
import { useState } from 'react';
import { Alert, Button, Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { Bulletin, BulletinDetail } from '../../../../src/bulletins/bulletins.contract.ts';
import type { BulletinContent } from '../../../../src/bulletins/bulletin-content.ts';
import { errorText } from '../../shared/errors.ts';
import { t, tf, getLang } from '../../shared/i18n.ts';
import { tableState } from '../../shared/Loading.tsx';
import { href, navigate, useSegments } from '../../shared/router.ts';
import { useMe } from '../../shared/me.ts';
import { useApi } from '../../shared/useApi.ts';
import { MakeBulletin } from './MakeBulletin.tsx';

type Kind = 'all' | 'weekly' | 'monthly' | 'yearly';
const pct = (v: number | null) => (v === null ? '—' : `${v}%`);
const signed = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : ''}${v}`);

export function BulletinsPage() {
  const seg = useSegments();
  return seg[1] ? <BulletinView id={seg[1]} /> : <BulletinList />;
}

function Files({ b }: { b: Bulletin }) {
  return (
    <Space size={4} wrap>
      {b.hasPdf ? <Button size="small" href={b.pdfUrl} data-testid={`bulletin-pdf-${b.id}`}>{t('bl_pdf')}</Button> : <Tag>{t('bl_noPdf')}</Tag>}
      <Button size="small" href={b.xlsxUrl} data-testid={`bulletin-xlsx-${b.id}`}>{t('bl_xlsx')}</Button>
    </Space>
  );
}

function BulletinList() {
  const [kind, setKind] = useState<Kind>('all');
  const list = useApi<{ items: Bulletin[] }>(`/api/bulletins${kind === 'all' ? '' : `?kind=${kind}`}`);
  const en = getLang() === 'en';
  const { me } = useMe();
  return (
    <Card title={t('bl_title')} data-testid="bulletins">
      <Space direction="vertical" style={{ width: '100%' }}>
        {me.permissions.includes('bulletins.generate') && <MakeBulletin onMade={list.reload} />}
        <Segmented<Kind> value={kind} onChange={setKind} data-testid="bulletin-kind"
          options={(['all', 'weekly', 'monthly', 'yearly'] as const).map((k) => ({ value: k, label: t(`bl_${k}`) }))} />
        <Table<Bulletin> rowKey="id" size="small" dataSource={list.data?.items} {...tableState(list, t('bl_empty'))} data-testid="bulletins-table" scroll={{ x: 860 }} pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('bl_number'), dataIndex: 'number', width: 190, fixed: 'left', render: (n: string, b) => <a href={href('bulletins', b.id)} onClick={(e) => { e.preventDefault(); navigate(href('bulletins', b.id)); }}>{n}</a> },
            // the files next to the number: on a phone they are in view without scrolling the table
            { title: t('bl_download'), key: 'files', width: 130, render: (_: unknown, b) => <Files b={b} /> },
            { title: t('bl_kind'), dataIndex: 'kindZh', width: 100, render: (_: string, b) => (en ? b.kindEn : b.kindZh) },
            { title: t('bl_period'), key: 'period', width: 190, render: (_: unknown, b) => `${b.periodStart} ~ ${b.periodEnd}` },
            { title: t('bl_red'), dataIndex: 'red', width: 60, align: 'right', render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0) },
            { title: t('bl_black'), dataIndex: 'black', width: 60, align: 'right', render: (n: number) => (n ? <Tag color="#262626">{n}</Tag> : 0) },
            { title: t('bl_overdue'), dataIndex: 'overdue', width: 60, align: 'right' },
            { title: t('bl_supervised'), dataIndex: 'supervised', width: 60, align: 'right' },
            { title: t('bl_hash'), dataIndex: 'contentHash', width: 150, render: (h: string) => <Typography.Text code copyable={{ text: h }}>{h.slice(0, 10)}…</Typography.Text> },
          ]} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('bl_hashHint')}</Typography.Text>
      </Space>
    </Card>
  );
}

function BulletinView({ id }: { id: string }) {
  const one = useApi<BulletinDetail>(`/api/bulletins/${encodeURIComponent(id)}`);
  const back = <Button onClick={() => navigate(href('bulletins'))} data-testid="bulletin-back">{t('bl_back')}</Button>;
  if (one.error) return <Card title={t('bl_title')} extra={back}><Alert type="warning" showIcon message={errorText(one.error)} /></Card>;
  if (!one.data) return <Card title={t('bl_title')} loading />;
  const b = one.data.bulletin;
  const c = one.data.content as unknown as BulletinContent;
  const cur = c.totals.current;
  const ch = c.totals.change;
  const th = c.thresholds;
  const caseCols = [
    { title: t('bl_caseNo'), dataIndex: 'no', width: 150 }, { title: t('bl_category'), dataIndex: 'category', width: 120 }, { title: t('bl_unit'), dataIndex: 'unit', width: 110 },
    { title: t('bl_level'), dataIndex: 'level', width: 80 }, { title: t('bl_days'), dataIndex: 'days', width: 80, align: 'right' as const },
    { title: t('bl_flag'), dataIndex: 'supervision', width: 70 }, { title: t('bl_status'), dataIndex: 'status', width: 170 },
  ];
  return (
    <Card title={<span data-testid="bulletin-number">{getLang() === 'en' ? b.kindEn : b.kindZh} · {b.number}</span>} extra={<Space wrap>{back}<Files b={b} /></Space>} data-testid="bulletin">
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Typography.Title level={5} style={{ margin: 0 }}>{c.title}</Typography.Title>
        <Typography.Text>{c.period.start} ~ {c.period.end}{' · '}{tf('bl_summary', { r: cur.received, c: cur.closed, o: pct(cur.onTimeRate), s: pct(cur.satisfaction), d: cur.overdue })}</Typography.Text>
        <Space wrap data-testid="bulletin-change">
          <Tag>{t('bl_vsLast')}</Tag>
          <Tag>{t('bl_received')} {signed(ch.received)}</Tag><Tag>{t('bl_closed')} {signed(ch.closed)}</Tag>
          <Tag>{t('bl_onTime')} {signed(ch.onTimeRate)}</Tag><Tag>{t('bl_satisfaction')} {signed(ch.satisfaction)}</Tag>
        </Space>
        <Typography.Title level={5} style={{ margin: 0 }}>{t('bl_ranking')}</Typography.Title>
        <Table rowKey="code" size="small" pagination={false} dataSource={c.units} data-testid="bulletin-ranking" scroll={{ x: 720 }}
          columns={[
            { title: t('bl_rank'), dataIndex: 'rank', width: 70, render: (r: number | null) => r ?? t('bl_unranked') },
            { title: t('bl_unit'), dataIndex: 'name', width: 120, render: (n: string, u) => <Space size={4}>{n}{u.list === 'red' && <Tag color="red">{t('bl_red')}</Tag>}{u.list === 'black' && <Tag color="#262626">{t('bl_black')}</Tag>}</Space> },
            { title: t('bl_received'), dataIndex: 'received', width: 70, align: 'right' }, { title: t('bl_due'), dataIndex: 'due', width: 70, align: 'right' },
            { title: t('bl_closed'), dataIndex: 'closed', width: 70, align: 'right' },
            { title: t('bl_onTime'), dataIndex: 'onTimeRate', width: 100, align: 'right', render: pct },
            { title: t('bl_change'), dataIndex: 'onTimeChange', width: 80, align: 'right', render: signed },
            { title: t('bl_satisfaction'), dataIndex: 'satisfaction', width: 90, align: 'right', render: pct },
            { title: t('bl_overdue'), dataIndex: 'overdue', width: 70, align: 'right' },
          ]} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{getLang() === 'en' ? c.tieRules.en : c.tieRules.zh}</Typography.Text>
        <Typography.Title level={5} style={{ margin: 0 }}>{t('bl_redBlack')}</Typography.Title>
        <Table rowKey="code" size="small" pagination={false} dataSource={c.units.filter((u) => u.list)} data-testid="bulletin-lists" locale={{ emptyText: t('bl_none') }}
          columns={[
            { title: '', dataIndex: 'list', width: 80, render: (l: string) => (l === 'red' ? <Tag color="red">{t('bl_red')}</Tag> : <Tag color="#262626">{t('bl_black')}</Tag>) },
            { title: t('bl_unit'), dataIndex: 'name', width: 120 },
            { title: t('bl_reasons'), dataIndex: 'reasons', render: (r: string[]) => r.join('；') },
          ]} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('bl_thresholds')}：{tf('bl_redRule', { d: th.redMinDue, o: th.redOnTime, s: th.redSatisfaction })}{tf('bl_blackRule', { o: th.blackOnTime, d: th.blackOverdue, n: th.blackMinRatings, s: th.blackSatisfaction })}
        </Typography.Text>
        <Typography.Title level={5} style={{ margin: 0 }}>{t('bl_overdueList')}（{tf('bl_count', { n: c.overdue.total })}）</Typography.Title>
        <Table rowKey="no" size="small" pagination={{ pageSize: 10, hideOnSinglePage: true }} dataSource={c.overdue.items} columns={caseCols} scroll={{ x: 780 }} locale={{ emptyText: t('bl_none') }} data-testid="bulletin-overdue" />
        <Typography.Title level={5} style={{ margin: 0 }}>{t('bl_supervisedList')}（{tf('bl_count', { n: c.supervised.total })}）</Typography.Title>
        <Table rowKey="no" size="small" pagination={{ pageSize: 10, hideOnSinglePage: true }} dataSource={c.supervised.items} columns={caseCols} scroll={{ x: 780 }} locale={{ emptyText: t('bl_none') }} data-testid="bulletin-supervised" />
        {c.indices && <>
          <Typography.Title level={5} style={{ margin: 0 }}>{t('bl_indices')}</Typography.Title>
          <Table rowKey="rank" size="small" pagination={{ pageSize: 10, hideOnSinglePage: true }} dataSource={c.indices.branches} scroll={{ x: 560 }} locale={{ emptyText: t('bl_none') }} data-testid="bulletin-indices"
            columns={[
              { title: t('bl_rank'), dataIndex: 'rank', width: 60 }, { title: t('bl_branch'), dataIndex: 'name', width: 180 }, { title: t('bl_unit'), dataIndex: 'unit', width: 110 },
              { title: t('bl_members'), dataIndex: 'members', width: 70, align: 'right' }, { title: t('bl_average'), dataIndex: 'average', width: 80, align: 'right' },
              { title: t('bl_valued'), dataIndex: 'valuedLogs', width: 100, align: 'right' },
            ]} />
        </>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('bl_hash')}：<Typography.Text code copyable={{ text: b.contentHash }}>{b.contentHash}</Typography.Text></Typography.Text>
      </Space>
    </Card>
  );
}
