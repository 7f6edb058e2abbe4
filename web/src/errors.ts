/**
 * What a person is told when something fails: the words of the error's code from the shared catalogue
 * (src/platform/error-text.ts, the same file the server's test checks), in the current language. The
 * Chinese UI never shows the server's English `message`: a code the catalogue lacks gets generic Chinese
 * words plus the code; only the English UI may fall back to the server's (English) message.
 */
import { errorMessage, UNKNOWN_ERROR } from '../../src/platform/error-text.ts';
import { getLang, type Lang } from './i18n.ts';

interface CodedError { code?: unknown; details?: unknown; message?: unknown }

export function errorText(err: unknown, lang: Lang = getLang()): string {
  const e = (err ?? {}) as CodedError;
  const code = typeof e.code === 'string' ? e.code : null;
  const details = e.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : {};
  if (code) {
    const known = errorMessage(code, details, lang);
    if (known) return known;
  }
  if (lang === 'en' && typeof e.message === 'string' && e.message) return e.message;
  return UNKNOWN_ERROR[lang].replace('{code}', code ?? (err instanceof TypeError ? 'NETWORK' : 'CLIENT'));
}
