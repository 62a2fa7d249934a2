import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { AppError } from '../../errors.js';

/** How long an idle browser is kept for the next document. */
const IDLE_MS = 60_000;
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Turns a print-ready page into a PDF with the server's Chromium, which lays out Arabic, right to
 * left and mixed scripts exactly as the page is printed. The browser starts on the first document,
 * serves the next ones, and stops when idle. Pages are rendered with scripts off and every
 * network request refused: a document is made from its own HTML alone.
 */
export class PdfRenderer {
  private browser: Promise<Browser> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private active = 0;

  constructor(private readonly executablePath: string) {}

  available(): boolean {
    return existsSync(this.executablePath);
  }

  async render(html: string): Promise<Buffer> {
    if (!this.available())
      throw new AppError(
        'pdf_unavailable',
        501,
        'PDF files need Chromium on the server; print the page and save it as PDF from the browser instead',
      );
    this.active++;
    if (this.timer) clearTimeout(this.timer);
    try {
      this.browser ??= chromium.launch({ executablePath: this.executablePath, args: ARGS });
      const context = await (await this.browser).newContext({ javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      } finally {
        await context.close();
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      // A browser that failed is not reused.
      const b = this.browser;
      this.browser = null;
      await b?.then((x) => x.close()).catch(() => undefined);
      throw e;
    } finally {
      this.active--;
      if (this.active === 0) this.timer = setTimeout(() => void this.close(), IDLE_MS).unref();
    }
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = null;
    if (b) await (await b).close().catch(() => undefined);
  }
}
