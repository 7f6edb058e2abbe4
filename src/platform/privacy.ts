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

/** Patterns of personal numbers typed into free text (a report's description, a title). */
const ID_IN_TEXT = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE_IN_TEXT = /(?<![\d+])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)/g;
const LANDLINE_IN_TEXT = /(?<!\d)(0\d{2,3})([\s-]?)(\d{3,4})(\d{4})(?!\d)/g;

/**
 * Free text shown to the public (Open311, people following a case): resident ID numbers and phone
 * numbers (mobile and landline) in it are masked as in lists (138****5678, 330802********1234).
 */
export function maskPersonalText(text: string): string;
export function maskPersonalText(text: string | null | undefined): string | null;
export function maskPersonalText(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  return text
    .replace(ID_IN_TEXT, (m) => maskIdNumber(m)!)
    .replace(MOBILE_IN_TEXT, (m) => maskPhone(m)!)
    .replace(LANDLINE_IN_TEXT, (_m, area: string, sep: string, mid: string, last: string) => `${area}${sep}${'*'.repeat(mid.length)}${last}`);
}

/** Pino redaction paths: any field named like a phone or secret is censored in logs. */
export const LOG_REDACT_PATHS = [
  'phone', '*.phone', '*.*.phone', 'password', '*.password',
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'token', '*.token',
];

/**
 * A person's name in a list others read, masked as phone numbers are (PIPL): 郭渭民 → 郭*民, 余丽 → 余*,
 * 欧阳修远 → 欧**远. A label before the name ("余东村村民 余大伯" → "余东村村民 余*伯") is kept: it says
 * where, not who.
 */
export function maskName(full: string | null | undefined): string | null {
  if (!full) return null;
  const text = full.trim();
  const cut = text.lastIndexOf(' ');
  const label = cut >= 0 ? text.slice(0, cut + 1) : '';
  const chars = [...(cut >= 0 ? text.slice(cut + 1) : text)];
  if (chars.length === 0) return text;
  if (chars.length === 1) return `${label}*`;
  if (chars.length === 2) return `${label}${chars[0]}*`;
  return `${label}${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
