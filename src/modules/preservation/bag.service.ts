import { authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import type { AuthorityRepository } from '../authorities/authority.repository.js';
import type { ServiceContext } from '../common/context.js';
import type { ExportService } from '../exports/export.service.js';
import type { MediaRepository } from '../media/media.repository.js';
import type { Storage } from '../media/storage.adapter.js';
import type { MuseumRepository } from '../museums/museum.repository.js';
import { pickLang } from '../common/values.schemas.js';
import { notFound } from '../../errors.js';
import { BagWriter } from './bagit.js';

const jsonl = (items: readonly unknown[]) => items.map((i) => `${JSON.stringify(i)}\n`).join('');

/**
 * A museum's records and original files as a BagIt bag, for preservation or for moving to
 * another system: every record as JSON Lines (the staff fields the person making it may read)
 * and as LIDO, the authorities it may link to, and each original file under its SHA-256 with its
 * description. The files are read from storage as they are kept, never from derivatives.
 */
export class BagService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly exports: ExportService,
    private readonly media: MediaRepository,
    private readonly authorities: AuthorityRepository,
    private readonly museums: MuseumRepository,
    private readonly storage: Storage,
    private readonly software: string,
  ) {}

  async bagMuseum(actor: Actor, museumId: string, dir: string): Promise<{ files: number; bytes: number }> {
    authorize(actor, 'read', 'object', museumId);
    authorize(actor, 'read', 'media', museumId);
    const museum = await this.museums.findById(this.ctx.db, museumId);
    if (!museum) throw notFound('museum');
    const bag = new BagWriter(dir);
    for (const format of ['jsonl', 'lido'] as const) {
      const file = await this.exports.museumExport(
        actor,
        museumId,
        { format, sort: 'accession' },
        museum.defaultLanguage,
      );
      await bag.add(`records/objects.${format === 'lido' ? 'lido.xml' : 'jsonl'}`, file.body);
    }
    await bag.add(
      'records/authorities.jsonl',
      jsonl(await this.authorities.allVisible(this.ctx.db, museumId)),
    );
    const files = await this.media.ofMuseum(this.ctx.db, museumId);
    await bag.add(
      'records/files.jsonl',
      jsonl(
        files.map(({ storageKey: _k, derivatives: _d, ...m }) => ({
          ...m,
          path: `data/files/${m.sha256}.${m.format}`,
        })),
      ),
    );
    const seen = new Set<string>();
    for (const m of files) {
      // The same original on two objects is stored, and bagged, once.
      if (seen.has(m.sha256)) continue;
      seen.add(m.sha256);
      await bag.add(`files/${m.sha256}.${m.format}`, await this.storage.stream(m.storageKey));
    }
    return bag.finish({
      'Source-Organization': pickLang(museum.names, [museum.defaultLanguage, 'en'])?.value ?? museum.slug,
      'External-Identifier': `mathaf:${museum.slug}`,
      'External-Description': `The records (JSON Lines, LIDO 1.1) and original files of ${museum.slug}, as kept by Mathaf`,
      'Bag-Software-Agent': this.software,
      'Contact-Name': actor.name,
    });
  }
}
