/** Walls run for months: the screen reloads once a night (new code, a fresh heap) at a quiet hour. */
const RELOAD_AT_HOUR = 4; // 04:00 Asia/Shanghai (UTC+8 all year)
const RELOAD_SPREAD_MS = 10 * 60_000;
const DAY = 86_400_000;

/** ms until the next 04:00 in Shanghai, plus up to 10 minutes so a county's walls do not all ask at once. */
export function untilNightlyReload(now: number, jitter = Math.random()): number {
  const shanghai = now + 8 * 3_600_000;
  let at = Math.floor(shanghai / DAY) * DAY + RELOAD_AT_HOUR * 3_600_000;
  if (at <= shanghai) at += DAY;
  return at - shanghai + Math.floor(jitter * RELOAD_SPREAD_MS);
}
