/**
 * The error-code catalogue: every code the server answers with, its HTTP status(es), and what a person is
 * told in Chinese and English. Pure data and one pure function, no Node imports: the web app imports this
 * file too and shows messages by code, so nobody in the Chinese UI reads an English server string.
 * `test/error-catalogue.test.ts` scans src/ and fails when a thrown code is missing here.
 *
 * Placeholders `{name}` are filled from the error's `details` (`{field}` in the reader's language from
 * FIELD_TEXT). When a placeholder has no value, the entry's `plain` text is used instead.
 */
export type ErrorLang = 'zh' | 'en';
export interface Words { zh: string; en: string }
export interface ErrorEntry extends Words {
  /** the status(es) the server answers with this code (a CLI-only code carries its exit code) */
  status: number | number[];
  /** the words when a placeholder of zh/en has no value in the details */
  plain?: Words;
}

const e = (status: number | number[], zh: string, en: string, plain?: Words): ErrorEntry => ({ status, zh, en, plain });

export const ERROR_TEXT: Record<string, ErrorEntry> = {
  // platform: the error handler, the router, Fastify and its plugins
  VALIDATION_FAILED: e(400, '字段「{field}」不正确，请检查后重试', 'The field "{field}" is not valid; please check it', { zh: '提交的内容不正确，请检查后重试', en: 'Something in the form is not valid; please check it' }),
  BAD_REQUEST: e(400, '请求有误，请检查后重试', 'The request is not valid'),
  MALFORMED_BODY: e(400, '提交的内容无法读取', 'The request body cannot be read'),
  BAD_URL: e(400, '网址格式不正确', 'The address is not validly encoded'),
  BODY_TOO_LARGE: e(413, '提交的内容太大', 'The request is too large'),
  UNSUPPORTED_MEDIA_TYPE: e(415, '不支持的内容格式', 'Unsupported content type'),
  URI_TOO_LONG: e(414, '网址太长', 'The address is too long'),
  ROUTE_NOT_FOUND: e(404, '找不到该页面或接口', 'No such page or API'),
  UNAUTHENTICATED: e(401, '请先登录', 'Please log in'),
  FORBIDDEN: e(403, '您没有权限执行此操作', 'You are not allowed to do that'),
  INTERNAL: e(500, '服务器出错了，请稍后重试', 'Something went wrong on the server; please try again later'),
  DATABASE_UNAVAILABLE: e(503, '数据库暂时无法访问，请稍后重试', 'The database is unreachable for the moment; please try again shortly'),
  DATABASE_UNREACHABLE: e(503, '无法连接数据库', 'Cannot connect to the database'),
  DATA_DIR_LOCKED: e(409, '内置数据库正被另一个进程使用', 'The embedded database is in use by another process'),
  RATE_LIMITED: e(429, '操作太频繁，请 {retryAfterSeconds} 秒后再试', 'Too many at once: try again in {retryAfterSeconds} s', { zh: '操作太频繁，请稍后再试', en: 'Too many at once: try again a little later' }),
  TOO_MANY_ATTEMPTS: e(429, '尝试次数过多，请 {retryAfterSeconds} 秒后再试', 'Too many attempts; try again in {retryAfterSeconds} s', { zh: '尝试次数过多，请稍后再试', en: 'Too many attempts; try again later' }),
  // uploads and media
  FILE_TOO_LARGE: e(413, '文件太大', 'The file is too large'),
  TOO_MANY_FILES: e(413, '一次上传的文件太多', 'Too many files at once'),
  TOO_MANY_PARTS: e(413, '一次提交的内容太多', 'Too many parts in the upload'),
  TOO_MANY_FIELDS: e(413, '一次提交的字段太多', 'Too many fields in the upload'),
  MULTIPART_REQUIRED: e(400, '请以文件上传的方式提交照片', 'Send the photo as a file upload'),
  MULTIPART_MALFORMED: e(400, '上传的内容无法读取', 'The upload cannot be read'),
  MEDIA_MISSING: e(400, '没有收到文件', 'No file in the upload'),
  MEDIA_EMPTY: e(400, '文件是空的', 'The file is empty'),
  MEDIA_TYPE_NOT_ALLOWED: e(415, '只能上传照片（JPEG、PNG、WebP）', 'Only photos can be uploaded (JPEG, PNG, WebP)'),
  MEDIA_CORRUPT: e(422, '照片已损坏，无法打开', 'The photo is damaged and cannot be opened'),
  MEDIA_TOO_MANY_PIXELS: e(413, '照片像素太大', 'The photo has too many pixels'),
  MEDIA_METADATA: e(422, '无法去除照片中的位置信息，请改用 JPEG 格式', 'The photo\'s location data cannot be removed; send it as JPEG'),
  MEDIA_NOT_FOUND: e([400, 404], '找不到照片，请重新上传', 'The photo was not found; upload it again'),
  // people: log-in, users, organisations
  INVALID_CREDENTIALS: e(401, '用户名或密码错误', 'Wrong user name or password'),
  OTP_INVALID: e(401, '验证码不正确或已使用', 'The code is wrong or was already used'),
  OTP_EXPIRED: e(401, '验证码已失效，请重新获取', 'The code has expired; ask for a new one'),
  OTP_TOO_SOON: e(429, '请 {retryAfterSeconds} 秒后再获取验证码', 'Wait {retryAfterSeconds} s before asking for another code', { zh: '请稍后再获取验证码', en: 'Wait a little before asking for another code' }),
  OTP_RATE_LIMITED: e(429, '该号码一小时内获取验证码次数过多，请稍后再试', 'Too many codes for this number in the last hour'),
  SMS_SEND_FAILED: e(502, '短信发送失败，请稍后重试', 'The SMS could not be sent; try again shortly'),
  PHONE_INVALID: e(400, '请输入 11 位大陆手机号', 'Enter an 11-digit mainland mobile number'),
  USER_EXISTS: e(409, '该{field}已被使用', 'This {field} is already taken', { zh: '该用户已存在', en: 'This user already exists' }),
  USER_NOT_FOUND: e(404, '找不到该用户', 'No such user'),
  ROLE_UNKNOWN: e(400, '未知的角色', 'Unknown role'),
  ORGANISATION_EXISTS: e(409, '本区划已有同名组织', 'An organisation with this name exists in the region'),
  ORGANISATION_NOT_FOUND: e([400, 422], '找不到该组织', 'No such organisation'),
  PERMISSION_UNKNOWN: e(400, '没有这项权限', 'There is no such permission'),
  GRANT_NOT_NEEDED: e(400, '该权限随角色自动拥有，无需单独授权', 'This permission comes with a role; it is not granted separately'),
  GRANT_HOLDER: e(400, '请指定一位人员或一个组织（二选一）', 'Name one person or one organisation, not both'),
  GRANT_NOT_ELIGIBLE: e(400, '对方在该区域没有可被授予此权限的角色', 'They hold no role in that area that may be granted this permission'),
  GRANT_EXISTS: e(409, '已有相同的有效授权', 'The same grant is already in force'),
  GRANT_NOT_FOUND: e(404, '找不到该授权', 'No such grant'),
  // regions
  REGION_NOT_FOUND: e([400, 404], '找不到该区划', 'No such region'),
  REGION_CODE_INVALID: e(400, '区划代码不正确', 'Not a region code'),
  COORDINATES_OUT_OF_RANGE: e(400, '位置不在中国境内', 'The position is not in China'),
  POINT_OUTSIDE_GRIDS: e(422, '该位置不在任何网格内', 'No grid covers this position'),
  IMPORT_REJECTED: e(400, '区划数据有误，未导入任何内容', 'Some features were rejected; nothing was imported'),
  IMPORT_UNREADABLE: e(2, '无法读取导入文件', 'The import file cannot be read'),
  // cases
  CASE_NOT_FOUND: e(404, '找不到该事件', 'No such case'),
  DISPATCH_TO_COMMAND_ROOM: e(400, '不能派遣给指挥室本身，请选择处置人员或单位', 'A case cannot be dispatched to the command room itself; choose a handler or an organisation'),
  GRID_HAS_NO_WORKER: e(422, '该网格还没有网格员，请选择其他处置人员', 'This grid has no grid worker yet; choose someone else'),
  CASE_NOT_NEARBY: e(404, '附近没有同类的未办结事件', 'No open case of this kind nearby'),
  CASE_NOT_OPEN: e(409, '该事件已办结，如问题再次出现请重新上报', 'This case is no longer open; report the problem anew if it is back'),
  CASE_BUSY: e(409, '该事件正在被频繁处理，请稍后重试', 'The case is changing too fast; try again'),
  TRANSITION_NOT_ALLOWED: e(409, '事件当前状态下不能执行此操作，请刷新后查看', 'That action is not possible in the case\'s current state; reload to see it'),
  CATEGORY_UNKNOWN: e(400, '未知的事件类别', 'Unknown category'),
  CATEGORY_REQUIRED: e(400, '立案前请选择事件类别', 'Choose a category to register the case'),
  CATEGORY_SOURCE_NOT_ALLOWED: e(400, '该类别不能由此来源上报', 'This category cannot be raised from this source'),
  CATEGORY_EXISTS: e(409, '该类别代码已存在', 'A category with this code exists'),
  CATEGORY_NOT_FOUND: e(404, '找不到该类别', 'No such category'),
  VENDOR_CODE_NOT_FOUND: e(404, '找不到该设备事件编码', 'No such vendor event code'),
  DEADLINE_IN_PAST: e(400, '时间必须晚于现在', 'The time must be in the future'),
  ASSIGNEE_NOT_IN_REGION: e(400, '该单位或人员不负责此事件所在区域', 'That organisation or person does not serve this case\'s area'),
  MERGE_TARGET_INVALID: e(400, '只能合并到另一个未办结的事件', 'Merge into another open case'),
  NOT_A_QUESTION: e(400, '只有咨询类事件可以直接答复，其他事件请派遣', 'Only questions are answered directly; dispatch other cases'),
  LOCATION_REQUIRED: e(400, '请选择位置', 'Pick the place'),
  QUESTION_REGION_UNKNOWN: e(400, '找不到要咨询的村或乡镇', 'No such village or township'),
  // sensors, cameras, devices, Open311
  ALARM_NOT_FOUND: e(404, '找不到该告警', 'No such alarm'),
  ALARM_NOT_UNACKNOWLEDGED: e(409, '该告警已确认或已解除', 'The alarm was already acknowledged or cleared'),
  ALARM_CLEARED: e(409, '该告警已解除', 'The alarm is already cleared'),
  ASSET_NOT_FOUND: e(404, '找不到该设施', 'No such asset'),
  DEVICE_NOT_FOUND: e(404, '找不到该设备', 'No such device'),
  DEVICE_TOKEN_INVALID: e(401, '设备令牌无效或已吊销', 'Unknown or revoked device token'),
  CAMERA_EXISTS: e(409, '已有同名摄像头', 'A camera with this name exists'),
  CAMERA_EVENT_REFUSED: e(400, '摄像头推送的事件无法识别，未被接收', 'The camera\'s push held no event that could be taken'),
  TELEMETRY_REFUSED: e(400, '设备上报的数据无法识别，未被接收', 'The device\'s message held no reading that could be taken'),
  EPISODE_NOT_FOUND: e(404, '找不到该识别记录', 'No such episode'),
  OPEN311_KEY_NOT_FOUND: e(404, '找不到该接口密钥', 'No such active key'),
  // inspections
  INSPECTION_NOT_FOUND: e(404, '找不到该巡查', 'No such inspection'),
  INSPECTION_FINISHED: e(409, '该巡查已结束', 'The inspection is finished'),
  INSPECTION_INCOMPLETE: e(400, '还有检查项未完成', 'Some checklist items are not yet checked'),
  ITEM_NOT_FOUND: e(404, '找不到该检查项', 'No such checklist item'),
  ITEM_HAS_CASE: e(409, '该检查项已生成事件，不能改为正常', 'A case was opened for this item; it stays failed'),
  ITEM_NOT_FAILED: e(409, '只有不合格的检查项才能生成事件', 'Only a failed item opens a case'),
  TRACK_FULL: e(409, '巡查轨迹点已达上限', 'The inspection track is full'),
  // the command line (exit code 2)
  USAGE: e(2, '命令用法不正确', 'Wrong command usage'),
};

/** Field names as a person reads them; a field not listed is shown as the server names it. */
export const FIELD_TEXT: Record<string, Words> = {
  username: { zh: '用户名', en: 'user name' }, password: { zh: '密码', en: 'password' }, phone: { zh: '手机号', en: 'phone number' },
  code: { zh: '代码', en: 'code' }, displayName: { zh: '姓名', en: 'name' }, name: { zh: '名称', en: 'name' },
  regionCode: { zh: '区划', en: 'region' }, homeRegionCode: { zh: '所在村', en: 'home village' }, role: { zh: '角色', en: 'role' },
  organisationId: { zh: '单位', en: 'organisation' }, categoryCode: { zh: '类别', en: 'category' }, category: { zh: '类别', en: 'category' },
  title: { zh: '标题', en: 'title' }, description: { zh: '描述', en: 'description' }, severity: { zh: '紧急程度', en: 'severity' },
  source: { zh: '来源', en: 'source' }, lon: { zh: '位置', en: 'location' }, lat: { zh: '位置', en: 'location' }, media: { zh: '照片', en: 'photos' },
  file: { zh: '文件', en: 'file' }, note: { zh: '说明', en: 'note' }, reason: { zh: '理由', en: 'reason' }, until: { zh: '延期至', en: 'until' },
  rating: { zh: '评价', en: 'rating' }, comment: { zh: '留言', en: 'comment' }, into: { zh: '合并目标', en: 'merge target' },
  action: { zh: '操作', en: 'action' }, kind: { zh: '类型', en: 'kind' }, level: { zh: '层级', en: 'level' }, date: { zh: '日期', en: 'date' },
  item: { zh: '检查项', en: 'checklist item' }, items: { zh: '检查项', en: 'checklist items' }, assetId: { zh: '设施', en: 'asset' },
  asset: { zh: '设施', en: 'asset' }, target: { zh: '对象', en: 'target' }, eventCode: { zh: '事件编码', en: 'event code' },
  vendor: { zh: '厂商', en: 'vendor' }, coHandlers: { zh: '协办单位', en: 'co-handlers' }, scope: { zh: '辖区', en: 'scope' },
  limitValue: { zh: '处置时限', en: 'time limit' }, deadline: { zh: '处置时限', en: 'deadline' },
};

/** A field path (`memberships.0.role`, `body.title`) in the reader's words: its last named segment. */
export function fieldText(field: string, lang: ErrorLang): string {
  const name = field.split('.').filter((s) => s && !/^\d+$/.test(s)).pop() ?? field;
  return FIELD_TEXT[name]?.[lang] ?? name;
}

/** The generic words for a code the catalogue does not know (always with the code, for support). */
export const UNKNOWN_ERROR: Words = { zh: '操作失败，请稍后再试（错误代码 {code}）', en: 'That did not work: try again later (error {code})' };

/** What a person is told for `code` with these details, or null when the catalogue has no entry. */
export function errorMessage(code: string, details: Record<string, unknown> | undefined, lang: ErrorLang): string | null {
  const entry = ERROR_TEXT[code];
  if (!entry) return null;
  const d = details ?? {};
  const value = (k: string): string | undefined => {
    const v = d[k];
    if (v === undefined || v === null || v === '' || typeof v === 'object') return undefined;
    if (k === 'field' && String(v).startsWith('(')) return undefined; // '(body)': no one field is at fault
    return k === 'field' ? fieldText(String(v), lang) : String(v);
  };
  const text = entry[lang];
  const keys = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  if (keys.some((k) => value(k) === undefined)) return entry.plain?.[lang] ?? text.replace(/\{\w+\}/g, '');
  return text.replace(/\{(\w+)\}/g, (_, k: string) => value(k)!);
}
