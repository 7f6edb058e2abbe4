/** Small helpers of the shop's pages: placeholders in the dictionary's words, times in China's time, the QR code. */
import encodeQR from 'qr';
import { t, type Key } from '../../shared/i18n.ts';

export const fill = (key: Key, vars: Record<string, string | number>) => t(key).replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));

export const chinaTime = (iso: string) => new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));

/** The order's QR code as an SVG data URL (what the shopkeeper's phone scans). */
export const qrDataUrl = (text: string) => `data:image/svg+xml;utf8,${encodeURIComponent(encodeQR(text, 'svg'))}`;

/** What an order's QR code says: a URL of this site naming the token, so a phone's own camera app opens the counter too. */
export const orderCodeText = (token: string) => `${location.origin}/app/shop-counter/order/${token}`;

/** The token in a scanned code or typed text: an order's (…/order/<token>) or a household card's (…/households/card/<token>). */
export function parseCode(text: string): { kind: 'order' | 'card'; token: string } | null {
  const s = text.trim();
  const card = /\/households\/card\/([A-Za-z0-9_-]{1,64})/.exec(s);
  if (card) return { kind: 'card', token: card[1] };
  const order = /\/order\/([A-Za-z0-9_-]{1,32})/.exec(s) ?? /^([A-Za-z0-9_-]{1,32})$/.exec(s);
  return order ? { kind: 'order', token: order[1] } : null;
}
