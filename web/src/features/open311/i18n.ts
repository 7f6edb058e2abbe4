/** Strings of the Open311 keys tab. Put together with the others in web/src/dictionaries.ts. */
export const open311Zh = {
  open311Tab: 'Open311 密钥', clientName: '客户端名称（如 12345 热线）', addKey: '生成密钥', confirmRevoke: '停用后该客户端将无法提交，确定？',
  noOpen311Keys: '还没有发放接口密钥。填写客户端名称后点「生成密钥」',
};

export const open311En: Record<keyof typeof open311Zh, string> = {
  open311Tab: 'Open311 keys', clientName: 'Client name (e.g. 12345 hotline)', addKey: 'Create key',
  confirmRevoke: 'The client can no longer post. Revoke?',
  noOpen311Keys: 'No keys handed out yet. Enter the client name, then "Create key"',
};
