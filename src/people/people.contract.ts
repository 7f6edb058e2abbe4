/** What the people module's routes answer (TypeBox schemas and their static types, shared with the web). */
import { Type, type Static } from 'typebox';
import { DateTime, Nullable } from '../platform/contract.ts';

export const Membership = Type.Object({ role: Type.String(), scope: Type.String(), regionCode: Type.String(), organisationId: Nullable(Type.String()) });
export type Membership = Static<typeof Membership>;
const UserKind = Type.Union([Type.Literal('staff'), Type.Literal('resident'), Type.Literal('tourist')]);

/** The logged-in person as the session knows them. */
export const SessionUser = Type.Object({
  id: Type.String(), kind: UserKind, displayName: Type.String(), homeRegionCode: Nullable(Type.String()), memberships: Type.Array(Membership),
  grants: Type.Optional(Type.Array(Type.Object({ permission: Type.String(), scope: Type.String() }))),
});
export type SessionUser = Static<typeof SessionUser>;

export const LoginAnswer = Type.Object({ token: Type.String(), expiresAt: DateTime, user: SessionUser });
export type LoginAnswer = Static<typeof LoginAnswer>;

/** GET /api/me: the session user with what they may do where (the web's menu and forms). */
export const Me = Type.Interface([SessionUser], {
  permissions: Type.Array(Type.String()),
  scopes: Type.Record(Type.String(), Type.Array(Type.String())),
  regionNames: Type.Record(Type.String(), Type.String()),
});
export type Me = Static<typeof Me>;

export const OtpSent = Type.Object({ expiresInSeconds: Type.Integer() });
export type OtpSent = Static<typeof OtpSent>;

export const UserView = Type.Object({
  id: Type.String(), username: Nullable(Type.String()), displayName: Type.String(), phone: Nullable(Type.String({ description: 'masked' })),
  kind: Type.String(), homeRegionCode: Nullable(Type.String()), disabled: Type.Boolean(), memberships: Type.Array(Membership),
});
export type UserView = Static<typeof UserView>;

export const Organisation = Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String(), regionCode: Type.String(), createdAt: DateTime });
export type Organisation = Static<typeof Organisation>;

/** The parts of the app (menu entries) a user may be offered. */
export const FEATURES = ['cases', 'tasks', 'inspect', 'reservoirs', 'cameras', 'report', 'household'] as const;
export type Feature = (typeof FEATURES)[number];

export const Features = Type.Object({
  features: Type.Array(Type.String({ enum: [...FEATURES] })),
  reservoirs: Type.Integer({ description: 'reservoirs in the user\'s working area' }),
  cameras: Type.Integer({ description: 'AI cameras in the user\'s working area' }),
  organisationKinds: Type.Array(Type.String()),
});
export type Features = Static<typeof Features>;
