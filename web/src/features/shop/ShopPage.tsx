/** 积分商城 (resident, phone-first): the village shop's goods, ordering with points, my orders with their QR codes. */
import { App, Button, Card, Col, Empty, List, Modal, Popconfirm, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Catalogue, CatalogueItem, OrderPage, OrderView } from '../../../../src/shop/shop.contract.ts';
import { api } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { EmptyHint, ListSkeleton, Loaded } from '../../shared/Loading.tsx';
import { useApi } from '../../shared/useApi.ts';
import { useFail } from '../../shared/useFail.ts';
import { chinaTime, fill, orderCodeText, qrDataUrl } from './words.ts';

const STATE_COLOR = { pending: 'blue', redeemed: 'green', voided: 'default', expired: 'orange' } as const;

export function ShopPage() {
  const cat = useApi<Catalogue>('/api/shop/catalogue');
  const orders = useApi<OrderPage>('/api/shop/orders/mine?limit=30');
  const [shown, setShown] = useState<OrderView | null>(null);
  const reload = () => { cat.reload(); orders.reload(); };
  return (
    <div data-testid="shop-page">
      <Loaded state={cat} skeleton={<Card size="small"><ListSkeleton rows={4} /></Card>} isEmpty={(d) => !d.household}
        empty={<Card title={t('shop_nav')}><EmptyHint text={t('shop_noHousehold')} testId="shop-no-household" /></Card>}>
        {(d) => (
          <Card title={t('shop_nav')} size="small" extra={<Statistic title={t('shop_available')} value={d.available} suffix={t('shop_points')} valueStyle={{ fontSize: 18, lineHeight: 1.1 }} style={{ textAlign: 'right', padding: '4px 0' }} data-testid="shop-available" />}>
            <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{t('shop_earnedNote')}</Typography.Paragraph>
            {d.items.length === 0 ? <Empty description={t('shop_empty')} /> : (
              <Row gutter={[10, 10]} data-testid="shop-items">
                {d.items.map((i) => <Col key={i.id} xs={12} sm={8} md={6}><ItemCard item={i} available={d.available} onOrdered={(o) => { setShown(o); reload(); }} /></Col>)}
              </Row>
            )}
          </Card>
        )}
      </Loaded>
      <Card title={t('shop_myOrders')} size="small" style={{ marginTop: 12 }}>
        <Loaded state={orders} skeleton={<ListSkeleton rows={3} />} isEmpty={(d) => d.items.length === 0} empty={<EmptyHint text={t('shop_noOrders')} testId="shop-no-orders" />}>
          {(d) => (
            <List size="small" dataSource={d.items} data-testid="shop-my-orders" renderItem={(o) => (
              <List.Item actions={o.state === 'pending' ? [<Button key="qr" type="link" size="small" onClick={() => setShown(o)} data-testid="shop-show-code">{t('shop_showCode')}</Button>] : []}>
                <List.Item.Meta title={<Space size={6}>{o.itemName}<Tag color={STATE_COLOR[o.state]}>{t(`shop_state_${o.state}`)}</Tag></Space>}
                  description={`${o.quantity} ${o.unit} · ${o.points} ${t('shop_points')} · ${chinaTime(o.createdAt)}`} />
              </List.Item>
            )} />
          )}
        </Loaded>
      </Card>
      <OrderCode order={shown} onClose={() => setShown(null)} onCancelled={() => { setShown(null); reload(); }} />
    </div>
  );
}

function ItemCard({ item, available, onOrdered }: { item: CatalogueItem; available: number; onOrdered: (o: OrderView) => void }) {
  const fail = useFail();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const limited = item.limitPerPeriod !== null && item.usedThisPeriod >= item.limitPerPeriod;
  const disabled = item.stock.available <= 0 || !item.exchangeToday || limited || available < item.price;
  const order = async () => {
    setBusy(true);
    try {
      const o = await api<OrderView>('/api/shop/orders', { method: 'POST', body: { itemId: item.id } });
      void message.success(t('shop_ordered'));
      onOrdered(o);
    } catch (e) { fail(e); } finally { setBusy(false); }
  };
  return (
    <Card size="small" hoverable data-testid="shop-item" styles={{ body: { padding: 10 } }}
      cover={item.photoUrl ? <img src={item.photoUrl} alt={item.name} style={{ aspectRatio: '4 / 3', objectFit: 'cover' }} /> : undefined}>
      <div style={{ fontWeight: 600 }}>{item.name} <span style={{ fontWeight: 400, color: '#888', fontSize: 12 }}>{item.unit}</span></div>
      <div style={{ color: '#d4380d', fontSize: 16, fontWeight: 600 }}>{item.price} {t('shop_points')}</div>
      <div style={{ fontSize: 12, color: '#666' }}>{item.stock.available > 0 ? `${t('shop_stock')} ${item.stock.available}` : t('shop_soldOut')}</div>
      {item.limitPerPeriod !== null && <div style={{ fontSize: 12, color: '#666' }}>{fill('shop_limit', { limit: item.limitPerPeriod, period: t(`shop_period_${item.limitPeriod}`), used: item.usedThisPeriod })}</div>}
      {item.exchangeDays.length > 0 && <div style={{ fontSize: 12, color: item.exchangeToday ? '#666' : '#d46b08' }}>{fill('shop_days', { days: item.exchangeDays.join('、') })}</div>}
      <Popconfirm title={fill('shop_confirmOrder', { points: item.price, unit: item.unit, name: item.name })} onConfirm={order} disabled={disabled} okButtonProps={{ className: 'shop-confirm' }}>
        <Button type="primary" size="small" block style={{ marginTop: 6 }} disabled={disabled} loading={busy} data-testid="shop-order">{t('shop_exchange')}</Button>
      </Popconfirm>
    </Card>
  );
}

function OrderCode({ order, onClose, onCancelled }: { order: OrderView | null; onClose: () => void; onCancelled: () => void }) {
  const fail = useFail();
  const { message } = App.useApp();
  const cancel = async () => {
    try {
      await api(`/api/shop/orders/${order!.id}/cancel`, { method: 'POST', body: {} });
      void message.success(t('shop_cancelled'));
      onCancelled();
    } catch (e) { fail(e); }
  };
  return (
    <Modal open={!!order} onCancel={onClose} footer={null} title={order ? `${order.itemName} · ${order.points} ${t('shop_points')}` : ''} width={360} centered>
      {order && (
        <div style={{ textAlign: 'center' }} data-testid="shop-order-code" data-token={order.token}>
          <img src={qrDataUrl(orderCodeText(order.token))} alt={t('shop_showCode')} style={{ width: 240, height: 240 }} />
          <Typography.Paragraph type="secondary">{fill('shop_codeHint', { time: chinaTime(order.expiresAt) })}</Typography.Paragraph>
          <Typography.Text code copyable>{order.token}</Typography.Text>
          <div style={{ marginTop: 12 }}>
            <Popconfirm title={t('shop_cancel')} onConfirm={cancel}><Button danger size="small">{t('shop_cancel')}</Button></Popconfirm>
          </div>
        </div>
      )}
    </Modal>
  );
}
