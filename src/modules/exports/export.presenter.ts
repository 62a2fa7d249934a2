import { presentObject } from '../objects/object.presenter.js';
import type { ExportRow } from './export.columns.js';
import { recordUris } from './record-uris.js';

/**
 * A record of a JSON Lines export. The public one is the public presenter's object with its
 * addresses; a staff one is the staff presenter's (which names the staff fields) with the public
 * images, where the object is, and its latest valuation only when the export carries valuations.
 */
export function jsonLine(row: ExportRow): string {
  const uris = recordUris(row.record);
  const { object, museum } = row.record;
  const links = {
    museum: museum.slug,
    url: uris.page(),
    ...(object.images.length ? { iiifManifest: uris.manifest } : {}),
  };
  if (!row.staff) return `${JSON.stringify({ ...links, linkedArt: uris.linkedArt, ...object })}\n`;
  const { object: full, location, valuation } = row.staff;
  const staff = {
    ...presentObject(full),
    images: object.images,
    location,
    ...(valuation === undefined ? {} : { valuation }),
  };
  return `${JSON.stringify({ ...links, ...staff })}\n`;
}
