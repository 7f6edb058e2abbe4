/**
 * The people module's error codes: the HTTP status(es) and what a person is told, in Chinese and English.
 * Pure data (the web imports it too and shows messages by code); see platform/error-text.ts.
 */
import { defineErrors, e } from '../platform/error-text.ts';

export const PEOPLE_ERRORS = defineErrors('people', {
  INVALID_CREDENTIALS: e(401, '用户名或密码错误', 'Wrong user name or password'),
  OTP_INVALID: e(401, '验证码不正确或已使用', 'The code is wrong or was already used'),
  OTP_EXPIRED: e(401, '验证码已失效，请重新获取', 'The code has expired; ask for a new one'),
  OTP_TOO_SOON: e(429, '请 {retryAfterSeconds} 秒后再获取验证码', 'Wait {retryAfterSeconds} s before asking for another code', { zh: '请稍后再获取验证码', en: 'Wait a little before asking for another code' }),
  OTP_RATE_LIMITED: e(429, '该号码一小时内获取验证码次数过多，请稍后再试', 'Too many codes for this number in the last hour'),
  SMS_SEND_FAILED: e(502, '短信发送失败，请稍后重试', 'The SMS could not be sent; try again shortly'),
  PHONE_INVALID: e(400, '请输入 11 位大陆手机号', 'Enter an 11-digit mainland mobile number'),
  USER_EXISTS: e(409, '该{field}已被使用', 'This {field} is already taken', { zh: '该用户已存在', en: 'This user already exists' }),
  USER_NOT_FOUND: e([400, 404], '找不到该用户', 'No such user'),
  ROLE_UNKNOWN: e(400, '未知的角色', 'Unknown role'),
  ORGANISATION_EXISTS: e(409, '本区划已有同名组织', 'An organisation with this name exists in the region'),
  ORGANISATION_NOT_FOUND: e([400, 422], '找不到该组织', 'No such organisation'),
  PERMISSION_UNKNOWN: e(400, '没有这项权限', 'There is no such permission'),
  GRANT_NOT_NEEDED: e(400, '该权限随角色自动拥有，无需单独授权', 'This permission comes with a role; it is not granted separately'),
  GRANT_HOLDER: e(400, '请指定一位人员或一个组织（二选一）', 'Name one person or one organisation, not both'),
  GRANT_NOT_ELIGIBLE: e(400, '对方在该区域没有可被授予此权限的角色', 'They hold no role in that area that may be granted this permission'),
  GRANT_EXISTS: e(409, '已有相同的有效授权', 'The same grant is already in force'),
  GRANT_NOT_FOUND: e(404, '找不到该授权', 'No such grant'),
});
