/**
 * The module descriptor: what a module brings to the application, in one object, so that a new module
 * touches its own folder and one line of src/modules.ts — not app.ts, server.ts, main.ts.
 *
 * No DI framework: `build(ctx)` constructs the module's services by hand from the platform and the
 * services of the modules it `needs` (built earlier, in the order of src/modules.ts) and returns them;
 * everything else in the descriptor receives those services (`own`) and the context. Services are
 * named application-wide (`ModuleServices`, filled by each module through declaration merging, as
 * `EventMap` is), so `ctx.use('cases')` is typed while platform/ imports no module.
 *
 * Lifecycle: buildCore builds every module (build, then `on`/`everywhere` subscriptions and `jobs`);
 * buildApp adds each module's root HTTP hooks (`http`) and then its `routes`; `vb start` runs each
 * `prepare` before listening and each `start` after, and closing stops what `start` began and runs
 * `stop`, both in reverse order. The CLI
 * offers every module's `commands` next to its own.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerPermissions, type PermissionDefs } from './access.ts';
import type { Config } from './config.ts';
import type { ErrorEntry } from './error-text.ts';
import type { Platform } from './context.ts';
import type { EventMap, EventOf } from './events.ts';
import type { RealtimeHub } from './realtime.ts';

/**
 * Every module's services by name. Empty here; a module adds its own in its `<module>.module.ts`:
 * `declare module '../platform/module.ts' { interface ModuleServices { cameras: CamerasService } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModuleServices {}

/**
 * Values one module offers others without either importing the other (key → item type), e.g. the
 * MQTT channels cameras offer the broker the sensors run. Filled by declaration merging like the above.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Contributions {}

export interface ModuleContext {
  platform: Platform;
  /** A service of this or an earlier module; asking for one that is not built yet throws at start. */
  use<K extends keyof ModuleServices>(name: K): ModuleServices[K];
  /** Every service built so far, by name (all of them once every module is built): for the demo, which seeds through them all. */
  all(): ModuleServices;
  /** Offer a value under a key (during build). */
  contribute<K extends keyof Contributions>(key: K, value: Contributions[K]): void;
  /** Everything offered under a key so far (complete once every module is built: read it in start). */
  contributions<K extends keyof Contributions>(key: K): Contributions[K][];
}

/** What routes receive besides the services: the HTTP-only parts of the platform. */
export interface HttpContext extends ModuleContext {
  realtime: RealtimeHub;
}

/** Platform and services without HTTP: what a CLI command works with. */
export interface Core {
  platform: Platform;
  services: ModuleServices;
  contributions: ModuleContext['contributions'];
}

export interface CommandArgs {
  config: Config;
  values: Record<string, unknown>;
  positionals: string[];
  /** Builds the platform and every module (migrating first), runs fn, closes the database. */
  withCore<T>(fn: (core: Core) => Promise<T>): Promise<T>;
}

export interface CliCommand {
  summary: string;
  usage: string;
  options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;
  run(args: CommandArgs): Promise<void>;
}

type Handlers<S> = { [K in keyof EventMap & string]?: (event: EventOf<EventMap, K>, own: S, ctx: ModuleContext) => Promise<unknown> | unknown };

export interface ModuleDefinition<S extends object> {
  name: string;
  /** Modules whose services this one uses; each must come earlier in src/modules.ts (checked at start). */
  needs?: readonly string[];
  /** The permissions this module checks, with their words and roles (`<module>.permissions.ts`). */
  permissions?: PermissionDefs;
  /** The error codes this module throws, with their words (`<module>.errors.ts`; loading it fills the catalogue). */
  errors?: Record<string, ErrorEntry>;
  /** Construct the services (and register media owners, contributions); async work such as loading caches may happen here. */
  build(ctx: ModuleContext): S | Promise<S>;
  /** Reactions to other modules' events, delivered by the outbox in one process (at least once). */
  on?: Handlers<S>;
  /** Reactions run in every server process (for in-memory state that must follow the database). */
  everywhere?: Handlers<S>;
  /** Register the module's periodic and delayed jobs on `ctx.platform.scheduler`. */
  jobs?(own: S, ctx: ModuleContext): void;
  /**
   * Answers for the router's own errors (a bad URL, an over-long path segment) under URL prefixes whose
   * clients read another error model than `{ error: { code, message } }` (Open311's list).
   */
  frameworkErrors?: Record<string, (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => void>;
  /** Root-level HTTP hooks (before any route), e.g. resolving who is calling. */
  http?(app: FastifyInstance, own: S, ctx: HttpContext): void | Promise<void>;
  /** Register the module's routes (`app.register(plugin, opts)`, awaited). */
  routes?(app: FastifyInstance, own: S, ctx: HttpContext): PromiseLike<unknown> | void;
  /** CLI commands this module contributes (`vb <name> …`). */
  commands?: Record<string, CliCommand>;
  /** `vb start`, before the server listens: work the first request should find done (the demo's seed). */
  prepare?(own: S, ctx: ModuleContext): Promise<Started | void>;
  /** `vb start`, once the server listens: long-running parts (a broker, the demo's life). */
  start?(own: S, ctx: ModuleContext): Promise<Started | void>;
  /** Closing: stop what start began and let work in progress finish. Runs in reverse module order. */
  stop?(own: S, ctx: ModuleContext): Promise<void>;
}

/** What `start` began: lines for the start-up banner, and how to stop it (before the module's `stop`). */
export interface Started {
  banner?: string[];
  stop?(): Promise<void>;
}

// Services differ per module, so the list holds descriptors of any service shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModule = ModuleDefinition<any>;

export function defineModule<S extends object>(def: ModuleDefinition<S>): ModuleDefinition<S> {
  return def;
}

/** Fails fast on a list whose order does not satisfy `needs`, or that names a module twice. */
export function checkModuleOrder(modules: readonly AnyModule[]): void {
  const seen = new Set<string>();
  for (const m of modules) {
    if (seen.has(m.name)) throw new Error(`module "${m.name}" is listed twice in src/modules.ts`);
    for (const need of m.needs ?? []) {
      if (!seen.has(need)) throw new Error(`module "${m.name}" needs "${need}", which must come before it in src/modules.ts`);
    }
    seen.add(m.name);
  }
}

/** A built module: its descriptor, services and the context it sees. */
export interface BuiltModule {
  def: AnyModule;
  own: object;
  ctx: ModuleContext;
}

/**
 * Build the modules in order: construct each, then subscribe its handlers and register its jobs.
 * Returns the built modules, the merged services and the context they share.
 */
export async function buildModules(platform: Platform, modules: readonly AnyModule[]): Promise<{ built: BuiltModule[]; services: ModuleServices; ctx: ModuleContext }> {
  checkModuleOrder(modules);
  for (const m of modules) if (m.permissions) registerPermissions(m.name, m.permissions);
  const services: Record<string, unknown> = {};
  const ownerOf = new Map<string, string>();
  const offered = new Map<string, unknown[]>();
  /** The context one module sees: `use` reaches its own services and those of the modules it needs. */
  const contextOf = (def: AnyModule | null): ModuleContext => ({
    platform,
    use(name) {
      if (!(name in services)) throw new Error(`service "${String(name)}" is not built yet: list its module before the one that uses it (src/modules.ts)`);
      const owner = ownerOf.get(name as string)!;
      if (def && owner !== def.name && !(def.needs ?? []).includes(owner)) {
        throw new Error(`module "${def.name}" uses the service "${String(name)}" of module "${owner}" without naming "${owner}" in its needs`);
      }
      return services[name as string] as never;
    },
    all: () => services as unknown as ModuleServices,
    contribute(key, value) {
      const list = offered.get(key as string) ?? [];
      list.push(value);
      offered.set(key as string, list);
    },
    contributions(key) {
      return (offered.get(key as string) ?? []) as never;
    },
  });
  const built: BuiltModule[] = [];
  for (const def of modules) {
    const ctx = contextOf(def);
    const own = await def.build(ctx);
    for (const [name, service] of Object.entries(own)) {
      if (name in services) throw new Error(`module "${def.name}" builds a service "${name}" that module "${ownerOf.get(name)}" already named`);
      services[name] = service;
      ownerOf.set(name, def.name);
    }
    built.push({ def, own, ctx });
  }
  // subscriptions and jobs once every service exists, so a handler may use any of them
  for (const { def, own, ctx } of built) {
    for (const [type, handler] of Object.entries(def.on ?? {})) {
      if (!handler) continue;
      platform.events.subscribe(type as keyof EventMap & string, ((e: never) => handler(e, own, ctx)) as never);
    }
    for (const [type, handler] of Object.entries(def.everywhere ?? {})) {
      if (!handler) continue;
      platform.events.subscribeEverywhere(type as keyof EventMap & string, ((e: never) => handler(e, own, ctx)) as never);
    }
    def.jobs?.(own, ctx);
  }
  const ctx = contextOf(null); // the composition root's: any service
  return { built, services: services as unknown as ModuleServices, ctx };
}
