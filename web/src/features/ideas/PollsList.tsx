/** 村里投票 on the villager's phone: the open polls to vote in, the closed ones with turnout and result (nothing but the turnout before). */
import { App, Button, Card, Checkbox, List, Progress, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { PollView } from '../../../../src/ideas/ideas.contract.ts';
import { api } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { EmptyHint, ListSkeleton, Loaded } from '../../shared/Loading.tsx';
import { useApi } from '../../shared/useApi.ts';
import { useFail } from '../../shared/useFail.ts';
import { chinaTime, fill } from './words.ts';

const POLL_COLOR = { upcoming: 'default', open: 'blue', closed: 'green' } as const;

export function PollsList() {
  const polls = useApi<{ items: PollView[] }>('/api/polls');
  return (
    <Loaded state={polls} skeleton={<Card size="small"><ListSkeleton rows={3} /></Card>} isEmpty={(d) => d.items.length === 0} empty={<Card size="small"><EmptyHint text={t('ideas_noPolls')} testId="polls-empty" /></Card>}>
      {(d) => <Space direction="vertical" style={{ width: '100%' }} data-testid="polls-list">{d.items.map((p) => <PollCard key={p.id} poll={p} onVoted={polls.reload} />)}</Space>}
    </Loaded>
  );
}

export function PollResult({ poll }: { poll: PollView }) {
  if (!poll.results) return <Typography.Text type="secondary">{fill('ideas_votersSoFar', { voters: poll.voters })} · {t('ideas_resultsLater')}</Typography.Text>;
  const top = Math.max(...poll.results, 1);
  return (
    <div data-testid="poll-results">
      <Typography.Text strong>{fill('ideas_turnout', { voters: poll.voters, eligible: poll.eligible ?? '—', pct: poll.turnout === null ? '—' : `${Math.round(poll.turnout * 100)}%` })}</Typography.Text>
      {poll.options.map((o, i) => (
        <div key={o} style={{ marginTop: 4 }}>
          <div style={{ fontSize: 13 }}>{o} <b>{poll.results![i]}</b></div>
          <Progress percent={Math.round((poll.results![i] / top) * 100)} showInfo={false} size="small" strokeColor={poll.results![i] === top ? '#52c41a' : '#91caff'} />
        </div>
      ))}
    </div>
  );
}

function PollCard({ poll, onVoted }: { poll: PollView; onVoted: () => void }) {
  const fail = useFail();
  const { message } = App.useApp();
  const [choices, setChoices] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const vote = async () => {
    setBusy(true);
    try { await api(`/api/polls/${poll.id}/ballots`, { method: 'POST', body: { choices } }); void message.success(t('ideas_votedOk')); onVoted(); } catch (e) { fail(e); } finally { setBusy(false); }
  };
  const canVote = poll.state === 'open' && !poll.votedByMe;
  return (
    <Card size="small" data-testid="poll-card" title={<Space size={6} wrap><Tag color={POLL_COLOR[poll.state]}>{t(`ideas_poll_${poll.state}`)}</Tag>{poll.question}</Space>}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 6 }}>
        {poll.choice === 'single' ? t('ideas_single') : t('ideas_approval')} · {poll.voterMode === 'person' ? t('ideas_perPerson') : t('ideas_perHousehold')} · {fill('ideas_pollTime', { from: chinaTime(poll.opensAt), to: chinaTime(poll.closesAt) })}
      </Typography.Paragraph>
      {canVote ? (
        <>
          {poll.choice === 'single'
            ? <Radio.Group value={choices[0]} onChange={(e) => setChoices([e.target.value as number])}><Space direction="vertical">{poll.options.map((o, i) => <Radio key={o} value={i}>{o}</Radio>)}</Space></Radio.Group>
            : <Checkbox.Group value={choices} onChange={(v) => setChoices(v as number[])}><Space direction="vertical">{poll.options.map((o, i) => <Checkbox key={o} value={i}>{o}</Checkbox>)}</Space></Checkbox.Group>}
          <Button type="primary" block style={{ marginTop: 10 }} disabled={choices.length === 0} loading={busy} onClick={vote} data-testid="poll-vote">{t('ideas_vote')}</Button>
        </>
      ) : (
        <>
          {poll.votedByMe && <Tag color="green" style={{ marginBottom: 6 }}>{t('ideas_voted')}</Tag>}
          {poll.state !== 'closed' && <List size="small" dataSource={poll.options} renderItem={(o) => <List.Item style={{ padding: '2px 0' }}>{o}</List.Item>} />}
          <PollResult poll={poll} />
        </>
      )}
    </Card>
  );
}
