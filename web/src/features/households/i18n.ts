/**
 * Strings of 我的户 and the console's 农户 page (src/households). Put together with the others in
 * web/src/dictionaries.ts.
 */
export const householdsZh = {
  households: '户数', hh_nav: '农户', hh_mine: '我的户', hh_none: '您还没有登记到户。请联系村委会登记，登记后这里会显示您家的户卡。', hh_listEmpty: '辖区还没有登记的农户。农户由村委会登记后出现在这里',
  hh_members: '家庭成员', hh_head: '户主', hh_address: '门牌地址', hh_village: '所在村',
  hh_name: '户名', hh_memberCount: '人数', hh_card: '户卡', hh_openCard: '打开 / 打印户卡',
  hh_cardHint: '没有手机的家人可凭户卡，由网格员或村积分超市代为办理。卡片遗失请告知村委会补办，旧卡随即失效。', hh_cardIssued: '发卡时间',
  hh_rotate: '挂失补卡', hh_rotateReason: '补卡原因（如：户卡遗失）', hh_rotated: '已补发新卡，旧卡已失效',
  hh_printCard: '打印户卡', hh_masked: '列表中姓名已脱敏；打开一户可查看全名（会记入审计日志）', hh_updated: '更新时间',
  hh_scanTitle: '扫卡代办', hh_scanHint: '以下为该户成员（姓名已脱敏），本次扫卡已记入审计日志。', hh_noGrant: '查看农户档案需要管理员授权（households.read）。',
  hh_rel_head: '户主', hh_rel_spouse: '配偶', hh_rel_child: '子女', hh_rel_parent: '父母', hh_rel_grandchild: '孙辈', hh_rel_other: '其他',
};

export const householdsEn: Record<keyof typeof householdsZh, string> = {
  households: 'Households', hh_nav: 'Households', hh_mine: 'My household',
  hh_none: 'You are not registered in a household yet. Ask the village office; once registered, your household card shows here.',
  hh_listEmpty: 'No households registered in your area yet. They appear here once the village office registers them',
  hh_members: 'Members', hh_head: 'Head', hh_address: 'Address', hh_village: 'Village',
  hh_name: 'Household', hh_memberCount: 'People', hh_card: 'Household card',
  hh_openCard: 'Open / print the card',
  hh_cardHint: 'Family members without a phone can have a grid worker or the village points shop act for them with this card. If it is lost, tell the village office: a new card is issued and the old one stops working.',
  hh_cardIssued: 'Card issued', hh_rotate: 'Replace lost card', hh_rotateReason: 'Why (e.g. the card was lost)',
  hh_rotated: 'A new card was issued; the old one no longer works', hh_printCard: 'Print card',
  hh_masked: 'Names are masked in the list; opening a household shows them in full (recorded in the audit log)',
  hh_updated: 'Updated', hh_scanTitle: 'Card scan', hh_scanHint: 'The household\'s members (names masked). This scan is recorded in the audit log.',
  hh_noGrant: 'Reading household records needs a grant from an administrator (households.read).',
  hh_rel_head: 'Head', hh_rel_spouse: 'Spouse', hh_rel_child: 'Child', hh_rel_parent: 'Parent', hh_rel_grandchild: 'Grandchild', hh_rel_other: 'Other',
};
