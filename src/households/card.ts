/**
 * The printable household card (户卡): A6 landscape (148 × 105 mm), for a household without a phone.
 * The QR code carries the card's URL with its token; a grid worker or the points shop scans it to act
 * for the household. Drawn as one SVG path of dark runs per row (from the `qr` encoder's matrix), so
 * the card prints sharp at any size and a test can read the code back out of the path.
 */
import encodeQR from 'qr';

export interface CardContent {
  village: string;
  household: string;
  address: string;
  head: string;
  url: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The QR matrix of a text (true = dark), with the standard's quiet zone of 4 light modules around it. */
export function qrMatrix(text: string): boolean[][] {
  return encodeQR(text, 'raw', { ecc: 'medium', border: 4 });
}

/** The dark modules as one path in module units: `M x y h n v1 h-n z` per run. */
export function qrPath(matrix: boolean[][]): string {
  const parts: string[] = [];
  matrix.forEach((row, y) => {
    for (let x = 0; x < row.length;) {
      if (!row[x]) {
        x++;
        continue;
      }
      let n = 1;
      while (row[x + n]) n++;
      parts.push(`M${x} ${y}h${n}v1h-${n}z`);
      x += n;
    }
  });
  return parts.join('');
}

/** The card as an SVG document. */
export function renderCard(c: CardContent): string {
  const matrix = qrMatrix(c.url);
  const size = 62; // mm: the code with its quiet zone
  const scale = size / matrix.length;
  const font = 'font-family="Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"';
  const line = (y: number, text: string, size: number, weight = 400, fill = '#1f1f1f') =>
    `<text x="8" y="${y}" font-size="${size}" font-weight="${weight}" fill="${fill}" ${font}>${esc(text)}</text>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<svg xmlns="http://www.w3.org/2000/svg" width="148mm" height="105mm" viewBox="0 0 148 105">',
    `<title>${esc(`${c.village} ${c.household} 户卡`)}</title>`,
    '<rect x="0.5" y="0.5" width="147" height="104" rx="4" fill="#fff" stroke="#1d6f42" stroke-width="1"/>',
    '<rect x="0.5" y="0.5" width="147" height="14" rx="4" fill="#1d6f42"/>',
    `<text x="8" y="10" font-size="6" font-weight="700" fill="#fff" ${font}>${esc(c.village)} · 户卡</text>`,
    line(28, c.household, 9, 700),
    line(40, c.address, 4.2, 400, '#434343'),
    line(50, `户主：${c.head}`, 4.2, 400, '#434343'),
    `<g ${font} font-size="3.4" fill="#595959">`,
    '<text x="8" y="78">凭此卡可由网格员或村积分超市代为操作</text>',
    '<text x="8" y="84">卡片遗失请告知村委会补办，旧卡随即失效</text>',
    '<text x="8" y="91" font-size="2.8">Household card: a grid worker or the</text>',
    '<text x="8" y="94.5" font-size="2.8">village points shop may act for this</text>',
    '<text x="8" y="98" font-size="2.8">household with it.</text>',
    '</g>',
    `<g transform="translate(${148 - 6 - size} ${(105 + 14 - size) / 2})">`,
    `<rect width="${size}" height="${size}" fill="#fff"/>`,
    `<path data-qr="${matrix.length}" transform="scale(${scale.toFixed(6)})" fill="#000" d="${qrPath(matrix)}"/>`,
    '</g>',
    '</svg>',
  ].join('\n');
}
