/** Strings of the notification bell (消息). Put together with the others in web/src/dictionaries.ts. */
export const notifyZh = {
  notifications: '消息', noNotifications: '暂无消息',
};

export const notifyEn: Record<keyof typeof notifyZh, string> = {
  notifications: 'Messages', noNotifications: 'No messages',
};
