import type { Actor } from '../access/roles.js';
import type { ObjectService } from '../objects/object.service.js';

type Row = Record<string, unknown>;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const list = (v: unknown): Row[] => (Array.isArray(v) ? (v as Row[]) : []);

/**
 * The story form's fields → the API's input. Sections come with a position (to move them) and a
 * delete box; the added section is the one whose type was chosen. Each section keeps only the
 * fields of its type. An object is named by an accession number of this museum, or by the
 * address or id of any public object.
 */
export async function storyFromForm(
  form: Row,
  actor: Actor,
  museumId: string,
  objects: ObjectService,
): Promise<Row> {
  const rows = list(form.sections)
    .map((s, i) => ({ s, i, position: Number(s.position ?? i) }))
    .filter(({ s }) => s.delete !== '1' && typeof s.type === 'string' && s.type !== '')
    .sort((a, b) => a.position - b.position || a.i - b.i);
  const resolve = async (ref: unknown, path: string): Promise<string> => {
    const text = String(ref ?? '').trim();
    const id = UUID.exec(text)?.[0]?.toLowerCase();
    if (id) return id;
    const [found] = await objects.idsForAccessions(actor, museumId, [text], () => path);
    return found!;
  };
  const sections: Row[] = [];
  for (const { s, i } of rows) {
    const id = typeof s.id === 'string' && s.id ? { id: s.id } : {};
    switch (s.type) {
      case 'text':
        sections.push({ type: 'text', ...id, headings: list(s.headings), bodies: list(s.bodies) });
        break;
      case 'quote':
        sections.push({ type: 'quote', ...id, texts: list(s.texts), source: s.source ?? '' });
        break;
      case 'object':
        sections.push({
          type: 'object',
          ...id,
          objectId: await resolve(s.object, `sections.${i}.objectId`),
          captions: list(s.captions),
        });
        break;
      case 'detail': {
        const region = (s.region ?? {}) as Row;
        sections.push({
          type: 'detail',
          ...id,
          objectId: await resolve(s.object, `sections.${i}.objectId`),
          mediaId: String(s.mediaId ?? '').trim(),
          region: { x: region.x ?? '', y: region.y ?? '', w: region.w ?? '', h: region.h ?? '' },
          captions: list(s.captions),
        });
        break;
      }
      default:
        sections.push({ type: s.type });
    }
  }
  return {
    slug: form.slug ?? '',
    kind: form.kind || undefined,
    titles: list(form.titles),
    summaries: list(form.summaries),
    sections,
    ...(form.version ? { version: form.version } : {}),
  };
}
