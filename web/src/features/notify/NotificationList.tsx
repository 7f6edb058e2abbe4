/** The bell's messages (loaded when first opened: see NotificationBell.tsx). */
import { List, Typography } from 'antd';
import type { Notification } from '../../../../src/notify/notify.contract.ts';
import { t } from '../../shared/i18n.ts';
import { EmptyHint, ListSkeleton, LoadFailed } from '../../shared/Loading.tsx';
import { formatTime } from '../cases/caseUtil.ts';

export function NotificationList({ phone, first, items, reload, pick }: {
  phone: boolean;
  first: { loading: boolean; error?: unknown };
  items: Notification[];
  reload: () => void;
  pick: (n: Notification) => void;
}) {
  return (
    <div style={phone ? undefined : { width: 300, maxHeight: 360, overflow: 'auto' }} data-testid="notifications">
      {first.loading ? <div style={{ padding: 12 }}><ListSkeleton rows={3} /></div>
        : first.error ? <LoadFailed error={first.error} retry={reload} />
          : items.length === 0 ? <EmptyHint text={t('noNotifications')} /> : (
        <List size="small" dataSource={items} renderItem={(n) => (
          <List.Item data-testid="notification" style={{ display: 'block', opacity: n.read ? 0.6 : 1, cursor: n.caseId || n.link ? 'pointer' : undefined }}
            onClick={() => pick(n)}>
            <Typography.Text strong={!n.read}>{n.title}</Typography.Text>
            <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{n.body} · {formatTime(n.createdAt)}</Typography.Text></div>
          </List.Item>
        )} />
      )}
    </div>
  );
}
