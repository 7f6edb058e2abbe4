/**
 * 我的积分 on the phone (村情通): what I can spend and what I earned this year, then six tiles — the
 * history with reasons, how to earn (the rules in force), claim points, my claims, the village's 公示
 * board and, for members of the village scoring group, the claims waiting for their review. The open
 * tile is in the address (/app/points/<tile>), so a reload or a notification link keeps it.
 * A grid worker's own points (the grid-worker ledger, paid by 满意 ratings of the cases they handled)
 * are the same page on the staff side (/app/my-points): the history and the rules that pay them.
 */
import { useCallback, useEffect, useState } from 'react';
import { Card, Col, List, Row, Statistic, Typography } from 'antd';
import { api, type Me } from '../../shared/api.ts';
import { t, type Key } from '../../shared/i18n.ts';
import { EmptyHint, ListSkeleton, LoadFailed } from '../../shared/Loading.tsx';
import { href, navigate, useSegments } from '../../shared/router.ts';
import { ClaimForm, RulesList } from './ClaimForm.tsx';
import { Board, MyClaims, ReviewList } from './ClaimLists.tsx';
import { ExpiringHint } from './ExpiringHint.tsx';
import { day, fill, historyAmount, historyText } from './plain.ts';
import type { MyHistoryItem, MyPoints, RuleLedger, RuleView, SettingsView } from './types.ts';

const TILES = ['history', 'earn', 'claim', 'mine', 'board', 'review'] as const;
type Tile = (typeof TILES)[number];
const TILE_LABEL: Record<Tile, Key> = { history: 'pt_tabHistory', earn: 'pt_tabEarn', claim: 'pt_tabClaim', mine: 'pt_tabMine', board: 'pt_tabBoard', review: 'pt_tabReview' };

/** What each ledger's page offers: a grid worker earns from the cases they handle, and claims nothing. */
const LEDGER_TILES: Record<RuleLedger, readonly Tile[]> = { resident: TILES, grid_worker: ['history', 'earn'] };

export function MyPointsPage({ me, ledger = 'resident', base = 'points' }: { me: Me; ledger?: RuleLedger; base?: string }) {
  const seg = useSegments();
  const [points, setPoints] = useState<MyPoints | null>(null);
  const [pointsError, setPointsError] = useState<unknown>(null);
  const [rules, setRules] = useState<RuleView[]>([]);
  const [settings, setSettings] = useState<SettingsView | null>(null);
  // the scoring group is a list of people per village, not a role: the server says where the caller sits on it
  const [scorer, setScorer] = useState(false);
  const load = useCallback(() => {
    void api<MyPoints>(`/api/me/points?limit=100&ledger=${ledger}`).then((p) => { setPoints(p); setPointsError(null); }, setPointsError);
    void api<{ rules: RuleView[]; settings: SettingsView }>('/api/points/rules').then((r) => { setRules(r.rules); setSettings(r.settings); }, () => undefined);
    if (ledger === 'resident') void api<{ villages: string[] }>('/api/me/points/scoring').then((r) => setScorer(r.villages.length > 0), () => undefined);
  }, [ledger]);
  useEffect(load, [load]);
  const tiles = LEDGER_TILES[ledger].filter((x) => x !== 'review' || scorer);
  const tile: Tile = (tiles as readonly string[]).includes(seg[1]) ? (seg[1] as Tile) : 'history';
  const open = (x: Tile) => navigate(href(base, x));

  return (
    // a phone's width in the console too: a balance and a list read badly across 1440 px
    <div data-testid="my-points" style={{ maxWidth: 720 }}>
      <Card size="small" style={{ background: 'linear-gradient(135deg, #1d6f42, #3b9a63)', color: '#fff' }} styles={{ body: { padding: 16 } }}>
        <Row gutter={12}>
          <Col span={12}><Statistic title={<span style={{ color: '#e6f4ea' }}>{t('pt_spendable')}</span>} loading={!points && !pointsError} value={points?.spendable ?? 0} valueStyle={{ color: '#fff', fontSize: 32 }} data-testid="spendable" /></Col>
          <Col span={12}><Statistic title={<span style={{ color: '#e6f4ea' }}>{t('pt_earnedYear')}</span>} loading={!points && !pointsError} value={points?.earnedThisYear ?? 0} valueStyle={{ color: '#fff', fontSize: 32 }} data-testid="earned-year" /></Col>
        </Row>
        <ExpiringHint ledger={ledger} />
        {!!points?.pending && <div style={{ marginTop: 6, fontSize: 13, color: '#e6f4ea' }} data-testid="pending-hint">{fill(t('pt_pendingHint'), { n: points.pending })}</div>}
        {points?.household && points.household.members > 1 && (
          <div style={{ marginTop: 6, fontSize: 13, color: '#e6f4ea' }} data-testid="household-total">
            {fill(t('pt_householdTotal'), { n: points.household.members, spendable: points.household.spendable, earned: points.household.earnedThisYear })}
          </div>
        )}
      </Card>
      <div style={{ display: 'grid', gridTemplateColumns: `repeat(${Math.min(tiles.length, 3)}, minmax(0, 1fr))`, gap: 8, margin: '12px 0' }} data-testid="points-tiles">
        {tiles.map((x) => (
          <button key={x} type="button" onClick={() => open(x)} data-testid={`tile-${x}`}
            style={{ padding: '10px 4px', borderRadius: 8, border: `1px solid ${x === tile ? '#1d6f42' : '#d9d9d9'}`, background: x === tile ? '#e8f3ec' : '#fff',
              color: x === tile ? '#1d6f42' : '#333', fontSize: 14, fontWeight: x === tile ? 600 : 400, cursor: 'pointer', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
            {t(TILE_LABEL[x])}
          </button>
        ))}
      </div>
      {tile === 'history' && <History points={points} error={pointsError} retry={load} rules={rules} ledger={ledger} />}
      {tile === 'earn' && <RulesList rules={rules} settings={settings} ledger={ledger} onClaim={tiles.includes('claim') ? () => open('claim') : undefined} />}
      {tile === 'claim' && <ClaimForm me={me} rules={rules} onDone={() => { load(); open('mine'); }} />}
      {tile === 'mine' && <MyClaims />}
      {tile === 'board' && <Board />}
      {tile === 'review' && <ReviewList />}
    </div>
  );
}

/** Where a line came from, in words: the case that paid it (and the 满意 that did), or the case a claim named. */
function originText(h: MyHistoryItem): string | null {
  if (!h.case) return null;
  const vars = { no: h.case.no, title: h.case.title };
  return fill(t(h.source === 'case.rated' ? 'pt_from_rated' : h.source === 'case.closed' ? 'pt_from_closed' : 'pt_from_case'), vars);
}

function History({ points, error, retry, rules, ledger }: { points: MyPoints | null; error: unknown; retry: () => void; rules: RuleView[]; ledger: RuleLedger }) {
  const items = points?.history.items ?? [];
  if (!points) return <Card size="small" title={t('pt_tabHistory')} data-testid="points-history">{error ? <LoadFailed error={error} retry={retry} /> : <ListSkeleton />}</Card>;
  return (
    <Card size="small" title={t('pt_tabHistory')} data-testid="points-history">
      {items.length === 0 ? <EmptyHint text={t(ledger === 'grid_worker' ? 'pt_noHistoryGrid' : 'pt_noHistory')} /> : (
        <List size="small" dataSource={items} renderItem={(h) => {
          const amount = historyAmount(h);
          const origin = originText(h);
          return (
            <List.Item style={{ flexWrap: 'nowrap' }} data-testid="history-item">
              <div style={{ minWidth: 0 }}>
                <div style={{ wordBreak: 'break-word' }}>{historyText(h, rules)}</div>
                {origin && <div style={{ fontSize: 13, color: '#555', wordBreak: 'break-word' }} data-testid="history-origin">{origin}</div>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{day(h.createdAt)} · {t('pt_balanceAfter')} {h.balanceAfter}</Typography.Text>
              </div>
              <span style={{ marginLeft: 8, fontSize: 17, fontWeight: 600, whiteSpace: 'nowrap', color: amount.muted ? '#999' : h.change < 0 ? '#cf1322' : '#1d6f42' }}>{amount.text}</span>
            </List.Item>
          );
        }} />
      )}
    </Card>
  );
}
