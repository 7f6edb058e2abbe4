/** A few cases in a card (overdue, escalated, my tasks): number, title, the clock that applies; a tap opens the case. */
import { Card, Empty, List, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { t, tf } from '../../shared/i18n.ts';
import { caseHref, useMe } from '../../shared/me.ts';
import { navigate } from '../../shared/router.ts';
import { clock, duration, STATE_COLOR, type CaseRow, type CaseState } from '../cases/caseUtil.ts';

export function CaseShortList({ title, rows, empty, testId, extra, aside, loading }: {
  title: string; rows: CaseRow[] | undefined; empty: string; testId: string; extra?: ReactNode; loading?: boolean;
  /** Something to show on the right of a row instead of its state (a distance). */
  aside?: (c: CaseRow) => ReactNode;
}) {
  const { features } = useMe();
  const now = Date.now();
  return (
    <Card title={title} size="small" extra={extra} data-testid={testId} loading={loading && !rows}>
      {rows && rows.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> : (
        <List size="small" dataSource={rows ?? []} renderItem={(c) => {
          const k = clock(c, now);
          return (
            <List.Item style={{ cursor: 'pointer', gap: 8 }} onClick={() => navigate(caseHref(features, c.id))} data-testid={`${testId}-row`}>
              <div style={{ minWidth: 0, flex: 1 }}>
                <div style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{c.title}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.no}
                  {k.at && <> · <span style={{ color: k.overdue ? '#cf1322' : undefined }}>
                    {k.overdue ? tf('hm_late', { d: duration(now - new Date(k.at).getTime()) }) : tf('hm_dueIn', { d: duration(new Date(k.at).getTime() - now) })}
                  </span></>}
                </Typography.Text>
              </div>
              {aside ? aside(c) : <Tag color={STATE_COLOR[c.state]} style={{ marginInlineEnd: 0 }}>{t(`state_${c.state as CaseState}`)}</Tag>}
            </List.Item>
          );
        }} />
      )}
    </Card>
  );
}
