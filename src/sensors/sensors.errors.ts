/**
 * The sensors module's error codes: the HTTP status(es) and what a person is told, in Chinese and English.
 * Pure data (the web imports it too and shows messages by code); see platform/error-text.ts.
 */
import { defineErrors, e } from '../platform/error-text.ts';

export const SENSORS_ERRORS = defineErrors('sensors', {
  ALARM_NOT_FOUND: e(404, '找不到该告警', 'No such alarm'),
  ALARM_NOT_UNACKNOWLEDGED: e(409, '该告警已确认或已解除', 'The alarm was already acknowledged or cleared'),
  ALARM_CLEARED: e(409, '该告警已解除', 'The alarm is already cleared'),
  ASSET_NOT_FOUND: e(404, '找不到该设施', 'No such asset'),
  DEVICE_NOT_FOUND: e(404, '找不到该设备', 'No such device'),
  DEVICE_TOKEN_INVALID: e(401, '设备令牌无效或已吊销', 'Unknown or revoked device token'),
  TELEMETRY_REFUSED: e(400, '设备上报的数据无法识别，未被接收', 'The device\'s message held no reading that could be taken'),
});
