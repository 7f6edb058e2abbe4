/**
 * Strings of the settings page (设置); each tab's words are in its own feature. Put together with the others in
 * web/src/dictionaries.ts.
 */
export const settingsZh = {
  caseSettings: '事件配置',
};

export const settingsEn: Record<keyof typeof settingsZh, string> = {
  caseSettings: 'Case settings',
};
