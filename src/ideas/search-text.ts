/**
 * Text for pg_trgm in Chinese: overlapping two-character words ("路灯不亮" → "路灯 灯不 不亮"), the usual
 * way to index CJK. pg_trgm builds trigrams inside space-separated words, so each two-character word
 * contributes itself (" 路灯", "路灯 ") and word_similarity then measures how many of the typed text's
 * character pairs an idea holds close together. Whitespace and punctuation split the pairs.
 */
export function bigrams(text: string): string {
  const out: string[] = [];
  for (const run of text.split(/[\s\p{P}\p{S}]+/u)) {
    const chars = [...run];
    if (chars.length === 1) out.push(chars[0]);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  }
  return out.join(' ');
}
