/** One case: facts, clock, map, photos, timeline and the actions the user may take. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Image, Row, Space, Tag, Timeline, Typography } from 'antd';
import L from 'leaflet';
import { api } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { createBaseMap } from '../../shared/map/base-map.ts';
import { ListSkeleton, LoadFailed } from '../../shared/Loading.tsx';
import { useMe } from '../../shared/me.ts';
import { plainStep } from './plain.ts';
import { ActionDialog } from './ActionDialog.tsx';
import { clock, duration, formatTime, MY_EVENTS, STATE_COLOR, useCaseEvents, useCategoryNames, type CaseAction, type CaseDetailData, type CaseLevel, type CaseSource, type CaseState, type Rating, type Supervision } from './caseUtil.ts';

function CaseMap({ lon, lat }: { lon: number; lat: number }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const m = createBaseMap(el.current, { center: [lat, lon], zoom: 14 });
    L.circleMarker([lat, lon], { radius: 9, color: '#c0392b', fillOpacity: 0.8 }).addTo(m);
    return () => void m.remove();
  }, [lon, lat]);
  return <div ref={el} data-testid="case-map" style={{ height: 200 }} />;
}

/** Actions with nothing to fill in happen on one tap (签收 on a phone). */
const DIRECT = ['sign', 'co_sign', 'resume', 'approve_extension', 'archive'];
/** Notes residents read: the answer, the handler's feedback, their own words; not internal reasons. */
const PLAIN_NOTES = ['answer', 'feedback', 'self_handle', 'close', 'rate', 'report', 'reject'];
const CO_COLOR: Record<string, string> = { pending: 'orange', signed: 'processing', done: 'green', waived: 'default' };

export function CaseDetail({ id, compact = false, plain = false }: { id: string; compact?: boolean; plain?: boolean }) {
  const [c, setC] = useState<CaseDetailData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [action, setAction] = useState<CaseAction | null>(null);
  const load = useCallback(() => api<CaseDetailData>(`/api/cases/${id}`).then((x) => { setC(x); setError(null); }, (e) => setError(e)), [id]);
  const { message } = App.useApp();
  const categoryName = useCategoryNames();
  const { me } = useMe();
  const run = async (a: CaseAction) => {
    if (!DIRECT.includes(a)) return setAction(a);
    try {
      await api(`/api/cases/${id}/actions`, { body: { action: a } });
      message.success(t(`action_${a}`));
    } catch (e) {
      message.error(errorText(e));
    }
    void load();
  };
  useEffect(() => void load(), [load]);
  useCaseEvents(useCallback((_type, data) => { if (data.payload?.caseId === id) void load(); }, [id, load]), plain ? MY_EVENTS : undefined);
  if (!c) return error ? <LoadFailed error={error} retry={() => void load()} /> : <Card size="small"><ListSkeleton rows={8} /></Card>;
  const { at, overdue } = clock(c);
  const end = c.closedAt ? new Date(c.closedAt).getTime() : Date.now();
  const answer = c.timeline.findLast((x) => x.action === 'answer');
  const name = (id: string | null) => (id ? c.names?.[id] ?? '—' : '—');
  const photos = [...new Set([...c.media, ...c.timeline.flatMap((x) => x.media)])];
  // nobody joins their own report
  const actions = (c.allowedActions as CaseAction[]).filter((a) => !(a === 'me_too' && c.reporterId === me.id));
  // residents read what happened in plain words, without the staff's steps, levels and names
  const steps = plain
    ? c.timeline.flatMap((x) => { const label = plainStep(x, me.id); return label ? [{ ...x, label }] : []; })
    : c.timeline.map((x) => ({ ...x, label: t(`action_${x.action as CaseAction}`) }));
  return (
    <Card size="small" data-testid="case-detail" title={<Space wrap>
      <span>{c.title}</span><Tag color={STATE_COLOR[c.state]} data-testid="case-state">{t(plain ? `plain_${c.state as CaseState}` : `state_${c.state as CaseState}`)}</Tag>
      {!plain && <Tag>{t(`level_${c.level as CaseLevel}_case`)}</Tag>}{!plain && c.supervision > 0 && <Tag color="red">{t(`supervision_${c.supervision as Supervision}`)}</Tag>}
    </Space>}>
      <Row gutter={16}>
        <Col xs={24} md={compact ? 24 : 14}>
          <Descriptions size="small" column={compact ? 1 : { xs: 1, md: 2 }} bordered>
            <Descriptions.Item label={t('caseNo')}>{c.no}</Descriptions.Item>
            <Descriptions.Item label={t('category')}>{categoryName(c.categoryCode)}</Descriptions.Item>
            {!plain && <Descriptions.Item label={t('source')}>{t(`source_${c.source as CaseSource}`)}</Descriptions.Item>}
            <Descriptions.Item label={t('reportedAt')}>{formatTime(c.reportedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('elapsed')}><span data-testid="case-elapsed">{duration(end - new Date(c.reportedAt).getTime())}</span></Descriptions.Item>
            {!plain && <Descriptions.Item label={t('deadline')}>{at ? <Typography.Text type={overdue ? 'danger' : undefined} strong={overdue}>{formatTime(at)}{overdue ? ` · ${t('overdue')}` : ''}</Typography.Text> : '—'}</Descriptions.Item>}
            {c.rating && <Descriptions.Item label={t('rating')}>{t(`rating_${c.rating as Rating}`)}</Descriptions.Item>}
            {!plain && (c.assigneeId || c.assignedOrgId) && <Descriptions.Item label={t('lead')}>{name(c.assigneeId ?? c.assignedOrgId)}</Descriptions.Item>}
            {!plain && c.coHandlers.length > 0 && <Descriptions.Item label={t('coHandlers')} span={compact ? 1 : 2}>
              <Space wrap data-testid="co-handlers">{c.coHandlers.map((h) => (
                <Tag key={h.orgId ?? h.userId} color={CO_COLOR[h.status]} title={h.note}>{name(h.orgId ?? h.userId)} · {t(`co_${h.status}`)}</Tag>
              ))}</Space>
            </Descriptions.Item>}
          </Descriptions>
          {c.feedbackAt && ['PROCESSING', 'EXTENSION_REQUESTED', 'SUSPENDED'].includes(c.state) && c.coHandlers.length > 0 && <Alert style={{ marginTop: 8 }} type="info" showIcon title={t('waitingCo')} />}
          {c.description && <Typography.Paragraph style={{ marginTop: 8 }}>{c.description}</Typography.Paragraph>}
          {answer?.note && <Alert style={{ marginTop: 8 }} type="success" showIcon data-testid="case-answer" title={t('action_answer')} description={answer.note} />}
          {photos.length > 0 && <Image.PreviewGroup>{photos.map((m) => <Image key={m} width={96} src={`/api/media/${m}/thumb`} preview={{ src: `/api/media/${m}` }} style={{ marginRight: 6 }} />)}</Image.PreviewGroup>}
          <div style={{ margin: '12px 0' }}>
            <Space wrap data-testid="case-actions">
              {actions.map((a) => <Button key={a} type={['dispatch', 'register_dispatch', 'sign', 'feedback', 'close', 'rate', 'register', 'co_sign', 'co_feedback'].includes(a) ? 'primary' : 'default'} onClick={() => void run(a)} data-testid={`act-${a}`}>{t(`action_${a}`)}</Button>)}
            </Space>
          </div>
        </Col>
        <Col xs={24} md={compact ? 24 : 10}>
          {!compact && <CaseMap lon={c.lon} lat={c.lat} />}
          <Typography.Title level={5} style={{ marginTop: 12 }}>{t('timeline')}</Typography.Title>
          <Timeline data-testid="case-timeline" items={steps.map((x) => ({
            color: !plain && (x.action === 'escalate' || x.action === 'urge') ? 'red' : 'green',
            content: <div><b>{x.label}</b> <Typography.Text type="secondary">{formatTime(x.at)}{!plain && x.actorId && c.names?.[x.actorId] ? ` · ${c.names[x.actorId]}` : ''}</Typography.Text>{x.note && (!plain || PLAIN_NOTES.includes(x.action)) && <div>{x.note}</div>}</div>,
          }))} />
        </Col>
      </Row>
      {action && <ActionDialog c={c} names={c.names} action={action} onCancel={() => setAction(null)} onDone={() => { setAction(null); void load(); }} />}
    </Card>
  );
}
