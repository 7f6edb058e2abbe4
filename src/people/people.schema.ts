import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: varchar('kind', { length: 24 }).notNull(),
    regionCode: varchar('region_code', { length: 18 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('organisations_region_name_uq').on(t.regionCode, t.name)],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Staff log in with a user name and password; residents and tourists with phone + one-time code. */
    username: varchar('username', { length: 64 }),
    displayName: text('display_name').notNull(),
    phone: varchar('phone', { length: 20 }),
    passwordHash: text('password_hash'),
    kind: varchar('kind', { length: 12 }).notNull(), // staff | resident | tourist
    homeRegionCode: varchar('home_region_code', { length: 18 }),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_username_uq').on(sql`lower(${t.username})`),
    uniqueIndex('users_phone_uq').on(t.phone),
  ],
);

/** A role held in a region scope (and optionally for an organisation). */
export const memberships = pgTable(
  'memberships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    role: varchar('role', { length: 20 }).notNull(),
    regionCode: varchar('region_code', { length: 18 }).notNull(),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('memberships_user_role_region_uq').on(t.userId, t.role, t.regionCode),
    index('memberships_region_idx').on(t.regionCode),
  ],
);

/** Sessions and API bearer tokens: only a SHA-256 of the token is stored. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: varchar('token_hash', { length: 64 }).primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: varchar('kind', { length: 8 }).notNull().default('session'), // session | api
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const otpCodes = pgTable(
  'otp_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phone: varchar('phone', { length: 20 }).notNull(),
    codeHash: varchar('code_hash', { length: 64 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
  },
  (t) => [index('otp_codes_phone_idx').on(t.phone, t.createdAt)],
);

/** Every SMS the platform sends, whatever the provider: the development provider stops here. */
export const smsOutbox = pgTable('sms_outbox', {
  id: uuid('id').primaryKey().defaultRandom(),
  phone: varchar('phone', { length: 20 }).notNull(),
  text: text('text').notNull(),
  provider: varchar('provider', { length: 12 }).notNull(),
  status: varchar('status', { length: 12 }).notNull(), // logged | sent | failed
  error: text('error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Need-to-know grants: a permission that a role alone does not give (households, petitions), granted by
 * an administrator to one person or to an organisation, in a region scope. Revoked rows are kept (the
 * audit log says who granted and revoked what).
 */
export const accessGrants = pgTable(
  'access_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    permission: varchar('permission', { length: 64 }).notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
    regionCode: varchar('region_code', { length: 18 }).notNull(),
    reason: text('reason').notNull(),
    grantedBy: uuid('granted_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by'),
  },
  (t) => [
    index('access_grants_user_idx').on(t.userId).where(sql`revoked_at IS NULL`),
    index('access_grants_org_idx').on(t.organisationId).where(sql`revoked_at IS NULL`),
    // one live grant of a permission to a holder in a region: two administrators granting at once get one
    uniqueIndex('access_grants_live_uq').on(t.permission, t.regionCode, sql`coalesce(${t.userId}, ${t.organisationId})`).where(sql`revoked_at IS NULL`),
    check('access_grants_one_holder', sql`(user_id IS NULL) <> (organisation_id IS NULL)`),
  ],
);
