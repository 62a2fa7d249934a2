import { SYSTEM_ACTOR } from '../modules/access/roles.js';
import { labelSortKey } from '../modules/common/sort-keys.js';
import type { Services } from '../services.js';
import { DYNASTIES, PERIODS, type SeedTerm, TERMS } from './vocabularies.js';

type Kind = { type: 'person' | 'organization' | 'place' | 'concept'; scheme?: string };

/**
 * Finds or creates authority records by label while importing. Shared vocabularies are
 * created once; a label no vocabulary has becomes a term of the importing museum.
 */
export class TermIndex {
  private readonly ids = new Map<string, string>();
  constructor(private readonly s: Services) {}

  private key(k: Kind, label: string, museumId: string | null) {
    return `${museumId ?? '*'}|${k.type}|${k.scheme ?? ''}|${labelSortKey(label)}`;
  }

  /** Creates the shared vocabularies (once per database) and remembers their labels. */
  async loadShared(): Promise<void> {
    const existing = await this.s.authorities.list(SYSTEM_ACTOR, null, { type: 'concept', limit: '2000' });
    for (const a of existing)
      for (const l of a.labels)
        this.ids.set(this.key({ type: 'concept', scheme: a.scheme ?? '' }, l.value, null), a.id);
    for (const term of [...DYNASTIES, ...PERIODS, ...TERMS]) {
      if (this.find({ type: 'concept', scheme: term.scheme }, term.en, null)) continue;
      const a = await this.s.authorities.create(SYSTEM_ACTOR, null, {
        type: 'concept',
        scheme: term.scheme,
        shared: true,
        labels: [
          { lang: 'en', value: term.en, preferred: true },
          { lang: 'ar', value: term.ar },
          { lang: 'fr', value: term.fr },
          ...(term.aliases ?? []).map((value) => ({ lang: 'en', value })),
        ],
        beginYear: term.begin ?? null,
        endYear: term.end ?? null,
        externalIds: term.wikidata ? { wikidata: term.wikidata } : {},
      });
      this.remember(a.id, { type: 'concept', scheme: term.scheme }, term, null);
    }
  }

  private remember(id: string, k: Kind, term: SeedTerm, museumId: string | null) {
    for (const label of [term.en, term.ar, term.fr, ...(term.aliases ?? [])])
      this.ids.set(this.key(k, label, museumId), id);
  }

  private find(k: Kind, label: string, museumId: string | null): string | undefined {
    return this.ids.get(this.key(k, label, museumId)) ?? this.ids.get(this.key(k, label, null));
  }

  /** The id of the record with this label, creating a museum record when there is none. */
  async resolve(
    k: Kind,
    label: string,
    museumId: string,
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    const hit = this.find(k, label, museumId);
    if (hit) return hit;
    const a = await this.s.authorities.create(SYSTEM_ACTOR, museumId, {
      type: k.type,
      ...(k.scheme ? { scheme: k.scheme } : {}),
      labels: [{ lang: 'en', value: label, preferred: true }],
      ...extra,
    });
    this.ids.set(this.key(k, label, museumId), a.id);
    return a.id;
  }
}
