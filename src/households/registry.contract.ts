/** What the registry's routes answer (一户一档): a household's record, its reveals, an import's outcome. */
import { Type, type Static } from 'typebox';
import { DateTime } from '../platform/contract.ts';
import { RelationSchema } from './households.contract.ts';

export const PersonRoleSchema = Type.Union([Type.Literal('contact'), Type.Literal('proxy')]);

/** A person of the household: ID number and phone masked (a reveal shows one in full, audited). */
export const RegistryPerson = Type.Object({
  id: Type.String(), userId: Type.Union([Type.String(), Type.Null()]), name: Type.String(), relation: RelationSchema,
  roles: Type.Array(PersonRoleSchema), idNumber: Type.Union([Type.String(), Type.Null()]), birthYear: Type.Union([Type.Integer(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
});
export type RegistryPerson = Static<typeof RegistryPerson>;

export const HistoryEntry = Type.Object({
  at: DateTime, actorName: Type.String(), change: Type.String(),
  oldValue: Type.Union([Type.String(), Type.Null()]), newValue: Type.Union([Type.String(), Type.Null()]),
});
export type HistoryEntry = Static<typeof HistoryEntry>;

/** The household's page (console and grid worker's phone): who sees it is need-to-know, and every opening is audited. */
export const HouseholdRecord = Type.Object({
  id: Type.String(), regionCode: Type.String(), regionName: Type.String(), gridCode: Type.Union([Type.String(), Type.Null()]), gridName: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(), address: Type.String(), lon: Type.Union([Type.Number(), Type.Null()]), lat: Type.Union([Type.Number(), Type.Null()]),
  tags: Type.Array(Type.String()), headUserId: Type.String(), people: Type.Array(RegistryPerson), history: Type.Array(HistoryEntry),
  /** how the reader sees it: as the grid's worker, through a grant, or as its village's administrator */
  seenAs: Type.Union([Type.Literal('grid'), Type.Literal('grant'), Type.Literal('manage')]),
  manage: Type.Boolean(), cardIssuedAt: DateTime, createdAt: DateTime, updatedAt: DateTime,
});
export type HouseholdRecord = Static<typeof HouseholdRecord>;

export const Revealed = Type.Object({ field: Type.Union([Type.Literal('idNumber'), Type.Literal('phone')]), value: Type.String() });
export type Revealed = Static<typeof Revealed>;

/** 谁看过我家的信息: one opening, reveal or card scan of the household. */
export const RevealEntry = Type.Object({
  at: DateTime, who: Type.String(),
  what: Type.Union([Type.Literal('record'), Type.Literal('idNumber'), Type.Literal('phone'), Type.Literal('cardScan')]),
  personName: Type.Union([Type.String(), Type.Null()]),
});
export const RevealList = Type.Object({ items: Type.Array(RevealEntry) });
export type RevealList = Static<typeof RevealList>;

/** A suspected duplicate: the rule, the row and what it matches (another row of the file, or a person on record). */
export const DuplicateEntry = Type.Object({
  rule: Type.Union([Type.Literal('idNumber'), Type.Literal('namePhone'), Type.Literal('nameBirth')]),
  row: Type.Integer(), name: Type.String(),
  otherRow: Type.Union([Type.Integer(), Type.Null()]), existing: Type.Union([Type.String(), Type.Null()]),
});
export type DuplicateEntry = Static<typeof DuplicateEntry>;

export const ImportResult = Type.Object({
  imported: Type.Boolean(), households: Type.Integer(), people: Type.Integer(), accounts: Type.Integer(),
  duplicates: Type.Array(DuplicateEntry),
});
export type ImportResult = Static<typeof ImportResult>;
