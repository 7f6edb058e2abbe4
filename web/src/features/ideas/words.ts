/** Small helpers of the ideas' pages: placeholders in the dictionary's words, dates in China's time, the state colours. */
import { t, type Key } from '../../shared/i18n.ts';

export const fill = (key: Key, vars: Record<string, string | number>) => t(key).replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
export const chinaDate = (iso: string) => new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
export const chinaTime = (iso: string) => new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
export const STATE_COLOR: Record<string, string> = { collecting: 'blue', under_review: 'orange', adopted: 'green', not_adopted: 'default', merged: 'purple', done: 'cyan' };
export const stateWord = (s: string) => t(`ideas_state_${s}` as Key);
