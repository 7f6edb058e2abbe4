/**
 * The dashboard module's error codes with what a person is told (zh, en); pure data, the web imports it
 * too (platform/error-text.ts). A region outside the caller's area, or a kiosk token's other region,
 * answers as a missing screen.
 */
import { defineErrors, e } from '../platform/error-text.ts';

export const DASHBOARD_ERRORS = defineErrors('dashboard', {
  SCREEN_NOT_FOUND: e(404, '没有这个区域的大屏', 'No screen for this region'),
  KIOSK_TOKEN_INVALID: e(401, '大屏授权已过期或已被收回，请联系管理员重新授权', 'The kiosk token has expired or was revoked: ask an administrator for a new one'),
  KIOSK_NOT_FOUND: e(404, '找不到该大屏授权', 'No such kiosk token'),
  KIOSK_EXPIRY_INVALID: e(422, '有效期须在 1 小时到 1 年之间', 'A kiosk token lasts between 1 hour and 1 year'),
});
