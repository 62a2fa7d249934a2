import type { PortalService } from '../portal/portal.service.js';
import { lidoRecord } from './lido.js';
import { linkedArt } from './linked-art.js';
import type { PublicRecord } from './record-uris.js';

/**
 * A public object in the standard forms (Linked Art, LIDO): found exactly as its public page is,
 * with no reader (so a record staff may see but the public may not is not found), and
 * answering 410 where the page would.
 */
export class RecordService {
  constructor(
    private readonly portal: PortalService,
    private readonly base: string,
  ) {}

  async publicRecord(slug: string, id: string): Promise<PublicRecord> {
    const { museum, object } = await this.portal.object(null, slug, id);
    return { object, museum, base: this.base };
  }

  async linkedArt(slug: string, id: string): Promise<Record<string, unknown>> {
    return linkedArt(await this.publicRecord(slug, id));
  }

  async lido(slug: string, id: string): Promise<string> {
    return `<?xml version="1.0" encoding="UTF-8"?>\n${lidoRecord(await this.publicRecord(slug, id))}\n`;
  }
}
