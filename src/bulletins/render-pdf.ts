/**
 * PDFs through headless Chromium (CHROMIUM_PATH), driven by playwright-core — both optional at run
 * time: a server without them still archives bulletins (content, hash, Excel) and answers a PDF
 * download with 503 BULLETIN_PDF_UNAVAILABLE. Chromium stamps a creation date in the PDF, so its bytes
 * differ per rendering: the bulletin's hash is of its canonical content, not of the PDF.
 */
import { access } from 'node:fs/promises';
import { AppError } from '../platform/errors.ts';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

const unavailable = (why: string) => new AppError('BULLETIN_PDF_UNAVAILABLE', 503, `No PDF: ${why}`);

/** Render each HTML page to a PDF with one browser; throws BULLETIN_PDF_UNAVAILABLE without Chromium. */
export async function renderPdfs(chromiumPath: string, pages: string[]): Promise<Buffer[]> {
  try {
    await access(chromiumPath);
  } catch {
    throw unavailable('Chromium is not installed where CHROMIUM_PATH says');
  }
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw unavailable('playwright-core is not installed');
  }
  const browser = await chromium.launch({ executablePath: chromiumPath, args: FLAGS });
  try {
    const out: Buffer[] = [];
    const page = await browser.newPage();
    for (const html of pages) {
      await page.setContent(html, { waitUntil: 'load' });
      out.push(await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }));
    }
    return out;
  } finally {
    await browser.close();
  }
}
