/**
 * Under which key a device kind's main reading is stored. Devices send `{"level": …}` (the documented
 * payload) but many send the kind's own name (`{"water_level": …}`), and the rules already judge both;
 * the screens read both too, so a gauge's values show whichever it sends.
 */

/** The documented key of the kinds that have their own; every other kind's is `value`. */
const MAIN_KEYS: Readonly<Record<string, string>> = { water_level: 'level', rainfall: 'rain' };

export function mainKey(kind: string): string {
  return MAIN_KEYS[kind] ?? 'value';
}

/** The keys a kind's main reading may carry: the documented one first, then the kind's name. */
export function readingKeys(kind: string): string[] {
  return [mainKey(kind), kind];
}

/** `readingKeys` as SQL over a `devices` row aliased `d` (a text[] expression), from the same list. */
export const READING_KEYS_SQL = `(CASE d.kind ${Object.entries(MAIN_KEYS).map(([kind, key]) => `WHEN '${kind}' THEN ARRAY['${key}','${kind}']`).join(' ')} ELSE ARRAY['value', d.kind::text] END)`;
