/**
 * `describeOnDatabases(name, ctx => …)`: a suite run once per database kind (PGlite, and PostgreSQL
 * when TEST_DATABASE_URL is set), each with an app of its own on a fresh database — the block every
 * scenario file used to repeat (a loop over dbKinds(), a describe named `[kind]`, the app built in
 * before() and destroyed in after()).
 *
 * `ctx.vb` can be taken at describe time (`({ vb }) => …`) although the app only exists once the
 * suite's first before() has run: it is a stand-in that forwards to that app, so the tests read as
 * they did with a `let vb` assigned in before(). Touching it outside a hook or a test throws.
 */
import { after, before, describe } from 'node:test';
import type { AnyModule } from '../../src/platform/module.ts';
import { createTestApp, type TestApp } from './app.ts';
import { dbKinds, type DbKind } from './db.ts';

export interface OnDatabase {
  /** The database kind this copy of the suite runs on. */
  kind: DbKind;
  /** The suite's app: built before the suite's own before() hooks run, destroyed before its after() hooks. */
  vb: TestApp;
  /**
   * Work that must come before the app is built, for settings known only then (a receiver's URL);
   * what it returns, if anything, is added to the app's environment. At most one per suite.
   */
  beforeApp(setup: () => Promise<Record<string, string> | void> | Record<string, string> | void): void;
}

export interface OnDatabasesOptions {
  /** Settings for the app (the test defaults are in test/helpers/app.ts). */
  env?: Record<string, string>;
  /** The modules to build (a test's own module added to src/modules.ts' list); default: the application's. */
  modules?: readonly AnyModule[];
  /** Skip the suite on every kind (a string says why), as node:test's describe option. */
  skip?: boolean | string;
}

export function describeOnDatabases(name: string, body: (ctx: OnDatabase) => void): void;
export function describeOnDatabases(name: string, options: OnDatabasesOptions, body: (ctx: OnDatabase) => void): void;
export function describeOnDatabases(
  name: string,
  optionsOrBody: OnDatabasesOptions | ((ctx: OnDatabase) => void),
  maybeBody?: (ctx: OnDatabase) => void,
): void {
  const [options, body] = typeof optionsOrBody === 'function' ? [{}, optionsOrBody] : [optionsOrBody, maybeBody!];
  for (const kind of dbKinds()) {
    describe(`${name} [${kind}]`, { skip: options.skip }, () => {
      let app: TestApp | undefined;
      let setup: Parameters<OnDatabase['beforeApp']>[0] | undefined;
      before(async () => {
        const env = { ...options.env, ...(setup ? await setup() : undefined) };
        app = await createTestApp(kind, env, undefined, options.modules);
      });
      // registered before the body's hooks, so it runs first: the app closes before the receivers and
      // brokers it may be talking to
      after(async () => {
        await app?.destroy();
      });
      body({
        kind,
        vb: forwardTo(() => app, name),
        beforeApp(fn) {
          if (setup) throw new Error(`describeOnDatabases("${name}"): one beforeApp per suite`);
          setup = fn;
        },
      });
    });
  }
}

/** An object that behaves as the app once it is built. */
function forwardTo(current: () => TestApp | undefined, suite: string): TestApp {
  const target = (): TestApp => {
    const app = current();
    if (!app) throw new Error(`describeOnDatabases("${suite}"): the app is built in before(); use vb inside a hook or a test`);
    return app;
  };
  return new Proxy({} as TestApp, {
    get: (_, key) => Reflect.get(target(), key),
    set: (_, key, value) => Reflect.set(target(), key, value),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(target(), key),
  });
}
