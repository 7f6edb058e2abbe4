/**
 * Under which key a device kind's main reading is stored. Devices send `{"level": …}` (the documented
 * payload) but many send the kind's own name (`{"water_level": …}`), and the rules already judge both;
 * the screens read both too, so a gauge's values show whichever it sends.
 */
export function mainKey(kind: string): string {
  return kind === 'water_level' ? 'level' : kind === 'rainfall' ? 'rain' : 'value';
}

/** The keys a kind's main reading may carry: the documented one first, then the kind's name. */
export function readingKeys(kind: string): string[] {
  return [mainKey(kind), kind];
}

/** The same as SQL over a `devices` row aliased `d` (a text[] expression). */
export const READING_KEYS_SQL = `(CASE d.kind WHEN 'water_level' THEN ARRAY['level','water_level'] WHEN 'rainfall' THEN ARRAY['rain','rainfall'] ELSE ARRAY['value', d.kind::text] END)`;
