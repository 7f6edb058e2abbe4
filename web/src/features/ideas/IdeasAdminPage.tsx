/** 金点子与投票 in the console: the queue (answer / merge / adopt with a reason), progress milestones, experience officers, the outcome figure and late answers; polls (create, the voted roll the clerks cross off, paper ballots by two clerks, close). */
import { App, Button, Card, Drawer, Form, Input, InputNumber, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { IdeaDetail, IdeaPage, OutcomeFigures, PollView } from '../../../../src/ideas/ideas.contract.ts';
import { api, type Me } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { useApi } from '../../shared/useApi.ts';
import { useFail } from '../../shared/useFail.ts';
import { useMyVillages } from '../../shared/useMyVillages.ts';
import { PollResult } from './PollsList.tsx';
import { VotedRollButton } from './VotedRoll.tsx';
import { chinaDate, chinaTime, fill, STATE_COLOR, stateWord } from './words.ts';

export function IdeasAdminPage({ me }: { me: Me }) {
  const { villages, village, setVillage } = useMyVillages(me);
  const manage = (me.scopes['ideas.manage'] ?? []).length > 0;
  const roll = (me.scopes['ideas.voted_roll'] ?? []).length > 0;
  return (
    <Card size="small" title={t('ideas_adminNav')} data-testid="ideas-admin"
      extra={<Select size="small" style={{ minWidth: 160 }} value={village} onChange={setVillage} options={villages.map((v) => ({ value: v.code, label: `${v.township} ${v.name}` }))} data-testid="ideas-village" />}>
      {village && (
        <Tabs items={[
          ...(manage ? [{ key: 'queue', label: t('ideas_queue'), children: <Queue village={village} /> }] : []),
          { key: 'polls', label: t('ideas_polls'), children: <Polls village={village} manage={manage} roll={roll} /> },
        ]} />
      )}
    </Card>
  );
}

function Queue({ village }: { village: string }) {
  const [state, setState] = useState<string | undefined>(undefined);
  const page = useApi<IdeaPage>(`/api/ideas?region=${village}&limit=200${state ? `&state=${state}` : ''}`);
  const figures = useApi<OutcomeFigures>(`/api/ideas/outcomes?region=${village}`);
  const [open, setOpen] = useState<string | null>(null);
  const reload = () => { page.reload(); figures.reload(); };
  const f = figures.data;
  return (
    <>
      {f && (
        <Space size={24} wrap style={{ marginBottom: 12 }} data-testid="ideas-figures">
          <Statistic title={t('ideas_figure')} value={f.answeredShare === null ? '—' : `${Math.round(f.answeredShare * 100)}%`} />
          <Statistic title={t('ideas_total')} value={f.total} />
          <Statistic title={t('ideas_answered')} value={f.answered} />
          <Statistic title={t('ideas_reviewing')} value={f.underReview} />
          <Statistic title={t('ideas_overdueList')} value={f.overdue} valueStyle={{ color: f.overdue ? '#cf1322' : undefined }} />
          <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 260, display: 'inline-block' }}>{t('ideas_figureHint')}</Typography.Text>
        </Space>
      )}
      <Select allowClear placeholder={t('ideas_all')} style={{ width: 160, marginBottom: 8 }} value={state} onChange={setState}
        options={['collecting', 'under_review', 'adopted', 'done', 'not_adopted', 'merged'].map((s) => ({ value: s, label: stateWord(s) }))} />
      <Table rowKey="id" size="small" loading={page.loading} dataSource={page.data?.items ?? []} pagination={{ pageSize: 20 }} scroll={{ x: 900 }} data-testid="ideas-table"
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })} columns={[
          { title: t('ideas_title'), dataIndex: 'title', render: (v: string, r) => <Space size={4}>{r.overdue && <Tag color="red">{t('ideas_overdue')}</Tag>}{v}</Space> },
          { title: t('ideas_outcome'), dataIndex: 'state', width: 100, render: (s: string) => <Tag color={STATE_COLOR[s]}>{stateWord(s)}</Tag> },
          { title: t('ideas_supportCol'), width: 110, render: (_, r) => `${r.supports} / ${r.threshold}` },
          { title: t('ideas_progress'), dataIndex: 'progress', width: 90, render: (p: number, r) => (r.state === 'adopted' || r.state === 'done' ? `${p}%` : '') },
          { title: t('ideas_dueCol'), width: 130, render: (_, r) => (r.answerDue && !r.outcome ? chinaDate(r.answerDue) : '') },
          { title: t('ideas_proposer'), dataIndex: 'proposerName', width: 140 },
        ]} />
      <Drawer open={!!open} onClose={() => setOpen(null)} width={560} title={t('ideas_queue')} destroyOnClose>
        {open && <IdeaAdmin id={open} village={village} others={(page.data?.items ?? []).filter((i) => i.id !== open && i.state !== 'merged')} onChanged={reload} />}
      </Drawer>
    </>
  );
}

function IdeaAdmin({ id, others, onChanged }: { id: string; village: string; others: IdeaPage['items']; onChanged: () => void }) {
  const idea = useApi<IdeaDetail>(`/api/ideas/${id}`);
  const fail = useFail();
  const { message } = App.useApp();
  const [outcome, setOutcome] = useState<'adopted' | 'not_adopted' | 'merged'>('adopted');
  const post = async (path: string, body: unknown, ok: string, method = 'POST') => {
    try { await api(`/api/ideas/${id}/${path}`, { method, body }); void message.success(ok); idea.reload(); onChanged(); } catch (e) { fail(e); }
  };
  const i = idea.data;
  if (!i) return null;
  const open = i.state === 'collecting' || i.state === 'under_review';
  return (
    <div data-testid="idea-admin">
      <Space size={6} wrap><Tag color={STATE_COLOR[i.state]}>{stateWord(i.state)}</Tag><Typography.Text strong>{i.title}</Typography.Text></Space>
      <Typography.Paragraph style={{ marginTop: 8, whiteSpace: 'pre-wrap' }}>{i.body}</Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{i.proposerName} · {chinaDate(i.createdAt)} · {fill(i.supportMode === 'household' ? 'ideas_supportsHh' : 'ideas_supports', { n: i.supports, threshold: i.threshold })}</Typography.Paragraph>
      {i.outcomeReason && <Card size="small" type="inner" title={t('ideas_answer')}><Tag color={STATE_COLOR[i.state]}>{stateWord(i.outcome ?? i.state)}</Tag>{i.outcomeReason}</Card>}
      {open && (
        <Card size="small" type="inner" title={t('ideas_sendAnswer')} style={{ marginTop: 10 }}>
          <Form layout="vertical" onFinish={(v: { reason: string; mergedInto?: string }) => post('answer', { outcome, reason: v.reason, ...(outcome === 'merged' ? { mergedInto: v.mergedInto } : {}) }, t('ideas_answeredOk'))}>
            <Form.Item label={t('ideas_outcome')}>
              <Select value={outcome} onChange={setOutcome} data-testid="idea-outcome" options={(['adopted', 'not_adopted', 'merged'] as const).map((o) => ({ value: o, label: stateWord(o) }))} />
            </Form.Item>
            {outcome === 'merged' && <Form.Item name="mergedInto" label={t('ideas_mergeTarget')} rules={[{ required: true }]}><Select options={others.map((o) => ({ value: o.id, label: o.title }))} /></Form.Item>}
            <Form.Item name="reason" label={t('ideas_reason')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={3} maxLength={1000} data-testid="idea-reason" /></Form.Item>
            <Button type="primary" htmlType="submit" data-testid="idea-send-answer">{t('ideas_sendAnswer')}</Button>
          </Form>
        </Card>
      )}
      {i.state === 'collecting' && (
        <Card size="small" type="inner" title={t('ideas_settings')} style={{ marginTop: 10 }}>
          <Form layout="inline" initialValues={{ threshold: i.threshold, supportMode: i.supportMode }} onFinish={(v) => post('settings', v, t('ideas_saved'), 'PATCH')}>
            <Form.Item name="threshold" label={t('ideas_threshold')}><InputNumber min={1} max={100000} /></Form.Item>
            <Form.Item name="supportMode" label={t('ideas_mode')}><Select style={{ width: 110 }} options={[{ value: 'person', label: t('ideas_perPerson') }, { value: 'household', label: t('ideas_perHousehold') }]} /></Form.Item>
            <Button htmlType="submit">{t('ideas_saveSettings')}</Button>
          </Form>
        </Card>
      )}
      {(i.state === 'adopted' || i.state === 'done') && (
        <Card size="small" type="inner" title={`${t('ideas_progress')} ${i.progress}%`} style={{ marginTop: 10 }}>
          {i.milestones.map((m) => <div key={m.createdAt + m.progress}><b>{m.progress}%</b> {m.note} <span style={{ color: '#999' }}>{chinaDate(m.createdAt)}</span></div>)}
          {i.state === 'adopted' && (
            <Form layout="inline" style={{ marginTop: 8 }} onFinish={(v: { progress: number; note: string }) => post('milestones', v, t('ideas_milestoneOk'))}>
              <Form.Item name="progress" rules={[{ required: true }]}><InputNumber min={i.progress} max={100} addonAfter="%" placeholder={t('ideas_percent')} data-testid="idea-percent" /></Form.Item>
              <Form.Item name="note" rules={[{ required: true, whitespace: true }]}><Input placeholder={t('ideas_note')} maxLength={500} data-testid="idea-note" /></Form.Item>
              <Button type="primary" htmlType="submit" data-testid="idea-add-milestone">{t('ideas_addMilestone')}</Button>
            </Form>
          )}
        </Card>
      )}
      {(i.state === 'adopted' || i.state === 'done') && (
        <Card size="small" type="inner" title={t('ideas_officers')} style={{ marginTop: 10 }}>
          {i.officers.map((o) => <div key={o.name}>{o.name} {o.stars ? `★${o.stars}` : ''} {o.comment}</div>)}
          <Select style={{ width: 240, marginTop: 8 }} placeholder={t('ideas_pickSupporter')} options={i.supporters.map((s) => ({ value: s.id, label: s.name }))}
            onChange={(userId: string) => post('officers', { userId }, t('ideas_officerOk'))} />
        </Card>
      )}
    </div>
  );
}

function Polls({ village, manage, roll }: { village: string; manage: boolean; roll: boolean }) {
  const polls = useApi<{ items: PollView[] }>(`/api/polls?region=${village}`);
  const fail = useFail();
  const { message } = App.useApp();
  const create = async (v: { question: string; options: string; choice: 'single' | 'approval'; voterMode: 'person' | 'household'; days: number }) => {
    const now = Date.now();
    try {
      await api('/api/polls', { method: 'POST', body: { regionCode: village, question: v.question, options: v.options.split('\n').map((o) => o.trim()).filter(Boolean), choice: v.choice, voterMode: v.voterMode, opensAt: new Date(now).toISOString(), closesAt: new Date(now + v.days * 86_400_000).toISOString() } });
      void message.success(t('ideas_created'));
      polls.reload();
    } catch (e) { fail(e); }
  };
  return (
    <>
      {manage && (
        <Card size="small" type="inner" title={t('ideas_newPoll')} style={{ marginBottom: 12 }}>
          <Form layout="vertical" initialValues={{ choice: 'single', voterMode: 'person', days: 7 }} onFinish={create}>
            <Form.Item name="question" label={t('ideas_question')} rules={[{ required: true }]}><Input maxLength={120} /></Form.Item>
            <Form.Item name="options" label={t('ideas_options')} rules={[{ required: true }]}><Input.TextArea rows={3} /></Form.Item>
            <Space wrap>
              <Form.Item name="choice" label={t('ideas_choice')}><Select style={{ width: 120 }} options={[{ value: 'single', label: t('ideas_single') }, { value: 'approval', label: t('ideas_approval') }]} /></Form.Item>
              <Form.Item name="voterMode" label={t('ideas_voterMode')}><Select style={{ width: 130 }} options={[{ value: 'person', label: t('ideas_perPerson') }, { value: 'household', label: t('ideas_perHousehold') }]} /></Form.Item>
              <Form.Item name="days" label={t('ideas_closes')}><InputNumber min={1} max={90} addonAfter={fill('ideas_days', { n: '' }).trim()} /></Form.Item>
            </Space>
            <Button type="primary" htmlType="submit">{t('ideas_create')}</Button>
          </Form>
        </Card>
      )}
      <Space direction="vertical" style={{ width: '100%' }} data-testid="admin-polls">
        {(polls.data?.items ?? []).map((p) => <AdminPoll key={p.id} poll={p} manage={manage} roll={roll} onChanged={polls.reload} />)}
      </Space>
    </>
  );
}

function AdminPoll({ poll, manage, roll, onChanged }: { poll: PollView; manage: boolean; roll: boolean; onChanged: () => void }) {
  const fail = useFail();
  const { message } = App.useApp();
  const enter = async (v: { label: string; ballots: number; counts: number[] }) => {
    try { await api(`/api/polls/${poll.id}/paper`, { method: 'POST', body: { label: v.label, ballots: v.ballots, counts: poll.options.map((_, i) => v.counts?.[i] ?? 0) } }); void message.success(t('ideas_entered')); onChanged(); } catch (e) { fail(e); }
  };
  const close = async () => {
    try { await api(`/api/polls/${poll.id}/close`, { method: 'POST', body: {} }); void message.success(t('ideas_closedOk')); onChanged(); } catch (e) { fail(e); }
  };
  return (
    <Card size="small" title={<Space wrap><Tag>{t(`ideas_poll_${poll.state}`)}</Tag>{poll.question}</Space>} data-testid="admin-poll"
      extra={<Space size={6} wrap>
        {roll && poll.state !== 'upcoming' && <VotedRollButton pollId={poll.id} />}
        {manage && poll.state !== 'closed' && <Button size="small" danger onClick={close}>{t('ideas_close')}</Button>}
      </Space>}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{poll.options.join(' / ')} · {fill('ideas_pollTime', { from: chinaTime(poll.opensAt), to: chinaTime(poll.closesAt) })}</Typography.Paragraph>
      <PollResult poll={poll} />
      {poll.paper.length > 0 && (
        <Table rowKey="label" size="small" pagination={false} style={{ marginTop: 8 }} dataSource={poll.paper} scroll={{ x: 'max-content' }} columns={[
          { title: t('ideas_batch'), dataIndex: 'label' }, { title: t('ideas_ballots'), dataIndex: 'ballots' },
          { title: t('ideas_countsCol'), dataIndex: 'counts', render: (c: number[] | null) => (c ? c.join(' / ') : '—') },
          { title: '', render: (_, b) => (b.agreed ? <Tag color="green">{t('ideas_agreed')}（{b.clerkA}、{b.clerkB}）</Tag> : <Tag color="orange">{t('ideas_waiting')}（{b.clerkA}）</Tag>) },
        ]} />
      )}
      {poll.state !== 'closed' && (
        <Card size="small" type="inner" title={t('ideas_paper')} style={{ marginTop: 8 }}>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('ideas_paperHint')}</Typography.Paragraph>
          <Form layout="inline" onFinish={enter}>
            <Form.Item name="label" rules={[{ required: true }]}><Input placeholder={t('ideas_batch')} style={{ width: 120 }} /></Form.Item>
            <Form.Item name="ballots" rules={[{ required: true }]}><InputNumber min={0} placeholder={t('ideas_ballots')} /></Form.Item>
            {poll.options.map((o, i) => <Form.Item key={o} name={['counts', i]} label={o}><InputNumber min={0} style={{ width: 80 }} /></Form.Item>)}
            <Button htmlType="submit">{t('ideas_enter')}</Button>
          </Form>
        </Card>
      )}
    </Card>
  );
}
