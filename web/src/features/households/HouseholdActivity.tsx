/**
 * Two cards of a household's page (一户一档, issue 20): its 积分 — the members' points summed, earned
 * this year, the latest lines in plain words (names masked) — and 反映的问题, the cases its people
 * reported in the village, each opening the case page. Each reads its own route; need-to-know is the
 * server's (the record's rule), so a reader who sees the record sees these. One column on a phone.
 */
import { useEffect, useState } from 'react';
import { Card, List, Space, Tag, Typography } from 'antd';
import type { ReportedCases } from '../../../../src/cases/cases.contract.ts';
import type { HouseholdPoints } from '../../../../src/points/points.contract.ts';
import { api } from '../../shared/api.ts';
import { getLang, isKey, t, tf } from '../../shared/i18n.ts';
import { LoadFailed, ListSkeleton } from '../../shared/Loading.tsx';
import { caseHref, useMe } from '../../shared/me.ts';
import { navigate } from '../../shared/router.ts';
import { STATE_COLOR } from '../cases/caseUtil.ts';
import { day, historyAmount, historyText } from '../points/plain.ts';

/** GET a route once per household, with its error (a retry reloads). */
function useLoad<T>(url: string): { data: T | null; error: unknown; retry: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    void api<T>(url).then((x) => { if (live) setData(x); }, (e: unknown) => { if (live) setError(e); });
    return () => { live = false; };
  }, [url, attempt]);
  return { data, error, retry: () => setAttempt((n) => n + 1) };
}

/** A number with its label, large enough to read on a phone at arm's length. */
function Figure({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div style={{ minWidth: 88 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{label}</Typography.Text>
      <div style={{ fontSize: 22, fontWeight: 600 }} data-testid={testId}>{value}</div>
    </div>
  );
}

type Line = HouseholdPoints['recent'][number];

/** A line's reason in plain words: the rule by its name (the server names it), else the points pages' words. */
function lineText(h: Line, en: boolean): string {
  const named = h.ruleName && (h.code === 'award' || h.code === 'deduction') ? (en ? h.ruleName.en : h.ruleName.zh) : null;
  if (!named) return historyText({ ...h, ruleId: h.ruleName ? h.ruleId : isKey(`pt_rule_${h.ruleId}`) ? h.ruleId : null }, []);
  return historyText({ ...h, code: 'award', ruleId: null, reason: named }, []);
}

export function HouseholdPointsCard({ id }: { id: string }) {
  const { data, error, retry } = useLoad<HouseholdPoints>(`/api/points/households/${encodeURIComponent(id)}`);
  const en = getLang() === 'en';
  return (
    <Card size="small" title={t('hh_points')} data-testid="household-points">
      {!data ? (error ? <LoadFailed error={error} retry={retry} /> : <ListSkeleton rows={3} />) : <>
        <Space size={[24, 8]} wrap>
          <Figure label={t('hh_pointsBalance')} value={data.balance} testId="household-points-balance" />
          <Figure label={t('hh_pointsYear')} value={data.earnedThisYear} testId="household-points-year" />
          {data.available !== data.balance && <Figure label={t('hh_pointsAvailable')} value={data.available} testId="household-points-available" />}
        </Space>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>{tf('hh_pointsHint', { n: data.members })}</Typography.Paragraph>
        <List size="small" dataSource={data.recent} locale={{ emptyText: t('hh_pointsNone') }} data-testid="household-points-recent"
          renderItem={(h) => {
            const amount = historyAmount(h);
            return (
              <List.Item style={{ paddingInline: 0 }}>
                <div style={{ minWidth: 0, flex: 1, wordBreak: 'break-word' }}>
                  <div>{h.memberName ?? '—'} · {lineText(h, en)}</div>
                  {h.case && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{tf('pt_from_case', { no: h.case.no, title: h.case.title })}</Typography.Text>}
                  <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{day(h.at)}</Typography.Text></div>
                </div>
                <Typography.Text strong={!amount.muted} type={amount.muted ? 'secondary' : h.change > 0 ? 'success' : undefined} style={{ whiteSpace: 'nowrap', marginInlineStart: 8 }}>{amount.text}</Typography.Text>
              </List.Item>
            );
          }} />
      </>}
    </Card>
  );
}

export function ReportedCasesCard({ id }: { id: string }) {
  const { features } = useMe();
  const { data, error, retry } = useLoad<ReportedCases>(`/api/households/${encodeURIComponent(id)}/cases`);
  const en = getLang() === 'en';
  return (
    <Card size="small" title={t('hh_cases')} data-testid="household-cases">
      {!data ? (error ? <LoadFailed error={error} retry={retry} /> : <ListSkeleton rows={3} />) : (
        <List size="small" dataSource={data.items} locale={{ emptyText: t('hh_casesNone') }}
          renderItem={(c) => {
            const state = `state_${c.state}`;
            const rating = `rating_${c.rating}`;
            return (
              <List.Item style={{ paddingInline: 0 }} data-testid="household-case">
                <div style={{ minWidth: 0, flex: 1, wordBreak: 'break-word' }}>
                  <a href={caseHref(features, c.id)} onClick={(e) => { e.preventDefault(); navigate(caseHref(features, c.id)); }} data-testid="household-case-link">{c.title}</a>
                  <Space size={4} wrap style={{ marginTop: 4, display: 'flex' }}>
                    <Tag color={STATE_COLOR[c.state]} style={{ marginInlineEnd: 0 }}>{isKey(state) ? t(state) : c.state}</Tag>
                    {c.categoryName && <Tag style={{ marginInlineEnd: 0 }}>{en ? c.categoryNameEn : c.categoryName}</Tag>}
                    {c.rating && <Tag color="green" style={{ marginInlineEnd: 0 }}>{isKey(rating) ? t(rating) : c.rating}</Tag>}
                  </Space>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.no} · {day(c.reportedAt)}</Typography.Text>
                </div>
              </List.Item>
            );
          }} />
      )}
    </Card>
  );
}
