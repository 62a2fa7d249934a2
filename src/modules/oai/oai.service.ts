import type { ServiceContext } from '../common/context.js';
import { pickLang, readJson } from '../common/values.schemas.js';
import type { MediaRepository } from '../media/media.repository.js';
import type { Media } from '../media/media.schemas.js';
import type { MuseumRepository } from '../museums/museum.repository.js';
import type { Museum } from '../museums/museum.schemas.js';
import type { ObjectRepository } from '../objects/object.repository.js';
import type { MuseumObject } from '../objects/object.schemas.js';
import { presentPublicObject } from '../portal/portal.presenter.js';
import type { OaiHeader, OaiRepository } from './oai.repository.js';
import {
  ARGUMENTS,
  dateBound,
  decodeToken,
  encodeToken,
  type Resumption,
  VERBS,
  type Verb,
} from './oai.schemas.js';
import { esc } from '../common/xml.js';
import { envelope, header, oaiDc } from './oai.xml.js';
import { LIDO_NS, LIDO_SCHEMA, lidoRecord } from '../exports/lido.js';
import { type PublicRecord, recordUris } from '../exports/record-uris.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FORMATS = [
  {
    prefix: 'oai_dc',
    schema: 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd',
    namespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/',
  },
  { prefix: 'lido', schema: LIDO_SCHEMA, namespace: LIDO_NS },
];
const PAGE = { ListRecords: 100, ListIdentifiers: 500, ListSets: 500 } as const;

class OaiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The OAI-PMH 2.0 data provider over the public records: all six verbs, `oai_dc`, a set per
 * museum and per collection with public records, deletions kept (`persistent`), and stateless
 * resumption tokens. Answers are whole XML documents; errors are OAI-PMH errors, never HTTP ones.
 */
export class OaiService {
  private readonly host: string;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: OaiRepository,
    private readonly museums: MuseumRepository,
    private readonly objects: ObjectRepository,
    private readonly media: MediaRepository,
    private readonly baseUrl: string,
    private readonly adminEmail: string,
  ) {
    this.host = new URL(baseUrl).hostname;
  }

  get endpoint(): string {
    return `${this.baseUrl}/oai`;
  }

  async handle(pairs: [string, string][]): Promise<string> {
    const now = `${new Date().toISOString().slice(0, 19)}Z`;
    const args = new Map<string, string>();
    try {
      for (const [k, v] of pairs) {
        if (args.has(k))
          throw new OaiError(k === 'verb' ? 'badVerb' : 'badArgument', `The argument ${k} is repeated`);
        args.set(k, v);
      }
      const verb = args.get('verb');
      if (!verb || !(VERBS as readonly string[]).includes(verb))
        throw new OaiError(
          'badVerb',
          verb ? `${verb} is not an OAI-PMH verb` : 'The verb argument is missing',
        );
      this.checkArguments(verb as Verb, args);
      const attrs = [...args].map(([k, v]) => ` ${k}="${esc(v)}"`).join('');
      const body = await this.answer(verb as Verb, args);
      return envelope(now, `<request${attrs}>${esc(this.endpoint)}</request>`, body);
    } catch (e) {
      if (!(e instanceof OaiError)) throw e;
      // After badVerb or badArgument the request is echoed without its arguments (§3.6).
      const echo =
        e.code === 'badVerb' || e.code === 'badArgument'
          ? ''
          : [...args].map(([k, v]) => ` ${k}="${esc(v)}"`).join('');
      return envelope(
        now,
        `<request${echo}>${esc(this.endpoint)}</request>`,
        `<error code="${e.code}">${esc(e.message)}</error>`,
      );
    }
  }

  private checkArguments(verb: Verb, args: Map<string, string>): void {
    const rule = ARGUMENTS[verb];
    const given = [...args.keys()].filter((k) => k !== 'verb');
    if (args.has('resumptionToken')) {
      if (!rule.token) throw new OaiError('badArgument', `${verb} takes no resumptionToken`);
      if (given.length > 1) throw new OaiError('badArgument', 'resumptionToken is an exclusive argument');
      return;
    }
    for (const k of given)
      if (!rule.required.includes(k) && !rule.optional.includes(k))
        throw new OaiError('badArgument', `${verb} takes no argument ${k}`);
    for (const k of rule.required)
      if (!args.get(k)) throw new OaiError('badArgument', `${verb} needs the argument ${k}`);
  }

  private async answer(verb: Verb, args: Map<string, string>): Promise<string> {
    switch (verb) {
      case 'Identify':
        return this.identify();
      case 'ListMetadataFormats':
        return this.formats(args.get('identifier'));
      case 'ListSets':
        return this.sets(args.get('resumptionToken'));
      case 'GetRecord':
        return this.getRecord(args.get('identifier')!, args.get('metadataPrefix')!);
      default:
        return this.list(verb, args);
    }
  }

  private async identify(): Promise<string> {
    const earliest = (await this.repo.earliest(this.ctx.db)) ?? new Date().toISOString();
    return `<Identify><repositoryName>Mathaf</repositoryName><baseURL>${esc(this.endpoint)}</baseURL><protocolVersion>2.0</protocolVersion><adminEmail>${esc(this.adminEmail)}</adminEmail><earliestDatestamp>${earliest.slice(0, 19)}Z</earliestDatestamp><deletedRecord>persistent</deletedRecord><granularity>YYYY-MM-DDThh:mm:ssZ</granularity></Identify>`;
  }

  private async formats(identifier: string | undefined): Promise<string> {
    if (identifier !== undefined) await this.headerOf(identifier);
    return `<ListMetadataFormats>${FORMATS.map((f) => `<metadataFormat><metadataPrefix>${f.prefix}</metadataPrefix><schema>${f.schema}</schema><metadataNamespace>${f.namespace}</metadataNamespace></metadataFormat>`).join('')}</ListMetadataFormats>`;
  }

  private async sets(token: string | undefined): Promise<string> {
    if (token !== undefined)
      throw new OaiError(
        'badResumptionToken',
        'The list of sets comes in one answer; this token is not one of ours',
      );
    const museums = await this.museums.list(this.ctx.db);
    const slugOf = new Map(museums.map((m) => [m.id, m.slug]));
    const collections = await this.repo.collections(this.ctx.db);
    const name = (labels: { lang: string; value: string }[]) => pickLang(labels, ['en'])?.value ?? '';
    return `<ListSets>${[
      ...museums.map(
        (m) => `<set><setSpec>${esc(m.slug)}</setSpec><setName>${esc(name(m.names))}</setName></set>`,
      ),
      ...collections
        .filter((c) => slugOf.has(c.museumId))
        .map(
          (c) =>
            `<set><setSpec>${esc(`${slugOf.get(c.museumId)}:${c.id}`)}</setSpec><setName>${esc(name(readJson(c.labels, [])))}</setName></set>`,
        ),
    ].join('')}</ListSets>`;
  }

  private async getRecord(identifier: string, prefix: string): Promise<string> {
    const h = await this.headerOf(identifier);
    this.format(prefix);
    const museums = await this.museumMap();
    return `<GetRecord>${await this.record(h, prefix, museums)}</GetRecord>`;
  }

  private async list(verb: 'ListIdentifiers' | 'ListRecords', args: Map<string, string>): Promise<string> {
    const token = args.get('resumptionToken');
    let state: Resumption;
    if (token !== undefined) {
      const t = decodeToken(token);
      if (!t) throw new OaiError('badResumptionToken', 'The resumption token is not valid');
      state = t;
    } else {
      const from = args.has('from') ? dateBound(args.get('from')!, false) : null;
      const until = args.has('until') ? dateBound(args.get('until')!, true) : null;
      if ((args.has('from') && !from) || (args.has('until') && !until))
        throw new OaiError('badArgument', 'from and until are dates as YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ');
      if (from && until && from.granularity !== until.granularity)
        throw new OaiError('badArgument', 'from and until must have the same granularity');
      if (from && until && from.iso > until.iso) throw new OaiError('badArgument', 'from is after until');
      state = {
        v: 1,
        p: args.get('metadataPrefix')!,
        s: args.get('set') ?? null,
        f: from?.iso ?? null,
        u: until?.iso ?? null,
        a: ['', ''],
        c: 0,
      };
    }
    this.format(state.p);
    const museums = await this.museumMap();
    const scope = this.setScope(state.s, museums);
    const limit = PAGE[verb];
    const rows = await this.repo.headers(this.ctx.db, {
      ...scope,
      from: state.f ?? undefined,
      until: state.u ?? undefined,
      after: state.c ? state.a : undefined,
      limit: limit + 1,
    });
    if (!rows.length) throw new OaiError('noRecordsMatch', 'No record matches these arguments');
    const page = rows.slice(0, limit);
    const sets = await this.collectionSets(page);
    const items =
      verb === 'ListRecords'
        ? await this.records(page, state.p, museums, sets)
        : page.map((h) =>
            header(this.identifier(h.objectId), h.stamp, this.setSpecs(h, museums, sets), h.deleted),
          );
    const last = page[page.length - 1]!;
    const next =
      rows.length > limit
        ? encodeToken({ ...state, a: [last.stamp, last.objectId], c: state.c + page.length })
        : '';
    const tokenEl =
      token !== undefined || next ? `<resumptionToken cursor="${state.c}">${next}</resumptionToken>` : '';
    return `<${verb}>${items.join('')}${tokenEl}</${verb}>`;
  }

  /** A page of records, their objects and files read together (a query each, not a query per record). */
  private async records(
    page: OaiHeader[],
    prefix: string,
    museums: Map<string, Museum>,
    sets: Map<string, string[]>,
  ): Promise<string[]> {
    const live = page.filter((h) => !h.deleted).map((h) => h.objectId);
    const [objects, media] = await Promise.all([
      this.objects.findByIds(this.ctx.db, null, live),
      this.media.ofObjects(this.ctx.db, live),
    ]);
    const found = new Map(objects.map((o) => [o.id, o]));
    return page.map((h) =>
      this.render(h, prefix, museums, sets, found.get(h.objectId), media.get(h.objectId) ?? []),
    );
  }

  private async record(h: OaiHeader, prefix: string, museums: Map<string, Museum>): Promise<string> {
    const found = h.deleted
      ? undefined
      : await this.objects.findWithMedia(this.ctx.db, h.museumId, h.objectId);
    return this.render(h, prefix, museums, await this.collectionSets([h]), found?.object, found?.media ?? []);
  }

  private render(
    h: OaiHeader,
    prefix: string,
    museums: Map<string, Museum>,
    sets: Map<string, string[]>,
    o: MuseumObject | undefined,
    media: Media[],
  ): string {
    const museum = museums.get(h.museumId);
    const setSpec = this.setSpecs(h, museums, sets);
    const head = header(this.identifier(h.objectId), h.stamp, setSpec, h.deleted);
    if (h.deleted || !museum) return `<record>${head}</record>`;
    if (!o || o.museumId !== h.museumId || o.visibility !== 'public')
      return `<record>${header(this.identifier(h.objectId), h.stamp, setSpec, true)}</record>`;
    const record: PublicRecord = { object: presentPublicObject(o, media), museum, base: this.baseUrl };
    const metadata =
      prefix === 'lido'
        ? lidoRecord(record)
        : oaiDc(
            record.object,
            pickLang(museum.names, ['en'])?.value ?? museum.slug,
            recordUris(record).page(),
          );
    return `<record>${head}<metadata>${metadata}</metadata></record>`;
  }

  private identifier(objectId: string): string {
    return `oai:${this.host}:${objectId}`;
  }

  private async headerOf(identifier: string): Promise<OaiHeader> {
    const prefix = `oai:${this.host}:`;
    const id = identifier.startsWith(prefix) ? identifier.slice(prefix.length) : '';
    const h = UUID.test(id) ? await this.repo.header(this.ctx.db, id) : undefined;
    if (!h) throw new OaiError('idDoesNotExist', `No record has the identifier ${identifier}`);
    return h;
  }

  private format(prefix: string): void {
    if (!FORMATS.some((f) => f.prefix === prefix))
      throw new OaiError(
        'cannotDisseminateFormat',
        `The format ${prefix} is not offered; see ListMetadataFormats`,
      );
  }

  private async museumMap(): Promise<Map<string, Museum>> {
    return new Map((await this.museums.list(this.ctx.db)).map((m) => [m.id, m]));
  }

  private setScope(
    spec: string | null,
    museums: Map<string, Museum>,
  ): { museumId?: string; collectionId?: string } {
    if (spec === null) return {};
    const [slug, collection, ...rest] = spec.split(':');
    const museum = [...museums.values()].find((m) => m.slug === slug);
    if (!museum || rest.length || (collection !== undefined && !UUID.test(collection)))
      throw new OaiError('badArgument', `There is no set ${spec}`);
    return collection ? { museumId: museum.id, collectionId: collection } : { museumId: museum.id };
  }

  /** The collections each live record of a page belongs to (one query for the page). */
  private async collectionSets(page: OaiHeader[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const r of await this.repo.collectionsOf(
      this.ctx.db,
      page.filter((h) => !h.deleted).map((h) => h.objectId),
    ))
      out.set(r.objectId, [...(out.get(r.objectId) ?? []), r.collectionId]);
    return out;
  }

  private setSpecs(h: OaiHeader, museums: Map<string, Museum>, sets: Map<string, string[]>): string[] {
    const slug = museums.get(h.museumId)?.slug ?? 'unknown';
    return [slug, ...(sets.get(h.objectId) ?? []).map((c) => `${slug}:${c}`)];
  }
}
