import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Space, Tabs, Typography } from 'antd';
import { api, type ClientConfig } from '../../shared/api.ts';
import { LangSwitch } from '../../App.tsx';
import { errorText } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';

export function LoginPage({ onLoggedIn }: { onLoggedIn: () => void }) {
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [phoneForm] = Form.useForm();
  // the hint that codes are in the server log is for development servers only: the server says which it is
  const [codesInLog, setCodesInLog] = useState(false);
  useEffect(() => void api<ClientConfig>('/api/config/client').then((c) => setCodesInLog(c.smsCodesInLog), () => undefined), []);
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      // kept as the error, worded at render by its code: switching language re-words it
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const staff = (
    <Form layout="vertical" onFinish={(v) => run(async () => { await api('/api/auth/login', { body: v }); onLoggedIn(); })}>
      <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required') }]}><Input autoComplete="username" data-testid="username" /></Form.Item>
      <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('required') }]}><Input.Password autoComplete="current-password" data-testid="password" /></Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">{t('login')}</Button>
    </Form>
  );
  const resident = (
    <Form form={phoneForm} layout="vertical" onFinish={(v) => run(async () => { await api('/api/auth/otp/verify', { body: v }); onLoggedIn(); })}>
      <Form.Item name="phone" label={t('phone')} rules={[{ required: true, message: t('required') }]}><Input inputMode="tel" data-testid="phone" /></Form.Item>
      <Form.Item label={t('code')} required>
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item name="code" noStyle rules={[{ required: true, message: t('required') }]}><Input inputMode="numeric" maxLength={6} data-testid="code" /></Form.Item>
          <Button data-testid="get-code" onClick={() => run(async () => {
            await api('/api/auth/otp/request', { body: { phone: phoneForm.getFieldValue('phone') ?? '' } });
            message.success(t('codeSent'));
          })}>{t('getCode')}</Button>
        </Space.Compact>
      </Form.Item>
      {codesInLog && <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} data-testid="code-dev-hint">{t('codeDevHint')}</Typography.Paragraph>}
      <Button type="primary" htmlType="submit" block loading={busy}>{t('login')}</Button>
    </Form>
  );
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(135deg,#1d6f42,#7cb342)' }}>
      <Card style={{ width: 380, maxWidth: '94vw' }} title={<span>{t('appName')} <Typography.Text type="secondary" style={{ fontSize: 13 }}>{t('appSub')}</Typography.Text></span>} extra={<LangSwitch />}>
        {error != null && <Alert type="error" title={errorText(error)} showIcon style={{ marginBottom: 12 }} data-testid="login-error" />}
        <Tabs items={[{ key: 'staff', label: t('staffLogin'), children: staff }, { key: 'resident', label: t('residentLogin'), children: resident }]} />
      </Card>
    </div>
  );
}
