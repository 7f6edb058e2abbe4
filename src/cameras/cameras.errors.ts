/**
 * The cameras module's error codes: the HTTP status(es) and what a person is told, in Chinese and English.
 * Pure data (the web imports it too and shows messages by code); see platform/error-text.ts.
 */
import { defineErrors, e } from '../platform/error-text.ts';

export const CAMERAS_ERRORS = defineErrors('cameras', {
  CAMERA_EXISTS: e(409, '已有同名摄像头', 'A camera with this name exists'),
  CAMERA_EVENT_REFUSED: e(400, '摄像头推送的事件无法识别，未被接收', 'The camera\'s push held no event that could be taken'),
  EPISODE_NOT_FOUND: e(404, '找不到该识别记录', 'No such episode'),
});
