/**
 * Each kind's own facts (`attrs`), checked per kind: a homestay's 浙江 grade (白金宿/金宿/银宿), rooms and
 * price band; a venue's hours, tickets and its shop; a product's price and how to buy it (no payment
 * here: a link or a phone); an enterprise's or 共富工坊's jobs and yearly output (the 数字产业 board sums
 * them). Pure: the web shows the same words.
 */
import { Type, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { PlaceKind } from './places.schema.ts';

/** What a household lists itself (我的店铺 → 新建); an organisation also its enterprise or 共富工坊. Sights, toilets, parking, venues: the village's. */
export const HOUSEHOLD_KINDS = ['homestay', 'restaurant', 'shop', 'product'] as const satisfies readonly PlaceKind[];
export const ORGANISATION_KINDS = [...HOUSEHOLD_KINDS, 'enterprise', 'workshop'] as const satisfies readonly PlaceKind[];

/** 浙江's homestay grades (DB33/T 2048): 白金宿 > 金宿 > 银宿. */
export const HOMESTAY_GRADES = ['platinum', 'gold', 'silver'] as const;
export type HomestayGrade = (typeof HOMESTAY_GRADES)[number];
export const GRADE_ZH: Record<HomestayGrade, string> = { platinum: '白金宿', gold: '金宿', silver: '银宿' };

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Yuan = Type.Number({ minimum: 0, maximum: 1_000_000 });
const Hours = Type.Optional(Text(80)); // 「09:00–17:00，周一闭馆」: people's words, not a schedule engine
const Ticket = Type.Optional(Text(80)); // 「免费」「成人 30 元」
const PlaceRef = Type.Optional(Type.String({ format: 'uuid' }));
const obj = (props: Record<string, TSchema>) => Type.Object(props, { additionalProperties: false });

export const KIND_ATTRS = {
  homestay: obj({
    grade: Type.Optional(Type.Union([Type.Literal('platinum'), Type.Literal('gold'), Type.Literal('silver')])),
    rooms: Type.Integer({ minimum: 1, maximum: 500 }),
    priceFrom: Yuan, priceTo: Yuan,
    hours: Hours,
  }),
  restaurant: obj({ cuisine: Type.Optional(Text(40)), seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })), pricePerPerson: Type.Optional(Yuan), hours: Hours }),
  sight: obj({ hours: Hours, ticket: Ticket }),
  venue: obj({ hours: Hours, ticket: Ticket }),
  /** A shop, maybe inside a venue (the museum's shop: `partOf` the museum). */
  shop: obj({ hours: Hours, partOf: PlaceRef }),
  toilet: obj({ hours: Hours, accessible: Type.Optional(Type.Boolean()) }),
  parking: obj({ spaces: Type.Integer({ minimum: 1, maximum: 100_000 }), fee: Type.Optional(Text(60)) }),
  /** 未来商城: a product, its price and how to buy it (a link or a phone; no payment system). */
  product: obj({ price: Yuan, unit: Type.Optional(Text(20)), howToBuy: Text(120), buyUrl: Type.Optional(Type.String({ format: 'uri', maxLength: 300 })), soldAt: PlaceRef }),
  enterprise: obj({ industry: Type.Optional(Text(40)), employees: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })), jobsForVillagers: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })), yearlyOutputWan: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000_000 })) }),
  workshop: obj({ industry: Type.Optional(Text(40)), employees: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })), jobsForVillagers: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })), yearlyOutputWan: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000_000 })) }),
} satisfies Record<PlaceKind, TSchema>;

/** The first thing wrong with a kind's attrs, as a field path (`attrs.rooms`), or null when they fit. */
export function attrsProblem(kind: PlaceKind, attrs: unknown): string | null {
  const schema = KIND_ATTRS[kind];
  if (Value.Check(schema, attrs)) {
    const a = attrs as { priceFrom?: number; priceTo?: number };
    if (kind === 'homestay' && a.priceFrom! > a.priceTo!) return 'attrs.priceTo';
    return null;
  }
  const errors = Value.Errors(schema, attrs);
  const extra = errors.find((e) => e.keyword === 'additionalProperties');
  if (extra) return `attrs.${String((extra.params as { additionalProperties?: string[] }).additionalProperties?.[0] ?? '')}`;
  const first = errors.find((e) => e.instancePath) ?? errors[0];
  const path = first?.instancePath.replace(/^\//, '').replace(/\//g, '.') ?? '';
  const missing = (first?.params as { requiredProperties?: string[] } | undefined)?.requiredProperties?.[0];
  return `attrs${path ? `.${path}` : missing ? `.${missing}` : ''}`;
}
