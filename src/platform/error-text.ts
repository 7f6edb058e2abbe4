/**
 * The error-code catalogue: every code the server answers with, its HTTP status(es), and what a person is
 * told in Chinese and English — the platform's codes here, each module's in its `<module>.errors.ts`.
 * Pure data and pure functions, no Node imports: the web app imports these files too and shows messages
 * by code, so nobody in the Chinese UI reads an English server string.
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

export const e = (status: number | number[], zh: string, en: string, plain?: Words): ErrorEntry => ({ status, zh, en, plain });

/**
 * Every code's entry: the platform's own below, each module's added by its `<module>.errors.ts`
 * (`defineErrors`) when that file is loaded — by the module's descriptor on the server, by one glob
 * import in the web (web/src/errors.ts), so a new module's codes need no edit outside its folder.
 */
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
  // the command line (exit code 2)
  USAGE: e(2, '命令用法不正确', 'Wrong command usage'),
};

const ownerOf = new Map<string, string>(Object.keys(ERROR_TEXT).map((code) => [code, 'platform']));

/** A module's codes, added to the catalogue (a code belongs to one module; loading the file twice is harmless). */
export function defineErrors<K extends string>(module: string, entries: Record<K, ErrorEntry>): Record<K, ErrorEntry> {
  for (const [code, entry] of Object.entries(entries) as [string, ErrorEntry][]) {
    const owner = ownerOf.get(code);
    if (owner && owner !== module) throw new Error(`error code ${code} is declared by ${owner} and ${module}`);
    ownerOf.set(code, module);
    ERROR_TEXT[code] = entry;
  }
  return entries;
}

/** The module that declared a code ('platform' for the platform's own), for the catalogue's test. */
export function errorOwner(code: string): string | undefined {
  return ownerOf.get(code);
}

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
