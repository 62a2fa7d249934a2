import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../modules/access/roles.js';
import type { Services } from '../services.js';
import type { TermIndex } from './terms.js';

interface Manuscript {
  shelfmark: string;
  record: string;
  pages: string[];
}

/**
 * One Arabic-language record per manuscript of the RASAM sample: an Arabic, French and English
 * title naming the manuscript by its shelfmark (the dataset gives no work titles, and none is
 * invented), its incipit as transcribed from its first page, and the count of transcribed pages.
 */
export async function loadRasam(
  s: Services,
  museumId: string,
  dir: string,
  terms: TermIndex,
): Promise<number> {
  const manuscripts = new Map<string, Manuscript>();
  const pageOf = new Map<string, string>();
  for (const row of readFileSync(join(dir, 'list-images.tsv'), 'utf8').split('\n').slice(1)) {
    const [, , shelfmark, file, record] = row.split('\t');
    if (!shelfmark || !file) continue;
    const m = manuscripts.get(shelfmark) ?? { shelfmark, record: record ?? '', pages: [] };
    m.pages.push(file);
    manuscripts.set(shelfmark, m);
    pageOf.set(file, shelfmark);
  }
  const lines = new Map<string, string[]>();
  for (const row of readFileSync(join(dir, 'lines.tsv'), 'utf8').split('\n').slice(1)) {
    const [, page, , , regionType, , text] = row.split('\t');
    if (!page || !text?.trim() || !/^(text|MainZone)/.test(regionType ?? '')) continue;
    lines.set(page, [...(lines.get(page) ?? []), text.trim()]);
  }
  const manuscriptName = await terms.resolve(
    { type: 'concept', scheme: 'object_name' },
    'manuscripts',
    museumId,
  );
  const maghribi = await terms.resolve({ type: 'concept', scheme: 'culture' }, 'Maghribi', museumId);
  const paper = await terms.resolve({ type: 'concept', scheme: 'material' }, 'paper', museumId);
  let n = 0;
  for (const m of [...manuscripts.values()].sort((a, b) => a.shelfmark.localeCompare(b.shelfmark))) {
    const transcribed = m.pages.filter((p) => lines.has(p)).sort();
    const first = transcribed[0];
    const incipit = first ? lines.get(first)!.slice(0, 2).join(' ') : null;
    await s.objects.create(SYSTEM_ACTOR, museumId, {
      accessionNumber: m.shelfmark,
      visibility: 'public',
      titles: [
        { lang: 'ar', value: `مخطوط عربي بالخط المغربي، مكتبة BULAC، ${m.shelfmark}` },
        { lang: 'fr', value: `Manuscrit arabe maghrébin, BULAC, ${m.shelfmark}` },
        { lang: 'en', value: `Arabic manuscript in Maghribi script, BULAC, ${m.shelfmark}` },
      ],
      descriptions: [
        {
          lang: 'ar',
          value: `مخطوط بالخط المغربي، فُرّغت ${transcribed.length} من صفحاته نصيًا ضمن مشروع RASAM (GIS MOMM وCalfa ومكتبة BULAC).`,
        },
        {
          lang: 'fr',
          value: `Manuscrit en écriture maghrébine dont ${transcribed.length} pages ont été transcrites par le projet RASAM (GIS MOMM, Calfa, BULAC).`,
        },
        {
          lang: 'en',
          value: `Manuscript in Maghribi script; ${transcribed.length} of its pages were transcribed by the RASAM project (GIS MOMM, Calfa, BULAC).`,
        },
      ],
      otherNumbers: [{ type: 'BULAC record', value: m.record }],
      objectNames: [{ id: manuscriptName }],
      cultures: [{ id: maghribi }],
      materials: [{ id: paper }],
      inscriptions: incipit
        ? [{ type: 'incipit', text: incipit, lang: 'ar', script: 'Arab', position: first }]
        : [],
      keywords: [
        { lang: 'ar', value: 'خط مغربي' },
        { lang: 'ar', value: 'مخطوطات' },
        { lang: 'fr', value: 'écriture maghrébine' },
      ],
      creditLine: [
        {
          lang: 'fr',
          value:
            'Bibliothèque universitaire des langues et civilisations (BULAC), Paris; transcriptions RASAM, Apache-2.0',
        },
      ],
    });
    n++;
  }
  return n;
}
