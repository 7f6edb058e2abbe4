/** Strings of the console's 通报 page (src/bulletins). Put together with the others in web/src/dictionaries.ts. */
export const bulletinsZh = {
  bl_nav: '通报考核', bl_title: '通报（周通报 · 月督查 · 年考核）',
  bl_all: '全部', bl_weekly: '周通报', bl_monthly: '月督查', bl_yearly: '年考核',
  bl_number: '期号', bl_kind: '类型', bl_region: '地区', bl_period: '统计期间', bl_red: '红榜', bl_black: '黑榜', bl_overdue: '超期', bl_supervised: '督办',
  bl_hash: '内容哈希', bl_download: '下载', bl_pdf: 'PDF', bl_xlsx: 'Excel', bl_noPdf: 'PDF 待生成', bl_empty: '还没有通报。每周一生成上周的周通报，每月第一个工作日生成月督查。',
  bl_open: '查看', bl_back: '返回列表',
  bl_make: '生成通报', bl_made: '通报已生成并发送', bl_already: '这一期已经生成过，已为您打开', bl_periodStart: '统计期起始日', bl_periodStartHint: '留空为上一期（上周、上月或去年）',
  bl_hashHint: '内容哈希是通报内容（排名、名单、数据，按固定格式）的 SHA-256，不含生成时间：同一期重新生成，哈希相同。',
  bl_summary: '本期受理 {r} 件，办结 {c} 件，按期结案率 {o}，满意率 {s}，期末超期未结 {d} 件。',
  bl_vsLast: '较上期', bl_ranking: '排名', bl_rank: '名次', bl_unit: '单位', bl_received: '受理', bl_due: '到期', bl_closed: '办结',
  bl_onTime: '按期结案率', bl_satisfaction: '满意率', bl_change: '较上期', bl_unranked: '不参评', bl_redBlack: '红黑榜', bl_reasons: '原因',
  bl_thresholds: '公开标准', bl_caseNo: '案件编号', bl_category: '类别', bl_level: '层级', bl_days: '超期天数', bl_flag: '督办', bl_status: '现状',
  bl_none: '无', bl_overdueList: '超期未结案件', bl_supervisedList: '督办案件', bl_count: '共 {n} 件',
  bl_redRule: '红榜：到期不少于 {d} 件、按期结案率 ≥ {o}%、满意率 ≥ {s}%（无评价视同达标）且期末无超期。',
  bl_blackRule: '黑榜：按期结案率低于 {o}%，或期末超期 ≥ {d} 件，或评价不少于 {n} 件时满意率低于 {s}%。两榜都符合的只上黑榜。',
};

export const bulletinsEn: Record<keyof typeof bulletinsZh, string> = {
  bl_nav: 'Bulletins', bl_title: 'Bulletins (weekly, monthly inspection, annual assessment)',
  bl_all: 'All', bl_weekly: 'Weekly', bl_monthly: 'Monthly', bl_yearly: 'Annual',
  bl_number: 'Issue', bl_kind: 'Kind', bl_region: 'Area', bl_period: 'Period', bl_red: 'Red list', bl_black: 'Black list', bl_overdue: 'Overdue', bl_supervised: 'Supervised',
  bl_hash: 'Content hash', bl_download: 'Download', bl_pdf: 'PDF', bl_xlsx: 'Excel', bl_noPdf: 'PDF pending', bl_empty: 'No bulletins yet. Each Monday makes last week\'s; each month\'s first working day the monthly inspection.',
  bl_open: 'Open', bl_back: 'Back to the list',
  bl_make: 'Make bulletin', bl_made: 'Bulletin made and sent', bl_already: 'That period\'s bulletin was already made: here it is', bl_periodStart: 'First day of the period', bl_periodStartHint: 'Empty: the last finished period (last week, month or year)',
  bl_hashHint: 'The content hash is the SHA-256 of the bulletin\'s content (rankings, lists, figures, in a fixed form) without the time it was made: the same period made again has the same hash.',
  bl_summary: '{r} received, {c} closed, on-time rate {o}, satisfaction {s}, {d} overdue at the end of the period.',
  bl_vsLast: 'vs last period', bl_ranking: 'Ranking', bl_rank: 'Rank', bl_unit: 'Unit', bl_received: 'Received', bl_due: 'Due', bl_closed: 'Closed',
  bl_onTime: 'On-time rate', bl_satisfaction: 'Satisfaction', bl_change: 'Change', bl_unranked: 'Not ranked', bl_redBlack: 'Red and black lists', bl_reasons: 'Why',
  bl_thresholds: 'Public thresholds', bl_caseNo: 'Case no.', bl_category: 'Category', bl_level: 'Level', bl_days: 'Days overdue', bl_flag: 'Supervision', bl_status: 'Now',
  bl_none: 'None', bl_overdueList: 'Overdue cases', bl_supervisedList: 'Supervised cases (督办)', bl_count: '{n} in all',
  bl_redRule: 'Red list: at least {d} due, on-time rate ≥ {o}%, satisfaction ≥ {s}% (or nobody rated), nothing overdue at the end.',
  bl_blackRule: 'Black list: on-time rate below {o}%, or {d} or more overdue at the end, or satisfaction below {s}% over at least {n} ratings. A unit meeting both is on the black list only.',
};
