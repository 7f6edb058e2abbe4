/** 金点子 on the villager's phone: the list by state, an idea (its place on a small map, supports, the public answer, progress, milestones, ratings), 我有金点子 (NewIdeaForm.tsx), 村里投票. */
import { App, Button, Card, Form, Input, List, Progress, Rate, Segmented, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import type { IdeaDetail, IdeaPage as IdeaPageData, IdeaView } from '../../../../src/ideas/ideas.contract.ts';
import { api } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { EmptyHint, ListSkeleton, Loaded } from '../../shared/Loading.tsx';
import { href, navigate, useSegments } from '../../shared/router.ts';
import { useApi } from '../../shared/useApi.ts';
import { useFail } from '../../shared/useFail.ts';
import { PointsMap } from '../../shared/PointsMap.tsx';
import { NewIdeaForm } from './NewIdeaForm.tsx';
import { PollsList } from './PollsList.tsx';
import { chinaDate, fill, STATE_COLOR, stateWord } from './words.ts';

const FILTERS = ['all', 'collecting', 'under_review', 'adopted', 'done', 'not_adopted'] as const;

export function IdeasPage() {
  const seg = useSegments();
  const sub = seg[1];
  const tab = sub === 'polls' ? 'polls' : 'ideas';
  return (
    <div data-testid="ideas-page">
      <Segmented block value={tab} onChange={(v) => navigate(v === 'polls' ? href('ideas', 'polls') : href('ideas'))}
        options={[{ value: 'ideas', label: t('ideas_nav') }, { value: 'polls', label: t('ideas_polls') }]} style={{ marginBottom: 10 }} />
      {sub === 'polls' ? <PollsList /> : sub === 'new' ? <NewIdeaForm /> : sub ? <IdeaCard id={sub} /> : <IdeaList />}
    </div>
  );
}

function IdeaList() {
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('all');
  const page = useApi<IdeaPageData>(`/api/ideas?limit=100${filter === 'all' ? '' : `&state=${filter}`}`);
  return (
    <Card size="small" title={t('ideas_nav')} extra={<Button type="primary" onClick={() => navigate(href('ideas', 'new'))} data-testid="ideas-new">{t('ideas_new')}</Button>}>
      <div style={{ overflowX: 'auto', marginBottom: 8 }}>
        <Segmented size="small" value={filter} onChange={(v) => setFilter(v as typeof filter)} options={FILTERS.map((f) => ({ value: f, label: f === 'all' ? t('ideas_all') : stateWord(f) }))} data-testid="ideas-filter" />
      </div>
      <Loaded state={page} skeleton={<ListSkeleton rows={4} />} isEmpty={(d) => d.items.length === 0} empty={<EmptyHint text={t('ideas_empty')} testId="ideas-empty" />}>
        {(d) => (
          <List dataSource={d.items} data-testid="ideas-list" renderItem={(i) => (
            <List.Item onClick={() => navigate(href('ideas', i.id))} style={{ cursor: 'pointer', display: 'block' }} data-testid="ideas-item">
              <Space size={6} wrap><Tag color={STATE_COLOR[i.state]}>{stateWord(i.state)}</Tag><Typography.Text strong>{i.title}</Typography.Text></Space>
              <SupportLine idea={i} />
            </List.Item>
          )} />
        )}
      </Loaded>
    </Card>
  );
}

function SupportLine({ idea }: { idea: IdeaView }) {
  if (idea.state === 'adopted' || idea.state === 'done') return <Progress percent={idea.progress} size="small" status={idea.state === 'done' ? 'success' : 'active'} />;
  const words = idea.supportMode === 'household' ? 'ideas_supportsHh' : 'ideas_supports';
  return (
    <div style={{ fontSize: 12, color: '#666' }}>
      <Progress percent={Math.min(100, Math.round((idea.supports / idea.threshold) * 100))} size="small" showInfo={false} strokeColor="#fa8c16" />
      {fill(words, { n: idea.supports, threshold: idea.threshold })}{idea.state === 'collecting' ? ` · ${fill('ideas_deadline', { date: chinaDate(idea.supportDeadline) })}` : ''}
    </div>
  );
}

function IdeaCard({ id }: { id: string }) {
  const idea = useApi<IdeaDetail>(`/api/ideas/${id}`);
  const fail = useFail();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const support = async () => {
    setBusy(true);
    try { await api(`/api/ideas/${id}/supports`, { method: 'POST', body: {} }); void message.success(t('ideas_supportedOk')); idea.reload(); } catch (e) { fail(e); } finally { setBusy(false); }
  };
  return (
    <Loaded state={idea} skeleton={<Card size="small"><ListSkeleton rows={5} /></Card>}>
      {(i) => (
        <Card size="small" data-testid="idea-card" title={<Space size={6} wrap><Tag color={STATE_COLOR[i.state]} data-testid="idea-state">{stateWord(i.state)}</Tag>{i.title}</Space>}
          extra={<Button size="small" type="link" onClick={() => navigate(href('ideas'))}>{t('ideas_back')}</Button>}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{i.body}</Typography.Paragraph>
          {i.photoUrls.length > 0 && <Space wrap style={{ marginBottom: 8 }}>{i.photoUrls.map((u) => <img key={u} src={u} alt="" style={{ width: 96, height: 72, objectFit: 'cover', borderRadius: 4 }} />)}</Space>}
          {i.lon != null && i.lat != null && (
            <div style={{ marginBottom: 8, isolation: 'isolate' }} aria-label={t('ideas_placeOnMap')}>
              <PointsMap points={[{ id: i.id, name: i.title, lon: i.lon, lat: i.lat, color: '#d4380d' }]} onPick={() => undefined} testId="idea-place-map" height={160} labels={false} maxZoom={15} />
            </div>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('ideas_proposer')}：{i.proposerName} · {chinaDate(i.createdAt)} · {i.regionName}</Typography.Text>
          <div style={{ margin: '10px 0' }} data-testid="idea-supports"><SupportLine idea={{ ...i, state: i.state === 'adopted' || i.state === 'done' ? 'under_review' : i.state }} /></div>
          {(i.canSupport || i.supportedByMe) && (
            <Button type="primary" block size="large" disabled={!i.canSupport} loading={busy} onClick={support} data-testid="idea-support">{i.supportedByMe ? t('ideas_supported') : t('ideas_support')}</Button>
          )}
          <Card size="small" type="inner" title={t('ideas_answer')} style={{ marginTop: 12 }} data-testid="idea-answer">
            {i.outcome ? (
              <>
                <Tag color={STATE_COLOR[i.outcome]}>{stateWord(i.outcome)}</Tag>
                <Typography.Paragraph style={{ marginTop: 6, marginBottom: 0 }}>{i.outcomeReason}</Typography.Paragraph>
                {i.mergedInto && <Button type="link" style={{ padding: 0 }} onClick={() => navigate(href('ideas', i.mergedInto!.id))}>{fill('ideas_mergedInto', { title: i.mergedInto.title })}</Button>}
              </>
            ) : (
              <Typography.Text type="secondary">{t('ideas_noAnswer')}{i.answerDue ? ` ${fill('ideas_answerDue', { date: chinaDate(i.answerDue) })}` : ''}</Typography.Text>
            )}
          </Card>
          {(i.state === 'adopted' || i.state === 'done') && (
            <Card size="small" type="inner" title={t('ideas_progress')} style={{ marginTop: 12 }}>
              <Progress percent={i.progress} status={i.state === 'done' ? 'success' : 'active'} data-testid="idea-progress" />
              <Timeline style={{ marginTop: 12 }} items={i.milestones.map((m) => ({ children: <span><b>{m.progress}%</b> {m.note} <span style={{ color: '#999', fontSize: 12 }}>{chinaDate(m.createdAt)}</span></span> }))} />
            </Card>
          )}
          {i.officers.length > 0 && (
            <Card size="small" type="inner" title={t('ideas_ratings')} style={{ marginTop: 12 }}>
              <List size="small" dataSource={i.officers} renderItem={(o) => (
                <List.Item><div>{o.name} {o.stars ? <Rate disabled value={o.stars} style={{ fontSize: 14 }} /> : null}<div style={{ color: '#555' }}>{o.comment}</div></div></List.Item>
              )} />
              {i.amOfficer && i.state === 'done' && <RateForm id={i.id} onDone={idea.reload} />}
            </Card>
          )}
        </Card>
      )}
    </Loaded>
  );
}

function RateForm({ id, onDone }: { id: string; onDone: () => void }) {
  const fail = useFail();
  const { message } = App.useApp();
  return (
    <Form layout="vertical" onFinish={async (v: { stars: number; comment?: string }) => {
      try { await api(`/api/ideas/${id}/ratings`, { method: 'POST', body: { stars: v.stars, comment: v.comment ?? '' } }); void message.success(t('ideas_rated')); onDone(); } catch (e) { fail(e); }
    }}>
      <Form.Item name="stars" label={t('ideas_rate')} rules={[{ required: true }]}><Rate /></Form.Item>
      <Form.Item name="comment" label={t('ideas_comment')}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
      <Button htmlType="submit" type="primary">{t('ideas_rate')}</Button>
    </Form>
  );
}
