/** Small helpers of the credit pages: filling {names} into a sentence, yuan with thousands, a status's colour. */
export const fill = (text: string, vars: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_m, k: string) => String(vars[k] ?? ''));

/** "165130.00" → "165,130.00" (kept a string: money is never a float here). */
export const yuan = (s: string) => {
  const [i, f] = s.split('.');
  return `${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${f ?? '00'}`;
};

export const statusColor = (s: string) => ({ noticed: 'gold', objected: 'red', approved: 'blue', paid: 'green', withdrawn: 'default' } as Record<string, string>)[s];
