import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Debian's chromium unless CHROMIUM_PATH names another (as the browser tests find it). */
export const chromiumExecutable = (): string => process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const canPrint = (): boolean => existsSync(chromiumExecutable());

/**
 * The bulletin's HTML printed to PDF by headless Chromium (playwright-core's page.pdf): the page
 * the office sees is the page it prints, with the system's CJK font (fonts-wqy-microhei) embedded
 * by the browser's own PDF backend — no second layout in a PDF library.
 */
export async function printPdf(html: string): Promise<Buffer> {
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    headless: true,
    args: ['--no-sandbox'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' },
    });
  } finally {
    await browser.close();
  }
}
