/** DingTalk custom robot: markdown message, optional HMAC-SHA256 signature ("加签"). */
import crypto from 'node:crypto';

export function signedUrl(url: string, secret: string | null, now = Date.now()): string {
  if (!secret) return url;
  const sign = crypto.createHmac('sha256', secret).update(`${now}\n${secret}`).digest('base64');
  return `${url}${url.includes('?') ? '&' : '?'}timestamp=${now}&sign=${encodeURIComponent(sign)}`;
}

export async function sendMarkdown(url: string, secret: string | null, title: string, text: string): Promise<void> {
  const res = await fetch(signedUrl(url, secret), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ msgtype: 'markdown', markdown: { title, text } }),
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`robot answered HTTP ${res.status}`);
  const body = (await res.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
  if (body.errcode) throw new Error(`robot refused: ${body.errcode} ${body.errmsg ?? ''}`);
}
