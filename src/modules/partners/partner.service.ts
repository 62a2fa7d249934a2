import { notFound } from '../../errors.js';
import { newId, nowIso } from '../../db/ids.js';
import { authorize, isMember } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import { normalize } from '../search/normalize.js';
import type { PartnerRepository } from './partner.repository.js';
import { type Message, messageInput, type Post, postInput, postQuery } from './partner.schemas.js';

/**
 * Finding partners: a museum lists what it offers and what it needs (objects to lend on a theme,
 * expertise, a touring exhibition to host, training to give), any museum's staff searches them,
 * and answers through the platform: the message reaches the other museum's director, and
 * neither side sees an address the other did not give.
 */
export class PartnerService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: PartnerRepository,
    private readonly audit: AuditRepository,
  ) {}

  async post(actor: Actor, museumId: string, input: unknown): Promise<Post> {
    authorize(actor, 'create', 'partnership', museumId);
    const v = parseInput(postInput, input);
    const p: Post = { id: newId(), museumId, ...v, status: 'open', createdAt: nowIso() };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.insertPost(trx, p);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'create',
        entityType: 'partnership',
        entityId: p.id,
        changes: { kind: [null, p.kind], theme: [null, p.theme], title: [null, p.title] },
      });
    });
    return p;
  }

  async close(actor: Actor, museumId: string, id: string): Promise<void> {
    authorize(actor, 'update', 'partnership', museumId);
    if (!(await this.repo.setStatus(this.ctx.db, museumId, id, 'closed', nowIso()))) throw notFound('post');
  }

  async mine(actor: Actor, museumId: string): Promise<Post[]> {
    authorize(actor, 'read', 'partnership', museumId);
    return this.repo.ofMuseum(this.ctx.db, museumId);
  }

  /** Open offers and needs of every museum, for anyone on a museum's staff. */
  async search(actor: Actor, input: unknown) {
    if (actor.platformRole !== 'admin' && actor.memberships.size === 0)
      authorize(actor, 'read', 'partnership', null);
    const q = parseInput(postQuery, input);
    const words = q.q ? normalize(q.q).split(' ').filter(Boolean) : [];
    return (await this.repo.open(this.ctx.db, q)).filter((p) =>
      words.every((w) => normalize(`${p.title} ${p.body}`).includes(w)),
    );
  }

  async postById(id: string): Promise<Post> {
    const p = await this.repo.post(this.ctx.db, id);
    if (!p) throw notFound('post');
    return p;
  }

  /** A message to the museum of a post (or any museum), from one of the sender's museums; delivered to its director's inbox. */
  async contact(actor: Actor, toMuseumId: string, postId: string | null, input: unknown): Promise<Message> {
    const v = parseInput(messageInput, input);
    if (!isMember(actor, v.fromMuseum)) throw notFound('museum');
    authorize(actor, 'create', 'message', v.fromMuseum);
    if (postId) {
      const p = await this.repo.post(this.ctx.db, postId);
      if (!p || p.museumId !== toMuseumId || p.status !== 'open') throw notFound('post');
    }
    const m: Message = {
      id: newId(),
      fromMuseumId: v.fromMuseum,
      fromLabel: actor.name,
      toMuseumId,
      postId,
      subject: v.subject,
      body: v.body,
      createdAt: nowIso(),
      readAt: null,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.insertMessage(trx, m);
      await this.audit.record(trx, actor, {
        museumId: v.fromMuseum,
        action: 'create',
        entityType: 'message',
        entityId: m.id,
        changes: { to: [null, toMuseumId], subject: [null, v.subject] },
      });
    });
    return m;
  }

  /** The museum's messages, for its director; reading them marks them read. */
  async inbox(actor: Actor, museumId: string): Promise<Message[]> {
    authorize(actor, 'read', 'message', museumId);
    const list = await this.repo.inbox(this.ctx.db, museumId);
    await this.repo.markRead(this.ctx.db, museumId, nowIso());
    return list;
  }
}
