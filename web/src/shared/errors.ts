/**
 * What a person is told when something fails: the words of the error's code from the shared catalogue
 * (src/platform/error-text.ts and the modules' *.errors.ts, the files the server's test checks), in the current language. The
 * Chinese UI never shows the server's English `message`: a code the catalogue lacks gets generic Chinese
 * words plus the code; only the English UI may fall back to the server's (English) message.
 */
/// <reference types="vite/client" />
import { errorMessage, UNKNOWN_ERROR } from '../../../src/platform/error-text.ts';

// each module's codes (src/<module>/<module>.errors.ts) join the catalogue as their files load: all of
// them, so a new module's words reach the web without an edit here
import.meta.glob('../../../src/*/*.errors.ts', { eager: true });
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
