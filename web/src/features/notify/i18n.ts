/** Strings of the notification bell (消息). Put together with the others in web/src/dictionaries.ts. */
export const notifyZh = {
  notifications: '消息', noNotifications: '没有新消息。有新的事情或进展时，会在这里提醒您',
};

export const notifyEn: Record<keyof typeof notifyZh, string> = {
  notifications: 'Messages', noNotifications: 'No messages. You are told here when something new comes up or moves on',
};
