/** The bell in the header: the person's in-app messages (a bin overflowing, …), unread count, live. */
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Grid, Popover } from 'antd';
import { NOTIFICATION_STREAM_EVENT, type StaffFrame } from '../../../../src/client-events.ts';
import { useLive } from '../../shared/live.ts';
import { api } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { ListSkeleton } from '../../shared/Loading.tsx';
import { caseHref, streamUrl, useMe } from '../../shared/me.ts';
import { navigate } from '../../shared/router.ts';
import type { Notification } from '../../../../src/notify/notify.contract.ts';

type Note = Notification;

const loadList = () => import('./NotificationList.tsx');
const NotificationList = lazy(() => loadList().then((m) => ({ default: m.NotificationList })));

export function NotificationBell() {
  const { me, features } = useMe();
  const meId = me.id;
  const [shown, setShown] = useState(false);
  const phone = Grid.useBreakpoint().md === false;
  const [data, setData] = useState<{ unread: number; items: Note[] }>({ unread: 0, items: [] });
  // opened before the first answer: a skeleton, not "no messages"; a failed first load says why
  const [first, setFirst] = useState<{ loading: boolean; error?: unknown }>({ loading: true });
  const load = useCallback(() => api<{ unread: number; items: Note[] }>('/api/notifications').then((d) => { setData(d); setFirst({ loading: false }); },
    (error: unknown) => setFirst((f) => (f.loading || f.error ? { loading: false, error } : f))), []);
  useEffect(() => {
    void load();
    const idle = setTimeout(() => void loadList(), 3_000);
    const timer = setInterval(() => void load(), 30_000);
    return () => { clearInterval(timer); clearTimeout(idle); };
  }, [load]);
  // people without an area's stream (residents, party members) listen to their own cases' instead of a 403
  useLive(streamUrl(me), [NOTIFICATION_STREAM_EVENT], (_type, data) => {
    const frame = data as Partial<StaffFrame<typeof NOTIFICATION_STREAM_EVENT>>;
    // the outbox writes the rows a moment after the event: read them once they are there
    if ((frame.payload?.recipients ?? []).includes(meId)) setTimeout(() => void load(), 500);
  });
  const open = (visible: boolean) => {
    setShown(visible);
    if (!visible && data.unread > 0) void api<{ unread: number; items: Note[] }>('/api/notifications/read', { body: {} }).then(setData);
  };
  // the list (antd's List pulls in Pagination, Select and a virtual list: ≈ 30 KB gzip) loads when the bell is
  // first opened or the browser is idle, not with the console's first screen
  const list = (
    <Suspense fallback={<div style={{ padding: 12 }}><ListSkeleton rows={3} /></div>}>
      <NotificationList phone={phone} first={first} items={data.items} reload={() => void load()}
        pick={(n) => { if (!n.caseId && !n.link) return; open(false); navigate(n.caseId ? caseHref(features, n.caseId) : n.link!); }} />
    </Suspense>
  );
  const bell = (
    <Badge count={data.unread} size="small" data-testid="bell-count">
      <Button size="small" data-testid="bell" aria-label={t('notifications')} icon={<BellOutlined />} onClick={phone ? () => open(true) : undefined} />
    </Badge>
  );
  // a phone gets the messages in a panel of its own width; a pop-over under the bell would leave the screen
  if (phone) return (<>
    {bell}
    <Drawer open={shown} placement="right" size="min(360px, 100vw)" title={t('notifications')} onClose={() => open(false)} styles={{ body: { padding: 0 } }}>{list}</Drawer>
  </>);
  return <Popover trigger="click" placement="bottomRight" open={shown} onOpenChange={open} content={list}>{bell}</Popover>;
}
