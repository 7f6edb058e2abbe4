/**
 * 网格服务力, 物业服务力 and 机关党组织小区服务力 beside the members' ranking (Rankings.tsx): the grids, the
 * property companies (per village) or the paired party organisations of the area by score in the
 * period, each with what makes it up in plain words — residents' ratings and reports done on time, or
 * services and problems solved — and how the score is counted (the formula version in force).
 */
import { Alert, Card, Empty, List, Spin, Tag, Typography } from 'antd';
import type { AreaIndexItem, AreaRanking } from '../../../../src/partywork/partywork.contract.ts';
import { errorText } from '../../shared/errors.ts';
import { t, tf } from '../../shared/i18n.ts';
import { useApi } from '../../shared/useApi.ts';

export type AreaKind = AreaRanking['kind'];
const MEDAL = ['#d4b106', '#8c8c8c', '#ad6800'];

export function AreaIndices({ kind, period, place }: { kind: AreaKind; period: AreaRanking['period']['kind']; place?: string }) {
  const r = useApi<AreaRanking>(`/api/partywork/area-indices?kind=${kind}&period=${period}&limit=50${place ? `&region=${place}` : ''}`);
  const data = r.data?.kind === kind && r.data.period.kind === period && (r.data.region ?? undefined) === place ? r.data : undefined;
  if (r.error) return <Alert type="error" title={errorText(r.error)} />;
  if (!data) return <Spin style={{ marginTop: 32, width: '100%' }} />;
  return (
    <Card size="small" title={t(`pw_ax_${kind}`)} data-testid="pw-area-ranking">
      {data.items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pw_rkNone')} /> : (
        <List size="small" dataSource={data.items} renderItem={(i) => (
          <List.Item style={{ flexWrap: 'nowrap', gap: 8 }} data-testid="pw-area-item">
            {i.score === null ? <span style={{ minWidth: 28 }} /> : <Place n={i.rank} />}
            <div style={{ minWidth: 0, flex: 1 }}>
              <div style={{ fontWeight: 500, wordBreak: 'break-word' }}>
                {i.unitName}{kind !== 'grid' && i.regionName ? <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}> · {i.regionName}</Typography.Text> : null}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="pw-area-breakdown">{breakdown(kind, i)}</Typography.Text>
            </div>
            <div style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
              <div style={{ fontSize: 17, fontWeight: 600 }} data-testid="pw-area-score">{i.score === null ? '—' : kind === 'organisation' ? i.score : i.score.toFixed(1)}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{i.score === null ? t('pw_axNoData') : t(kind === 'organisation' ? 'pw_axPoints' : 'pw_axOutOf')}</Typography.Text>
            </div>
          </List.Item>
        )} />
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }} data-testid="pw-area-formula">{formulaText(kind, data.formula)}</Typography.Paragraph>
    </Card>
  );
}

/** What the score is made of, in words a resident reads. */
function breakdown(kind: AreaKind, i: AreaIndexItem): string {
  if (kind === 'organisation') return tf('pw_axServices', { n: i.services, s: i.solved, h: i.households });
  const parts: string[] = [];
  parts.push(i.ratings ? tf('pw_axRatings', { s: i.satisfied, b: i.basicallySatisfied, u: i.unsatisfied }) : t('pw_axNoRatings'));
  parts.push(i.closed ? tf('pw_axOnTime', { o: i.closedOnTime, c: i.closed }) : t('pw_axNoClosed'));
  if (i.satisfactionPart !== null || i.onTimePart !== null) parts.push(tf('pw_axParts', { a: (i.satisfactionPart ?? 0).toFixed(1), b: (i.onTimePart ?? 0).toFixed(1) }));
  return parts.join(' · ');
}

function formulaText(kind: AreaKind, f: AreaRanking['formula']): string {
  const p = f.params as Record<string, number>;
  const pct = (x: number) => Math.round(x * 100);
  return kind === 'organisation'
    ? tf('pw_axFormulaOrg', { v: f.version, a: p.perService, b: p.perSolved, c: p.perHousehold })
    : tf('pw_axFormula', { v: f.version, a: pct(p.satisfactionWeight), b: pct(p.onTimeWeight), c: p.basicallyCredit });
}

function Place({ n }: { n: number }) {
  return n <= 3
    ? <Tag color={MEDAL[n - 1]} style={{ marginInlineEnd: 0, minWidth: 28, textAlign: 'center' }}>{n}</Tag>
    : <span style={{ minWidth: 28, textAlign: 'center', color: '#8c8c8c' }}>{n}</span>;
}
