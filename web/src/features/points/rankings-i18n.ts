/** Strings of the rankings and 红黑榜 tab and of the expiry hint on 我的积分 (issue 19); spread into the points dictionary. */
export const rankZh = {
  rk_tab: '排行榜与红黑榜', rk_scopeVillage: '本村', rk_scopeGrid: '网格', rk_noGrid: '未分网格', rk_scopeTownship: '本乡镇', rk_ledgerResident: '农户积分', rk_ledgerGrid: '网格员服务（满意评价）',
  rk_week: '周', rk_month: '月', rk_year: '年', rk_period: '时段', rk_current: '（进行中）', rk_red: '红榜', rk_black: '黑榜', rk_all: '全部排名',
  rk_rank: '名次', rk_name: '农户/人员', rk_earned: '本期得分', rk_place: '所在地', rk_redRule: '达到 {n} 分上红榜', rk_blackRule: '本期净扣分（{n} 分及以下）上黑榜',
  rk_none: '这一期没有人', rk_subjects: '有积分变化的户数', rk_total: '合计得分', rk_average: '户均得分', rk_redCount: '红榜户数', rk_blackCount: '黑榜户数',
  rk_aggregatesOnly: '本地只公布汇总，不公布到户到人的排名', rk_switch: '只公布汇总', rk_switchHint: '打开后，这里和上级的排行榜都不再列出本地的户和人，只显示合计。',
  rk_publish: '发布本期红黑榜', rk_publishOpen: '这一期还没结束，结束后才能发布', rk_published: '已发布，公示到 {d}', rk_publishedBefore: '这一期已经发布过，下面是已发布的榜单',
  rk_lists: '已发布的红黑榜', rk_hash: '校验码', rk_verify: '重新计算核对', rk_verifyOk: '与积分账本一致', rk_verifyBad: '与积分账本不一致：{n} 处不同',
  rk_status_noticed: '公示中', rk_status_objected: '有异议，乡镇复核中', rk_status_posted: '已公布', rk_status_voided: '已撤回', rk_byPlace: '分村（网格）汇总',
  rk_expiring: '有 {n} 分将于 {d} 到期，到期后清零，请及时使用', rk_expiringPaused: '有 {n} 分本应于 {d} 到期；本户有积分异议正在复核，复核完再处理', rk_expiryRule: '积分从获得当年起保留到第二年年底，先用先到期的积分', rk_expiryRuleSameYear: '积分当年有效，到年底清零，先用先到期的积分', rk_expiryRuleYears: '积分在获得当年之后再保留 {n} 年，到那一年年底清零，先用先到期的积分',
};

export const rankEn: Record<keyof typeof rankZh, string> = {
  rk_tab: 'Rankings and red/black boards', rk_scopeVillage: 'This village', rk_scopeGrid: 'A grid', rk_noGrid: 'No grid', rk_scopeTownship: 'The township', rk_ledgerResident: 'Household points', rk_ledgerGrid: 'Grid workers\' service (satisfied ratings)',
  rk_week: 'Week', rk_month: 'Month', rk_year: 'Year', rk_period: 'Period', rk_current: ' (in progress)', rk_red: 'Red board', rk_black: 'Black board', rk_all: 'Full ranking',
  rk_rank: 'Rank', rk_name: 'Household / person', rk_earned: 'Earned', rk_place: 'Place', rk_redRule: '{n} points or more: red board', rk_blackRule: 'Lost points this period ({n} or less): black board',
  rk_none: 'Nobody this period', rk_subjects: 'Households with points', rk_total: 'Total earned', rk_average: 'Average per household', rk_redCount: 'On the red board', rk_blackCount: 'On the black board',
  rk_aggregatesOnly: 'Only totals are published here: no household or person is ranked', rk_switch: 'Totals only', rk_switchHint: 'When on, neither this ranking nor a wider one lists the households and people here; only totals are shown.',
  rk_publish: 'Publish this period\'s boards', rk_publishOpen: 'This period has not ended: publish once it has', rk_published: 'Published, on notice until {d}', rk_publishedBefore: 'Already published for this period: see the list below',
  rk_lists: 'Published boards', rk_hash: 'Check code', rk_verify: 'Recompute and compare', rk_verifyOk: 'Matches the points ledger', rk_verifyBad: 'Does not match the ledger: {n} differences',
  rk_status_noticed: 'On notice', rk_status_objected: 'Objection under review', rk_status_posted: 'Published', rk_status_voided: 'Withdrawn', rk_byPlace: 'Totals by village (grid)',
  rk_expiring: '{n} points expire on {d}; use them before then', rk_expiringPaused: '{n} points were due to expire on {d}; an objection on your household is being reviewed, so they wait', rk_expiryRule: 'Points are kept until the end of the year after you earned them; the oldest are used first', rk_expiryRuleSameYear: 'Points are valid until the end of the year you earned them; the oldest are used first', rk_expiryRuleYears: 'Points are kept for {n} more years after the year you earned them, until that year ends; the oldest are used first',
};
