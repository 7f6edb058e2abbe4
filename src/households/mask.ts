/**
 * Names in lists and scans are masked as phone numbers are (PIPL): 郭渭民 → 郭*民, 余丽 → 余*, 欧阳修远 →
 * 欧**远. A label before the name ("余东村村民 余大伯") is kept: it says where, not who.
 */
export function maskName(full: string): string {
  const text = full.trim();
  const cut = text.lastIndexOf(' ');
  const label = cut >= 0 ? text.slice(0, cut + 1) : '';
  const chars = [...(cut >= 0 ? text.slice(cut + 1) : text)];
  if (chars.length === 0) return text;
  if (chars.length === 1) return `${label}*`;
  if (chars.length === 2) return `${label}${chars[0]}*`;
  return `${label}${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
