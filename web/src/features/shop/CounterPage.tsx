/**
 * The shopkeeper's phone page (积分超市核销): scan a villager's order code — or a household card for a
 * family without a phone — see the order, confirm it (核销). A scan is a photo taken with the phone's
 * camera (decoded here, no app needed) or the code typed; an order code opened by the phone's own camera
 * app lands here too (/app/shop-counter/order/<token>).
 */
import { App, Button, Card, Descriptions, Input, List, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import decodeQR from 'qr/decode.js';
import type { CounterHousehold, OrderView } from '../../../../src/shop/shop.contract.ts';
import { api } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { useSegments } from '../../shared/router.ts';
import { useFail } from '../../shared/useFail.ts';
import { chinaTime, parseCode } from './words.ts';

export function CounterPage() {
  const fail = useFail();
  const { message } = App.useApp();
  const segments = useSegments();
  const [text, setText] = useState('');
  const [order, setOrder] = useState<OrderView | null>(null);
  const [household, setHousehold] = useState<{ card: string; view: CounterHousehold } | null>(null);
  const [busy, setBusy] = useState(false);
  const file = useRef<HTMLInputElement>(null);

  const lookup = async (raw: string) => {
    const code = parseCode(raw);
    if (!code) return void message.warning(t('shop_noCode'));
    setBusy(true);
    try {
      if (code.kind === 'order') {
        setHousehold(null);
        setOrder(await api<OrderView>(`/api/shop/orders/by-token/${code.token}`));
      } else {
        setOrder(null);
        setHousehold({ card: code.token, view: await api<CounterHousehold>(`/api/shop/counter/${code.token}`) });
      }
    } catch (e) { fail(e); } finally { setBusy(false); }
  };
  // an order code opened by the phone's camera app: /app/shop-counter/order/<token>
  const linked = segments[1] === 'order' ? segments[2] : undefined;
  useEffect(() => { if (linked) void lookup(linked); }, [linked]); // eslint-disable-line react-hooks/exhaustive-deps

  const fromPhoto = async (f: File) => {
    const bitmap = await createImageBitmap(f);
    const scale = Math.min(1, 1200 / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    try {
      const found = decodeQR(ctx.getImageData(0, 0, canvas.width, canvas.height));
      setText(found);
      await lookup(found);
    } catch {
      void message.warning(t('shop_noCode'));
    }
  };
  const redeem = async () => {
    setBusy(true);
    try {
      setOrder(await api<OrderView>(`/api/shop/orders/by-token/${order!.token}/redeem`, { method: 'POST', body: {} }));
      void message.success(t('shop_redeemed'));
    } catch (e) { fail(e); } finally { setBusy(false); }
  };
  const orderFor = async (itemId: string) => {
    setBusy(true);
    try {
      const o = await api<OrderView>('/api/shop/counter/orders', { method: 'POST', body: { cardToken: household!.card, itemId } });
      setHousehold(null);
      setOrder(o);
    } catch (e) { fail(e); } finally { setBusy(false); }
  };

  return (
    <div data-testid="shop-counter" style={{ maxWidth: 560 }}>
      <Card title={t('shop_counterNav')} size="small">
        <Typography.Paragraph type="secondary">{t('shop_scanHint')}</Typography.Paragraph>
        <Space.Compact style={{ width: '100%' }}>
          <Input value={text} onChange={(e) => setText(e.target.value)} placeholder={t('shop_codeInput')} onPressEnter={() => lookup(text)} data-testid="shop-code-input" allowClear />
          <Button type="primary" onClick={() => lookup(text)} loading={busy} data-testid="shop-lookup">{t('shop_lookup')}</Button>
        </Space.Compact>
        <Button block style={{ marginTop: 8 }} onClick={() => file.current?.click()}>{t('shop_scanPhoto')}</Button>
        <input ref={file} type="file" accept="image/*" capture="environment" hidden onChange={(e) => { const f = e.target.files?.[0]; if (f) void fromPhoto(f); e.target.value = ''; }} />
      </Card>

      {order && (
        <Card title={t('shop_order')} size="small" style={{ marginTop: 12 }} data-testid="shop-counter-order"
          extra={<Tag color={order.state === 'pending' ? 'blue' : order.state === 'redeemed' ? 'green' : 'default'}>{t(`shop_state_${order.state}`)}</Tag>}>
          <div style={{ display: 'flex', gap: 12 }}>
            {order.photoUrl && <img src={order.photoUrl} alt={order.itemName} style={{ width: 96, height: 72, objectFit: 'cover', borderRadius: 6 }} />}
            <div>
              <div style={{ fontSize: 18, fontWeight: 600 }}>{order.itemName} × {order.quantity}</div>
              <div style={{ color: '#d4380d', fontWeight: 600 }}>{order.points} {t('shop_points')}</div>
            </div>
          </div>
          <Descriptions column={1} size="small" style={{ marginTop: 8 }}>
            <Descriptions.Item label={t('shop_household')}>{order.householdName}</Descriptions.Item>
            <Descriptions.Item label={t('shop_buyer')}>{order.buyerName}</Descriptions.Item>
            <Descriptions.Item label={t('shop_createdAt')}>{chinaTime(order.createdAt)} · {t(`shop_channel_${order.channel}`)}</Descriptions.Item>
            <Descriptions.Item label={t('shop_expiresAt')}>{chinaTime(order.expiresAt)}</Descriptions.Item>
          </Descriptions>
          {order.state === 'pending' && <Button type="primary" size="large" block onClick={redeem} loading={busy} data-testid="shop-redeem">{t('shop_redeem')}</Button>}
        </Card>
      )}

      {household && (
        <Card title={`${t('shop_counterTitle')} · ${household.view.household.name}`} size="small" style={{ marginTop: 12 }} data-testid="shop-counter-household">
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{t('shop_counterHint')}</Typography.Paragraph>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('shop_village')}>{household.view.household.villageName}</Descriptions.Item>
            <Descriptions.Item label={t('shop_householdPoints')}>{household.view.available} {t('shop_points')}</Descriptions.Item>
          </Descriptions>
          <List size="small" dataSource={household.view.members} renderItem={(m) => <List.Item style={{ display: 'flex', justifyContent: 'space-between' }}><span>{m.name}</span><span>{m.available} {t('shop_points')}</span></List.Item>} />
          {household.view.pending.length > 0 && (
            <List size="small" header={<b>{t('shop_openOrders')}</b>} dataSource={household.view.pending}
              renderItem={(o) => <List.Item actions={[<Button key="o" size="small" onClick={() => { setHousehold(null); setOrder(o); }}>{t('shop_order')}</Button>]}>{o.itemName} · {o.points} {t('shop_points')}</List.Item>} />
          )}
          <List size="small" header={<b>{t('shop_orderFor')}</b>} dataSource={household.view.items} renderItem={(i) => (
            <List.Item actions={[<Button key="x" size="small" type="primary" disabled={i.stock.available <= 0 || !i.exchangeToday || i.price > household.view.available} onClick={() => orderFor(i.id)} loading={busy}>{t('shop_exchange')}</Button>]}>
              {i.name} <span style={{ color: '#888' }}>{i.unit}</span> · {i.price} {t('shop_points')}
            </List.Item>
          )} />
        </Card>
      )}
    </div>
  );
}
