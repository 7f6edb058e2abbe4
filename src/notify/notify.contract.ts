/** What the notify module's routes answer (TypeBox schemas and their static types, shared with the web). */
import { Type, type Static } from 'typebox';
import { DateTime, Nullable } from '../platform/contract.ts';

/** A group robot as administrators see it: its secret is never sent back, only whether it has one. */
export const Channel = Type.Object({
  id: Type.String(), name: Type.String(), regionCode: Type.String(), level: Type.String(), kind: Type.String(), url: Type.String(),
  hasSecret: Type.Boolean(), createdAt: DateTime,
});
export type Channel = Static<typeof Channel>;

export const Notification = Type.Object({
  id: Type.Integer(), title: Type.String(), body: Type.String(), caseId: Nullable(Type.String()), createdAt: DateTime, read: Type.Boolean(),
  kind: Type.String({ description: 'message, or what it is about (an alarm …): where a click leads' }), alarmId: Nullable(Type.String()), urgent: Type.Boolean(),
  link: Nullable(Type.String({ description: 'an app path a click opens (a bulletin), when it is about no case' })),
});
export type Notification = Static<typeof Notification>;

export const Inbox = Type.Object({ unread: Type.Integer(), items: Type.Array(Notification) });
export type Inbox = Static<typeof Inbox>;
