/**
 * One village's scoring group (评分小组: add from a people search or by id, take off), its scoring
 * settings (quorum, 公示 and 复核 days, ¥ per point — set for the village or, by those who manage a
 * township, for the township), and the report the village budget reads: unspent points and their worth,
 * the month's median per household and the 人情分 alerts.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Form, Input, InputNumber, List, Popconfirm, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, type Me, type UserView } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import type { Village } from './PointsAdminPage.tsx';
import { fill } from './plain.ts';
import type { PointsReport, Scorers, SettingsView } from './types.ts';

export function ScorersTab({ me, village }: { me: Me; village?: string }) {
  const { message } = App.useApp();
  const manage = me.permissions.includes('points.manage');
  const [rows, setRows] = useState<Scorers | null>(null);
  const [found, setFound] = useState<UserView[]>([]);
  const [pick, setPick] = useState<string | undefined>(undefined);
  const [byId, setById] = useState('');
  const load = useCallback(() => { if (village) void api<Scorers>(`/api/points/scorers/${village}`).then(setRows, () => setRows([])); }, [village]);
  useEffect(load, [load]);
  const search = (q: string) => {
    if (!me.permissions.includes('users.read') || q.trim().length < 1) return;
    void api<{ items: UserView[] }>(`/api/users?q=${encodeURIComponent(q.trim())}&limit=20`).then((r) => setFound(r.items), () => setFound([]));
  };
  const change = async (path: string, userId: string) => {
    try {
      setRows(await api<Scorers>(path, { body: { regionCode: village, userId } }));
      setPick(undefined);
      setById('');
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <div data-testid="scorers-tab">
      <Typography.Paragraph type="secondary">{t('pt_scorersHint')}</Typography.Paragraph>
      {manage && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Select showSearch filterOption={false} onSearch={search} value={pick} onChange={setPick} placeholder={t('pt_scorerSearch')} style={{ width: 300 }} data-testid="scorer-search"
            options={found.map((u) => ({ value: u.id, label: `${u.displayName}${u.phone ? ` ${u.phone}` : ''}` }))} notFoundContent={null} />
          <Input placeholder={t('pt_scorerById')} value={byId} onChange={(e) => setById(e.target.value)} style={{ width: 320 }} data-testid="scorer-id" />
          <Button type="primary" disabled={!pick && !byId.trim()} onClick={() => void change('/api/points/scorers', pick ?? byId.trim())} data-testid="scorer-add">{t('pt_scorerAdd')}</Button>
        </Space>
      )}
      <List bordered size="small" dataSource={rows ?? []} loading={rows === null && !!village} locale={{ emptyText: t('pt_scorersEmpty') }} data-testid="scorers-list" style={{ maxWidth: 640 }}
        renderItem={(s, i) => (
          <List.Item actions={manage ? [<Popconfirm key="r" title={t('pt_remove')} onConfirm={() => void change('/api/points/scorers/remove', s.userId)}><Button size="small" danger>{t('pt_remove')}</Button></Popconfirm>] : []}>
            {i + 1}. {s.name ?? s.userId}
          </List.Item>
        )} />
    </div>
  );
}

export function SettingsTab({ me, village, villages }: { me: Me; village?: string; villages: Village[] }) {
  const { message } = App.useApp();
  const manage = me.permissions.includes('points.manage');
  const [form] = Form.useForm<SettingsView & { regionCode: string }>();
  const [at, setAt] = useState<string | undefined>(village);
  const [from, setFrom] = useState<string | null>(null);
  useEffect(() => setAt(village), [village]);
  useEffect(() => {
    if (!at) return;
    void api<SettingsView>(`/api/points/settings/${at}`).then((s) => { form.setFieldsValue({ ...s, regionCode: at }); setFrom(s.regionCode); }, (e) => message.error(errorText(e)));
  }, [at, form, message]);
  // a village, or a township the person's memberships cover (its settings reach every village in it)
  const places = [...new Map([
    ...villages.filter((v) => v.code === village).map((v) => [v.code, `${v.name}（${v.township}）`] as const),
    ...me.memberships.filter((m) => m.regionCode.length === 12 && m.regionCode.endsWith('000')).map((m) => [m.regionCode, me.regionNames[m.regionCode] ?? m.regionCode] as const),
    ...(village ? [[`${village.slice(0, 9)}000`, villages.find((v) => v.code === village)?.township ?? village.slice(0, 9)] as const] : []),
  ]).entries()].map(([value, label]) => ({ value, label }));
  const save = async () => {
    const v = await form.validateFields();
    try {
      await api('/api/points/settings', { body: { regionCode: at, quorum: v.quorum, noticeDays: v.noticeDays, recheckDays: v.recheckDays, yuanPerPoint: v.yuanPerPoint } });
      message.success(t('pt_saved'));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Card size="small" style={{ maxWidth: 560 }} data-testid="settings-tab">
      <Space style={{ marginBottom: 12 }}>{t('pt_settingsFor')}<Select style={{ width: 260 }} value={at} onChange={setAt} options={places} data-testid="settings-place" /></Space>
      {from !== at && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={fill(t('pt_inherited'), { r: from ? (me.regionNames[from] ?? places.find((p) => p.value === from)?.label ?? from) : t('pt_allRegions') })} />}
      <Form form={form} layout="horizontal" labelCol={{ span: 10 }} disabled={!manage}>
        <Form.Item name="quorum" label={t('pt_quorum')} rules={[{ required: true }]}><InputNumber min={1} max={15} precision={0} /></Form.Item>
        <Form.Item name="noticeDays" label={t('pt_noticeDaysL')} rules={[{ required: true }]}><InputNumber min={1} max={30} precision={0} /></Form.Item>
        <Form.Item name="recheckDays" label={t('pt_recheckDaysL')} rules={[{ required: true }]}><InputNumber min={1} max={30} precision={0} /></Form.Item>
        <Form.Item name="yuanPerPoint" label={t('pt_yuanPerPoint')} rules={[{ required: true }]}><InputNumber min={0} max={100} step={0.05} /></Form.Item>
        {manage && <Form.Item wrapperCol={{ offset: 10 }}><Button type="primary" onClick={() => void save()} data-testid="settings-save">{t('save')}</Button></Form.Item>}
      </Form>
    </Card>
  );
}

export function ReportTab({ village }: { village?: string }) {
  const [month, setMonth] = useState<Dayjs | null>(null);
  const [report, setReport] = useState<PointsReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!village) return;
    setError(null);
    void api<PointsReport>(`/api/points/report/${village}${month ? `?month=${month.format('YYYY-MM')}` : ''}`).then(setReport, (e) => setError(errorText(e)));
  }, [village, month]);
  return (
    <div data-testid="report-tab">
      <Space style={{ marginBottom: 12 }}>{t('pt_month')}<DatePicker picker="month" value={month} onChange={setMonth} allowClear placeholder={report?.month} /></Space>
      {error && <Alert type="error" showIcon title={error} />}
      {report && (<>
        <Row gutter={16} style={{ marginBottom: 16 }}>
          <Col span={5}><Card size="small"><Statistic title={t('pt_liability')} value={report.liability.points} data-testid="liability-points" /></Card></Col>
          <Col span={5}><Card size="small"><Statistic title={t('pt_liabilityYuan')} value={report.liability.yuan} precision={2} prefix="¥" data-testid="liability-yuan" /></Card></Col>
          <Col span={4}><Card size="small"><Statistic title={t('pt_accounts')} value={report.liability.accounts} /></Card></Col>
          <Col span={5}><Card size="small"><Statistic title={t('pt_households')} value={report.households} /></Card></Col>
          <Col span={5}><Card size="small"><Statistic title={t('pt_median')} value={report.median} /></Card></Col>
        </Row>
        <Card size="small" title={`${t('pt_alerts')} · ${report.month}`}>
          {report.alerts.length === 0 ? <Empty description={t('pt_alertsNone')} /> : (
            <Table scroll={{ x: 'max-content' }} rowKey="householdId" size="small" dataSource={report.alerts} pagination={false} data-testid="alerts-table"
              columns={[
                { title: t('pt_household'), render: (_, a) => a.label ?? a.householdId },
                { title: t('pt_earned'), dataIndex: 'earned' },
                { title: t('pt_claims'), dataIndex: 'claims' },
                { title: t('pt_timesMedian'), dataIndex: 'timesMedian', render: (x) => (x === null ? '—' : `${x}×`) },
              ]} />
          )}
        </Card>
      </>)}
    </div>
  );
}
