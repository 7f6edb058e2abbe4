/** The credit module's permissions (see platform/access.ts). Residents read their own quota and dividend without any. */
import { definePermissions } from '../platform/access.ts';

export const CREDIT_PERMISSIONS = definePermissions({
  'credit.read': { zh: '查看辖区信用贷额度、授权与积分分红', en: 'Read the area\'s loan quotas, consents and dividends', roles: ['operator', 'shift_lead', 'leader', 'admin'] },
  'credit.manage': { zh: '设置信用贷额度档位、登记合作银行', en: 'Set the loan-quota tiers and register partner banks', roles: ['admin'] },
  // the extract carries households' points to a bank: the administrator makes and downloads it
  'credit.extract': { zh: '生成并下载给银行的签名月度清单', en: 'Make and download the signed monthly extract for a bank', roles: ['admin'] },
  'credit.dividend': { zh: '录入积分分红、公示、发放与导出', en: 'Enter a points dividend, publish, pay and export it', roles: ['admin'] },
  // as for points notices, the township decides: the service also requires a scope at township level or wider
  'credit.recheck': { zh: '复核积分分红公示的异议（乡镇）', en: 'Decide objections to dividend notices (township)', roles: ['leader', 'admin'] },
});

declare module '../platform/access.ts' {
  interface Permissions extends Record<keyof typeof CREDIT_PERMISSIONS, true> {}
}
