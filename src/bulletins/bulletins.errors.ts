/**
 * The bulletins module's error codes with what a person is told (zh, en); pure data, the web imports it
 * too (platform/error-text.ts). A bulletin outside the caller's area answers as a missing one.
 */
import { defineErrors, e } from '../platform/error-text.ts';

export const BULLETINS_ERRORS = defineErrors('bulletins', {
  BULLETIN_NOT_FOUND: e(404, '没有这期通报', 'No such bulletin'),
  BULLETIN_PERIOD_NOT_OVER: e(400, '该期尚未结束，不能生成通报（只能生成已结束的周、月、年）', 'That period has not ended yet: bulletins are made for finished weeks, months and years only'),
  BULLETIN_PERIOD_INVALID: e(400, '期别不对：周通报从星期一开始，月督查从每月1日开始，年考核从1月1日开始', 'Not the first day of a period: a week starts on Monday, a month on the 1st, a year on 1 January'),
  BULLETIN_REGION_INVALID: e(400, '通报只对乡镇（街道）或区县生成', 'Bulletins are made for a township or a district'),
  BULLETIN_PDF_UNAVAILABLE: e(503, '服务器未安装 Chromium，暂时无法生成 PDF；可先下载 Excel。管理员可安装 chromium 或设置 CHROMIUM_PATH', 'No Chromium on the server, so no PDF yet: download the Excel file meanwhile. An administrator installs chromium or sets CHROMIUM_PATH'),
});
