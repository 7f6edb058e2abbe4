/**
 * The member roster as CSV (党员名册), pure: parse the text (RFC 4180 quoting, a BOM, CRLF), read the
 * header in Chinese or English, and turn each row into a profile or row-level problems. The service
 * then resolves people and branches and writes all rows or none.
 */
import { MEMBER_STATUSES, POSTS, type MemberStatus, type Post } from './partywork.schema.ts';

/** A problem with one row (1-based, the header is row 1), in the error model's words. */
export interface RowProblem {
  row: number;
  field: string;
  code: string;
  /** what the person is told, in Chinese and English */
  zh: string;
  en: string;
}

export interface RosterRow {
  row: number;
  name: string;
  phone: string;
  branch: string;
  status: MemberStatus;
  reported: boolean;
  identityShown: boolean;
  posts: Post[];
  relationElsewhere: string | null;
}

/** Parse CSV text into rows of cells. Quotes may hold commas, newlines and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows.filter((r) => r.some((x) => x.trim() !== ''));
}

/** Header words → field (the organisation's own sheet is Chinese; an export of ours may be English). */
const HEADERS: Record<string, keyof Omit<RosterRow, 'row'>> = {
  姓名: 'name', name: 'name', 手机号: 'phone', 手机: 'phone', 电话: 'phone', phone: 'phone', 支部: 'branch', 所在支部: 'branch', branch: 'branch',
  状态: 'status', 类别: 'status', status: 'status', 报到: 'reported', 是否报到: 'reported', reported: 'reported',
  亮身份: 'identityShown', 是否亮身份: 'identityShown', identityshown: 'identityShown', 职务: 'posts', posts: 'posts',
  组织关系所在: 'relationElsewhere', 组织关系: 'relationElsewhere', relationelsewhere: 'relationElsewhere',
};
const REQUIRED = ['name', 'phone', 'branch', 'status'] as const;

const STATUS_WORDS: Record<string, MemberStatus> = { 在职: 'serving', 退休: 'retired', 流动: 'mobile', 流动党员: 'mobile' };
const POST_WORDS: Record<string, Post> = { 业委会委员: 'owners_committee', 支部委员: 'branch_committee', 支部书记: 'branch_secretary', 书记: 'branch_secretary', 楼道长: 'building_lead' };
const YES = new Set(['是', '已', '已报到', '已亮', 'y', 'yes', 'true', '1']);
const NO = new Set(['否', '未', '未报到', '', 'n', 'no', 'false', '0']);

const problem = (row: number, field: string, code: string, zh: string, en: string): RowProblem => ({ row, field, code, zh, en });

/** Rows of the roster, or the problems of each bad row (and of the header). At most `maxRows` rows. */
export function readRoster(text: string, maxRows: number): { rows: RosterRow[]; problems: RowProblem[] } {
  const cells = parseCsv(text);
  const problems: RowProblem[] = [];
  if (cells.length === 0) return { rows: [], problems: [problem(1, 'header', 'HEADER_MISSING', '文件没有表头行', 'The file has no header row')] };
  const header = cells[0].map((h) => HEADERS[h.trim().replace(/\s+/g, '').toLowerCase()] ?? HEADERS[h.trim()]);
  for (const f of REQUIRED) if (!header.includes(f)) problems.push(problem(1, f, 'COLUMN_MISSING', `表头缺少「${f}」列`, `The header has no column for ${f}`));
  if (cells.length - 1 > maxRows) problems.push(problem(1, 'file', 'TOO_MANY_ROWS', `一次最多导入 ${maxRows} 行`, `At most ${maxRows} rows at once`));
  if (problems.length) return { rows: [], problems };
  const rows: RosterRow[] = [];
  cells.slice(1).forEach((line, i) => {
    const n = i + 2;
    const get = (f: string) => (header.indexOf(f as never) >= 0 ? (line[header.indexOf(f as never)] ?? '').trim() : '');
    const before = problems.length;
    const name = get('name');
    if (!name || name.length > 40) problems.push(problem(n, 'name', 'NAME_INVALID', '姓名须为1到40个字', 'A name of 1 to 40 characters is needed'));
    const phone = get('phone').replace(/[\s-]/g, '');
    if (!/^(\+?86)?1[3-9]\d{9}$/.test(phone)) problems.push(problem(n, 'phone', 'PHONE_INVALID', '手机号不正确', 'Not a mainland mobile number'));
    const branch = get('branch');
    if (!branch || branch.length > 80) problems.push(problem(n, 'branch', 'BRANCH_MISSING', '缺少所在支部', 'The branch is missing'));
    const statusWord = get('status');
    const status = STATUS_WORDS[statusWord] ?? (MEMBER_STATUSES as readonly string[]).find((s) => s === statusWord.toLowerCase());
    if (!status) problems.push(problem(n, 'status', 'STATUS_INVALID', '状态须为在职、退休或流动', 'Status is 在职, 退休 or 流动'));
    const flag = (f: 'reported' | 'identityShown') => {
      const v = get(f).toLowerCase();
      if (YES.has(v)) return true;
      if (!NO.has(v)) problems.push(problem(n, f, 'FLAG_INVALID', '请填写是或否', 'Write 是 or 否'));
      return false;
    };
    const reported = flag('reported');
    const identityShown = flag('identityShown');
    const posts: Post[] = [];
    for (const word of get('posts').split(/[;；、,，/]/).map((x) => x.trim()).filter(Boolean)) {
      const post = POST_WORDS[word] ?? (POSTS as readonly string[]).find((p) => p === word);
      if (!post) problems.push(problem(n, 'posts', 'POST_UNKNOWN', `无法识别的职务：${word.slice(0, 20)}`, `Unknown post: ${word.slice(0, 20)}`));
      else if (!posts.includes(post as Post)) posts.push(post as Post);
    }
    const relationElsewhere = get('relationElsewhere').slice(0, 120) || null;
    if (problems.length === before) rows.push({ row: n, name, phone: phone.replace(/^\+?86/, ''), branch, status: status!, reported, identityShown, posts, relationElsewhere });
  });
  const seen = new Map<string, number>();
  for (const r of rows) {
    const first = seen.get(r.phone);
    if (first) problems.push(problem(r.row, 'phone', 'PHONE_TWICE', `与第 ${first} 行手机号重复`, `The same phone as row ${first}`));
    else seen.set(r.phone, r.row);
  }
  return { rows, problems };
}
