/**
 * The body of `POST /api/cases/{id}/actions`: one schema per action, discriminated by `action`, so
 * each action takes exactly its own fields (an unexpected one is a 400 naming it) and the OpenAPI
 * shows which fields each action takes. Only the command room's `register` carries a deadline; the
 * only other way a deadline moves is `approve_extension` of a handler's `request_extension`.
 */
import { Type, type Static, type TObject, type TProperties } from 'typebox';
import { LEVELS, RATINGS, type ActionName } from './case-machine.ts';

const lit = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const Uuid = Type.String({ format: 'uuid' });
export const MediaIds = Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), { maxItems: 9 });
const Reason = Type.String({ maxLength: 2000 });
const Note = Type.String({ maxLength: 4000 });
const When = Type.String({ format: 'date-time' });

/** Every step may carry a note and photos for the timeline (each timeline row has both); an action's own fields may make them required. */
const TIMELINE = { note: Type.Optional(Note), media: Type.Optional(MediaIds) };
/** Whom a dispatch goes to: a person, an organisation, or "this grid's worker" (resolved by the server; 422 when the grid has none). */
const DispatchFields = {
  assigneeId: Type.Optional(Uuid), assignedOrgId: Type.Optional(Uuid),
  target: Type.Optional(Type.Object({ gridWorkerOf: Type.Literal('case') }, { additionalProperties: false })),
  coHandlers: Type.Optional(Type.Array(Type.Object({ orgId: Type.Optional(Uuid), userId: Type.Optional(Uuid) }, { additionalProperties: false }), { maxItems: 8 })),
};

const action = <A extends ActionName, P extends TProperties>(name: A, summary: string, props: P) =>
  Type.Object({ action: Type.Literal(name), ...TIMELINE, ...props }, { additionalProperties: false, title: name, description: summary });

const BRANCHES = [
  action('register', '立案 (command room): category, severity, level; a deadline only here', {
    categoryCode: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })), severity: Type.Optional(lit(['normal', 'urgent'] as const)),
    level: Type.Optional(lit(LEVELS)), deadline: Type.Optional(When),
  }),
  action('reject', 'Not accepted (command room)', { reason: Reason }),
  action('self_handle', 'A grid worker handled it on the spot (photo required)', { note: Note, media: Type.Optional(MediaIds) }),
  action('dispatch', 'Send to a person or organisation, with co-handlers (联办); `target: {gridWorkerOf: "case"}` sends it to the grid worker of the case\'s grid', DispatchFields),
  action('register_dispatch', '立案并派遣 (command room): register and dispatch in one step — two timeline entries, one transaction', {
    categoryCode: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })), severity: Type.Optional(lit(['normal', 'urgent'] as const)),
    deadline: Type.Optional(When), ...DispatchFields,
  }),
  action('sign', '签收: the handler takes the case; the time limit starts', {}),
  action('answer', 'Answer a question (咨询) and close it', { note: Note }),
  action('co_sign', 'A co-handler signs', {}),
  action('co_feedback', 'A co-handler reports its part done', { note: Note, media: Type.Optional(MediaIds) }),
  action('waive_co_handler', 'The command room waives a co-handler still at work', { target: Uuid, reason: Reason }),
  action('return', 'The handler sends it back (not theirs)', { reason: Reason }),
  action('feedback', 'The handler reports it handled (photo required)', { note: Note, media: Type.Optional(MediaIds) }),
  action('request_extension', 'The handler asks for more time until a date', { reason: Reason, until: When }),
  action('approve_extension', 'The shift lead grants the requested date (the new deadline)', {}),
  action('deny_extension', 'The shift lead refuses more time', { reason: Reason }),
  action('suspend', '缓办: pause the clock', { reason: Reason }),
  action('resume', 'Resume a paused case', {}),
  action('close', 'Verified: close the case', { note: Type.Optional(Note) }),
  action('rework', 'Not done: back to the handler', { reason: Reason }),
  action('rate', 'The reporter rates the outcome', { rating: lit(RATINGS), comment: Type.Optional(Reason) }),
  action('archive', 'Archive a closed case', {}),
  action('escalate', 'Send up one level', { reason: Reason }),
  action('merge', 'Merge into another open case (a duplicate)', { into: Uuid }),
] as const;

type Union = (typeof BRANCHES)[number];
export type ActionBody = Static<Union>;

/**
 * `oneOf` with an OpenAPI discriminator: the validator checks only the branch the `action` names, so
 * its errors are that action's (e.g. `deadline` is not a field of `sign`).
 */
export const ActionBodySchema = Type.Unsafe<ActionBody>({
  type: 'object',
  required: ['action'],
  discriminator: { propertyName: 'action' },
  oneOf: BRANCHES as unknown as TObject[],
});

/** Every action the API takes (submit is the report itself). */
export const API_ACTIONS: ActionName[] = BRANCHES.map((b) => b.properties.action.const as ActionName);

/** The answer of `GET /api/cases/{id}/dispatch-targets` (see dispatch-targets.ts). */
export const DispatchTargetsSchema = Type.Object({
  categoryCode: Type.Union([Type.String(), Type.Null()]),
  leadKind: Type.Union([Type.String(), Type.Null()]),
  default: Type.Union([Type.String(), Type.Null()], { description: 'key of the suggested option' }),
  reason: Type.Union([Type.String(), Type.Null()], { description: 'why there is no default: CATEGORY_REQUIRED, QUESTION, NO_GRID_WORKER, NO_LEAD_ORGANISATION' }),
  options: Type.Array(Type.Object({
    key: Type.String(), kind: Type.Union([Type.Literal('grid_worker'), Type.Literal('person'), Type.Literal('organisation')]), id: Type.String(), label: Type.String(), role: Type.String(), lead: Type.Boolean(),
    send: Type.Record(Type.String(), Type.Unknown(), { description: 'the fields to put in the dispatch or register_dispatch body' }),
  })),
});
