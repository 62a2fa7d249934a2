import { z } from 'zod';
import { langValue } from '../common/values.schemas.js';

export const STORY_KINDS = ['story', 'exhibition'] as const;
export const SECTION_TYPES = ['text', 'object', 'detail', 'quote'] as const;

const texts = z.array(langValue).max(20).default([]);
const uuid = z.string().uuid({ message: 'an id' });
/** A section's own id: the anchor by which a reader shares it (`#s-…`). Kept when the section is edited or moved. */
const sectionId = z.string().regex(/^[a-z0-9]{4,16}$/, { message: 'letters and digits' });

/**
 * A section of a story or exhibition: a text (heading and body, in several languages), an object
 * (of any museum, shown while public), a detail (a region of one of an object's images, in the
 * image's pixels), or a quotation with its source.
 */
export const section = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), id: sectionId.optional(), headings: texts, bodies: texts }).strict(),
  z.object({ type: z.literal('object'), id: sectionId.optional(), objectId: uuid, captions: texts }).strict(),
  z
    .object({
      type: z.literal('detail'),
      id: sectionId.optional(),
      objectId: uuid,
      mediaId: uuid,
      region: z
        .object({
          x: z.coerce.number().int().min(0),
          y: z.coerce.number().int().min(0),
          w: z.coerce.number().int().min(1),
          h: z.coerce.number().int().min(1),
        })
        .strict(),
      captions: texts,
    })
    .strict(),
  z
    .object({
      type: z.literal('quote'),
      id: sectionId.optional(),
      texts: texts.refine((x) => x.length > 0, { message: 'the quotation' }),
      source: z.string().trim().max(500).default(''),
    })
    .strict(),
]);
export type Section = z.infer<typeof section> & { id: string };

export const storyInput = z
  .object({
    kind: z.enum(STORY_KINDS).default('story'),
    slug: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/, {
      message: 'lower-case letters, digits and hyphens, as in its address',
    }),
    titles: z.array(langValue).min(1, { message: 'a title' }).max(20),
    summaries: texts,
    sections: z.array(section).max(200).default([]),
    /** Objects shown may belong to other museums of the platform; they appear only while public. */
    version: z.coerce.number().int().optional(),
  })
  .strict();
export type StoryInput = z.infer<typeof storyInput>;

export const storyOutput = z.object({
  id: z.string(),
  museumId: z.string(),
  kind: z.enum(STORY_KINDS),
  slug: z.string(),
  status: z.enum(['draft', 'published']),
  titles: z.array(langValue),
  summaries: z.array(langValue),
  sections: z.array(z.any()),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type Story = Omit<z.infer<typeof storyOutput>, 'sections'> & { sections: Section[] };
