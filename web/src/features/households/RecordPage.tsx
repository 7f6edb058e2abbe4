/**
 * A household's page (一户一档): members with roles, ID numbers and phones masked (查看 shows one in
 * full — the server audits it, and the household can read who looked), tags, grid and point, the change
 * history, who looked, its points and the cases its people reported (HouseholdActivity.tsx), and what
 * party work holds for the household (联户 tasks). Need-to-know: the
 * server answers 404 to anyone else, shown here as "not found". Phone-first: one column at 390 px.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, List, Modal, Space, Tag, Timeline, Typography } from 'antd';
import type { HouseholdRecord, RegistryPerson, Revealed, RevealList } from '../../../../src/households/registry.contract.ts';
import type { TaskPage } from '../../../../src/partywork/partywork.contract.ts';
import { api, type Me } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { ListSkeleton } from '../../shared/Loading.tsx';
import { href, navigate } from '../../shared/router.ts';
import { HouseholdPointsCard, ReportedCasesCard } from './HouseholdActivity.tsx';

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

export function RecordPage({ id, me }: { id: string; me: Me }) {
  const { message } = App.useApp();
  const [rec, setRec] = useState<HouseholdRecord | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [shown, setShown] = useState<Record<string, string>>({});
  const [looked, setLooked] = useState<RevealList | null>(null);
  const [tasks, setTasks] = useState<TaskPage | null>(null);
  const [rotating, setRotating] = useState(false);
  const [form] = Form.useForm();
  const reloadLooked = useCallback(() => void api<RevealList>(`/api/households/${encodeURIComponent(id)}/reveals`).then(setLooked, () => undefined), [id]);
  useEffect(() => {
    void api<HouseholdRecord>(`/api/households/${encodeURIComponent(id)}/record`).then((r) => { setRec(r); reloadLooked(); }, setError);
    if (me.permissions.includes('partywork.read')) void api<TaskPage>(`/api/partywork/tasks?householdId=${encodeURIComponent(id)}&limit=20`).then(setTasks, () => undefined);
  }, [id, me, reloadLooked]);
  if (error) return <Alert type="warning" showIcon message={errorText(error)} action={<Button onClick={() => navigate(href('households'))}>{t('hh_back')}</Button>} data-testid="household-record-error" />;
  if (!rec) return <Card><ListSkeleton rows={6} /></Card>;

  const reveal = async (p: RegistryPerson, field: 'idNumber' | 'phone') => {
    try {
      const r = await api<Revealed>(`/api/households/${rec.id}/people/${p.id}/reveal`, { body: { field } });
      setShown((s) => ({ ...s, [`${p.id}:${field}`]: r.value }));
      reloadLooked();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const rotate = async () => {
    const v = await form.validateFields();
    try {
      await api(`/api/households/${rec.id}/card/rotate`, { body: { reason: v.reason } });
      message.success(t('hh_rotated'));
      setRotating(false);
      form.resetFields();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const sensitive = (p: RegistryPerson, field: 'idNumber' | 'phone') => {
    const masked = p[field];
    if (!masked) return null;
    const full = shown[`${p.id}:${field}`];
    return (
      <Space size={4} wrap>
        <Typography.Text code={!!full} data-testid={`person-${field}`}>{full ?? masked}</Typography.Text>
        {!full && <Button size="small" type="link" onClick={() => void reveal(p, field)} data-testid={`reveal-${field}`}>{t('hh_reveal')}</Button>}
      </Space>
    );
  };

  return (
    <div data-testid="household-record" style={{ display: 'grid', gap: 12 }}>
      <Card size="small" title={<span>{rec.name} · {rec.address}</span>} extra={<Button size="small" onClick={() => navigate(href('households'))}>{t('hh_back')}</Button>}>
        <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('hh_village')}>{rec.regionName}</Descriptions.Item>
          <Descriptions.Item label={t('hh_grid')}>{rec.gridName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('hh_tags')}><span data-testid="household-tags">{rec.tags.length ? rec.tags.map((x) => <Tag key={x} color="blue">{x}</Tag>) : '—'}</span></Descriptions.Item>
          <Descriptions.Item label={t('hh_point')}>{rec.lon !== null && rec.lat !== null ? `${rec.lat.toFixed(5)}, ${rec.lon.toFixed(5)}` : '—'}</Descriptions.Item>
        </Descriptions>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`hh_seenAs_${rec.seenAs}`)}</Typography.Text>
      </Card>
      <Card size="small" title={t('hh_members')}>
        <List size="small" dataSource={rec.people} data-testid="household-drawer-members"
          renderItem={(p) => (
            <List.Item data-testid="household-person">
              <div style={{ width: '100%' }}>
                <div>{p.name}</div>
                <Space size={4} wrap style={{ marginTop: 4 }}>
                  <Tag color={p.relation === 'head' ? 'green' : undefined}>{t(`hh_rel_${p.relation}`)}</Tag>
                  {p.roles.map((r) => <Tag key={r} color="gold">{t(`hh_role_${r}`)}</Tag>)}
                  {p.birthYear && <Typography.Text type="secondary">{p.birthYear}{t('hh_born')}</Typography.Text>}
                  {!p.userId && <Typography.Text type="secondary">{t('hh_noAccount')}</Typography.Text>}
                </Space>
                {p.idNumber && <div style={{ marginTop: 4 }}><Typography.Text type="secondary">{t('hh_idNumber')}：</Typography.Text>{sensitive(p, 'idNumber')}</div>}
                {p.phone && <div><Typography.Text type="secondary">{t('hh_phone')}：</Typography.Text>{sensitive(p, 'phone')}</div>}
              </div>
            </List.Item>
          )} />
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>{t('hh_revealHint')}</Typography.Paragraph>
        {rec.manage && <Space style={{ marginTop: 12 }} wrap>
          <Button href={`/api/households/${rec.id}/card.svg`} target="_blank" data-testid="household-print">{t('hh_printCard')}</Button>
          <Button danger onClick={() => setRotating(true)} data-testid="household-rotate">{t('hh_rotate')}</Button>
        </Space>}
      </Card>
      {/* side by side on a wide screen, one under the other on a phone */}
      <div style={{ display: 'grid', gap: 12, gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 420px), 1fr))', alignItems: 'start' }}>
        <HouseholdPointsCard id={rec.id} />
        <ReportedCasesCard id={rec.id} />
      </div>
      <Card size="small" title={t('hh_tasks')} data-testid="household-tasks">
        {tasks ? <List size="small" dataSource={tasks.items} locale={{ emptyText: t('hh_tasksNone') }}
          renderItem={(x) => <List.Item><span>{x.subject}</span><Space size={4}><Tag>{x.kind}</Tag>{x.memberName && <span>{x.memberName}</span>}</Space></List.Item>} />
          : <Typography.Text type="secondary">{t('hh_tasksNoAccess')}</Typography.Text>}
      </Card>
      <Card size="small" title={t('hh_history')}>
        <Timeline data-testid="household-history" items={rec.history.map((h) => ({
          children: <span><b>{t(`hh_change_${h.change}` as `hh_change_created`)}</b> · {h.actorName} · <Typography.Text type="secondary">{when(h.at)}</Typography.Text>
            {(h.oldValue || h.newValue) && <div style={{ fontSize: 12 }}>{h.oldValue ? <><s>{h.oldValue}</s> → </> : null}{h.newValue}</div>}</span>,
        }))} />
      </Card>
      <Card size="small" title={t('hh_whoLooked')}>
        <WhoLooked list={looked} testId="household-looked" />
      </Card>
      <Modal open={rotating} title={t('hh_rotate')} onOk={rotate} onCancel={() => setRotating(false)} okText={t('save')} cancelText={t('cancel')} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label={t('hh_rotateReason')} rules={[{ required: true, whitespace: true, message: t('required') }]}><Input maxLength={200} data-testid="rotate-reason" /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

/** 谁看过我家的信息: shared by the household page and 我的户. */
export function WhoLooked({ list, testId }: { list: RevealList | null; testId: string }) {
  if (!list) return <ListSkeleton rows={3} />;
  return (
    <List size="small" dataSource={list.items} data-testid={testId} locale={{ emptyText: t('hh_lookedNone') }}
      renderItem={(r) => (
        <List.Item>
          <span>{r.who} · {t(`hh_looked_${r.what}`)}{r.personName ? `（${r.personName}）` : ''}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{when(r.at)}</Typography.Text>
        </List.Item>
      )} />
  );
}
