import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An element as parsed: its text, its attributes (`@name`, prefixes dropped) and its children, each child name to a list. */
export type XNode = { '#text'?: string } & { [name: string]: XNode[] | string | undefined };

export interface OaiRecord {
  identifier: string;
  datestamp: string;
  deleted: boolean;
  /** The metadata element's one child (`dc`, `lido`), or null for a deleted record. */
  metadata: XNode | null;
}

export interface OaiPage {
  responseDate: string;
  error: { code: string; message: string } | null;
  records: OaiRecord[];
  token: string | null;
  granularity: string | null;
}

/** Why an answer could not be used: not XML, or XML that tries something. */
export class BadResponse extends Error {}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  alwaysCreateTextNode: true,
  processEntities: true,
  htmlEntities: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

/** The children of a node by name (none when absent). */
export const kids = (n: XNode | null | undefined, name: string): XNode[] =>
  n && Array.isArray(n[name]) ? (n[name] as XNode[]) : [];
export const first = (n: XNode | null | undefined, ...path: string[]): XNode | undefined =>
  path.reduce<XNode | undefined>((cur, name) => kids(cur, name)[0], n ?? undefined);
export const textOf = (n: XNode | undefined): string => (n?.['#text'] ?? '').trim();
export const attr = (n: XNode | undefined, name: string): string | undefined =>
  typeof n?.[`@${name}`] === 'string' ? (n[`@${name}`] as string) : undefined;
/** Every node at the end of a path (each step may repeat). */
export const all = (n: XNode | null | undefined, ...path: string[]): XNode[] =>
  path.reduce<XNode[]>((nodes, name) => nodes.flatMap((x) => kids(x, name)), n ? [n] : []);

/**
 * An OAI-PMH answer read safely. A DOCTYPE or an entity declaration is refused before parsing:
 * OAI-PMH never needs one, and entities are how a "billion laughs" answer would fill memory.
 */
export function parseOai(xml: string): OaiPage {
  const head = xml.slice(0, 100_000);
  if (/<!DOCTYPE/i.test(head) || /<!ENTITY/i.test(xml))
    throw new BadResponse('The answer declares a DOCTYPE or entities, which OAI-PMH never needs; refused');
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new BadResponse(`The answer is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  const doc = parser.parse(xml) as XNode;
  const root = first(doc, 'OAI-PMH');
  if (!root) throw new BadResponse('The answer is XML but not an OAI-PMH response');
  const error = first(root, 'error');
  const list = first(root, 'ListRecords');
  const token = textOf(first(list, 'resumptionToken'));
  return {
    responseDate: textOf(first(root, 'responseDate')),
    error: error ? { code: attr(error, 'code') ?? 'unknown', message: textOf(error) } : null,
    records: kids(list, 'record').map((r) => {
      const h = first(r, 'header');
      const meta = first(r, 'metadata');
      const payload = meta
        ? Object.entries(meta).find(([k, v]) => !k.startsWith('@') && k !== '#text' && Array.isArray(v))?.[1]
        : undefined;
      return {
        identifier: textOf(first(h, 'identifier')),
        datestamp: textOf(first(h, 'datestamp')),
        deleted: attr(h, 'status') === 'deleted',
        metadata: Array.isArray(payload) ? (payload[0] as XNode) : null,
      };
    }),
    token: token || null,
    granularity: textOf(first(root, 'Identify', 'granularity')) || null,
  };
}
