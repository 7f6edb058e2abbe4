/**
 * 服务力排行 for the grid worker and the staff of an area: the branches by their members' average and
 * the members by index, this week, month or year. Names come masked from the server (余*洪); where the
 * area shows branch aggregates only, no member is listed and the page says so rather than look empty.
 */
import { useState } from 'react';
import { Alert, Card, Empty, List, Segmented, Select, Space, Spin, Tag, Typography } from 'antd';
import type { Ranking } from '../../../../src/partywork/partywork.contract.ts';
import type { Me } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { t, tf } from '../../shared/i18n.ts';
import { useApi } from '../../shared/useApi.ts';
import { AreaIndices, type AreaKind } from './AreaIndices.tsx';

type Period = Ranking['period']['kind'];
const PERIODS: Period[] = ['week', 'month', 'year'];
const MEDAL = ['#d4b106', '#8c8c8c', '#ad6800'];
/** the members' board, and the three area indices beside it (AreaIndices.tsx) */
const BOARDS = ['member', 'grid', 'property', 'organisation'] as const;

export function Rankings({ me }: { me: Me }) {
  // the places the user works in (their memberships' regions) that they may read: the area's own switch
  // (aggregates only) is answered for the region asked, so the page asks by place, never for "everything"
  const scopes = me.scopes['partywork.read'] ?? [];
  const places = Object.keys(me.regionNames).filter((c) => scopes.some((s) => c.startsWith(s))).sort();
  const [place, setPlace] = useState<string | undefined>(places[0]);
  const [period, setPeriod] = useState<Period>('month');
  const [board, setBoard] = useState<'member' | AreaKind>('member');
  const r = useApi<Ranking>(`/api/partywork/rankings?period=${period}&limit=50${place ? `&region=${place}` : ''}`);
  const data = r.data?.period.kind === period && (r.data.region ?? undefined) === place ? r.data : undefined;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12} data-testid="pw-rankings">
      <Segmented value={board} onChange={(v) => setBoard(v as typeof board)} data-testid="pw-rank-board" block
        options={BOARDS.map((b) => ({ value: b, label: t(`pw_axBoard_${b}`) }))} />
      <Space wrap>
        <Segmented value={period} onChange={(v) => setPeriod(v as Period)} data-testid="pw-rank-period"
          options={PERIODS.map((p) => ({ value: p, label: t(`pw_rk_${p}`) }))} />
        {places.length > 1 && <Select value={place} onChange={setPlace} style={{ minWidth: 160 }} data-testid="pw-rank-place"
          options={places.map((c) => ({ value: c, label: me.regionNames[c] }))} />}
      </Space>
      {board !== 'member' ? <AreaIndices kind={board} period={period} place={place} /> : r.error ? <Alert type="error" title={errorText(r.error)} /> : !data ? <Spin style={{ marginTop: 32, width: '100%' }} /> : (<>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{place ? `${me.regionNames[place]} · ` : ''}{tf('pw_rkSince', { d: data.period.start })}</Typography.Text>
        {data.aggregatesOnly && <Alert type="info" showIcon title={t('pw_rkAggregates')} data-testid="pw-rank-aggregates" />}
        <Card size="small" title={t('pw_rkBranches')} data-testid="pw-rank-branches">
          {data.branches.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pw_rkNone')} /> : (
            <List size="small" dataSource={data.branches} renderItem={(b) => (
              <List.Item style={{ flexWrap: 'nowrap', gap: 8 }} data-testid="pw-rank-branch">
                <Place n={b.rank} />
                <div style={{ minWidth: 0, flex: 1 }}>
                  <div style={{ fontWeight: 500, wordBreak: 'break-word' }}>{b.branchName}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{tf('pw_rkBranchLine', { m: b.members, v: b.valuedLogs })}</Typography.Text>
                </div>
                <div style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                  <div style={{ fontSize: 17, fontWeight: 600 }}>{b.average.toFixed(1)}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('pw_rkAverage')}</Typography.Text>
                </div>
              </List.Item>
            )} />
          )}
        </Card>
        {!data.aggregatesOnly && (
          <Card size="small" title={t('pw_rkMembers')} data-testid="pw-rank-members">
            {data.members.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pw_rkNone')} /> : (
              <List size="small" dataSource={data.members} renderItem={(m) => (
                <List.Item style={{ flexWrap: 'nowrap', gap: 8 }} data-testid="pw-rank-member">
                  <Place n={m.rank} />
                  <div style={{ minWidth: 0, flex: 1 }}>
                    <div style={{ fontWeight: 500 }}>{m.name} <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>{m.branchName}</Typography.Text></div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{tf('pw_rkMemberLine', { v: m.valuedLogs, p: m.servicePoints })}{m.deductions ? ` · ${tf('pw_rkDeducted', { n: m.deductions })}` : ''}</Typography.Text>
                  </div>
                  <span style={{ fontSize: 17, fontWeight: 600, whiteSpace: 'nowrap' }} data-testid="pw-rank-total">{m.total}</span>
                </List.Item>
              )} />
            )}
          </Card>
        )}
      </>)}
    </Space>
  );
}

function Place({ n }: { n: number }) {
  return n <= 3
    ? <Tag color={MEDAL[n - 1]} style={{ marginInlineEnd: 0, minWidth: 28, textAlign: 'center' }}>{n}</Tag>
    : <span style={{ minWidth: 28, textAlign: 'center', color: '#8c8c8c' }}>{n}</span>;
}
