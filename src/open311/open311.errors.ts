/**
 * The open311 module's error codes: the HTTP status(es) and what a person is told, in Chinese and English.
 * Pure data (the web imports it too and shows messages by code); see platform/error-text.ts.
 */
import { defineErrors, e } from '../platform/error-text.ts';

export const OPEN311_ERRORS = defineErrors('open311', {
  OPEN311_KEY_NOT_FOUND: e(404, '找不到该接口密钥', 'No such active key'),
});
