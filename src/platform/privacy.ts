/** PIPL: personal data is masked in every list and log. */

/** 13812345678 → 138****5678; +86 prefixes and short numbers handled. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = normalisePhone(phone) ?? phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** Resident ID number (18 chars) → first 6 + ******** + last 4. */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return null;
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** Mainland mobile number: 11 digits starting 1[3-9]; an optional +86/86 prefix is dropped. */
export function normalisePhone(input: string): string | null {
  const d = input.replace(/[\s-]/g, '').replace(/^(\+?86)/, '');
  return /^1[3-9]\d{9}$/.test(d) ? d : null;
}

/** Pino redaction paths: any field named like a phone or secret is censored in logs. */
export const LOG_REDACT_PATHS = [
  'phone', '*.phone', '*.*.phone', 'password', '*.password',
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'token', '*.token',
];
