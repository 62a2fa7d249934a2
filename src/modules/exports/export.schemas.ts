import { z } from 'zod';
import { langTag } from '../common/values.schemas.js';
import { searchInput } from '../search/search.schemas.js';

export const EXPORT_FORMATS = ['csv', 'jsonl', 'lido'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * An export: a search (its words and filters, as on the search page; none for the whole
 * collection), a format, and the language linked terms are named in. Pages are the exporter's
 * business, so the search's own paging is not taken.
 */
export const exportInput = searchInput
  .omit({ limit: true, offset: true, cursor: true, facets: true, prefix: true })
  .extend({
    format: z.enum(EXPORT_FORMATS).default('csv'),
    lang: langTag.optional(),
  })
  .strict();
export type ExportInput = z.infer<typeof exportInput>;

export const EXPORT_TYPES: Record<ExportFormat, { contentType: string; extension: string }> = {
  csv: { contentType: 'text/csv; charset=utf-8; header=present', extension: 'csv' },
  jsonl: { contentType: 'application/jsonl; charset=utf-8', extension: 'jsonl' },
  lido: { contentType: 'application/xml; charset=utf-8', extension: 'lido.xml' },
};
