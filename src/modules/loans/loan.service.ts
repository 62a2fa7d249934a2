import { AppError, type FieldError, forbidden, invalidInput, notFound } from '../../errors.js';
import { newId, nowIso } from '../../db/ids.js';
import { authorize, can } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import type { SequenceRepository } from '../acquisitions/numbering.js';
import { diffRecords } from '../audit/audit.diff.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { ServiceContext } from '../common/context.js';
import type { ConservationRepository } from '../conservation/conservation.repository.js';
import { parseInput } from '../common/validate.js';
import type { MuseumRepository } from '../museums/museum.repository.js';
import type { ObjectRepository } from '../objects/object.repository.js';
import type { LoanRepository } from './loan.repository.js';
import { type Loan, LOAN_STEPS, loanInput, loanObjectsInput, loanStep } from './loan.schemas.js';

type Side = 'lender' | 'borrower';

/**
 * Loans in and out. A loan between two museums of the platform is one shared record: each party
 * sees it and does its own steps; with an outside institution, the museum on the platform
 * records the outside party's steps. Insurance values are shown only to those who may read
 * valuations in their own museum.
 */
export class LoanService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: LoanRepository,
    private readonly museums: MuseumRepository,
    private readonly objectRepo: ObjectRepository,
    private readonly sequences: SequenceRepository,
    private readonly conditions: ConservationRepository,
    private readonly audit: AuditRepository,
  ) {}

  async create(actor: Actor, museumId: string, input: unknown): Promise<Loan> {
    authorize(actor, 'create', 'loan', museumId);
    const v = parseInput(loanInput, input);
    const errors: FieldError[] = [];
    const resolve = async (slug: string | undefined, path: string) => {
      if (!slug) return null;
      const m = await this.museums.findBySlug(this.ctx.db, slug);
      if (!m) errors.push({ path, code: 'not_found', message: 'No museum at this address' });
      return m?.id ?? null;
    };
    const lender = await resolve(v.lenderMuseum, 'lenderMuseum');
    const borrower = await resolve(v.borrowerMuseum, 'borrowerMuseum');
    if (errors.length) throw invalidInput(errors);
    if (lender !== museumId && borrower !== museumId)
      throw invalidInput([
        {
          path: 'lenderMuseum',
          code: 'not_a_party',
          message: 'Your museum must be the lender or the borrower',
        },
      ]);
    if (lender && lender === borrower)
      throw invalidInput([
        { path: 'borrowerMuseum', code: 'invalid', message: 'A museum does not lend to itself' },
      ]);
    const now = nowIso();
    const year = Number(v.startsOn.slice(0, 4));
    const created = await this.ctx.db.transaction().execute(async (trx) => {
      const l: Loan = {
        id: newId(),
        number: `L${year}.${await this.sequences.next(trx, museumId, `loan:${year}`)}`,
        lenderMuseumId: lender,
        borrowerMuseumId: borrower,
        externalParty: v.externalParty ?? null,
        lenderNames: [],
        borrowerNames: [],
        purpose: v.purpose,
        title: v.title,
        venues: v.venues ?? [],
        startsOn: v.startsOn,
        endsOn: v.endsOn,
        status: 'requested',
        requestNote: v.requestNote ?? null,
        conditions: v.conditions ?? null,
        couriers: v.couriers ?? [],
        agreement: null,
        createdAt: now,
        updatedAt: now,
        version: 1,
        objects: [],
      };
      await this.repo.insert(trx, l);
      const { lenderNames: _l, borrowerNames: _b, ...recorded } = l;
      await this.audit.record(trx, actor, {
        museumId,
        action: 'create',
        entityType: 'loan',
        entityId: l.id,
        changes: diffRecords(null, { ...recorded, objects: [] }),
      });
      return l;
    });
    // Outside the transaction: on SQLite it holds the one connection.
    return this.named(created);
  }

  async get(actor: Actor, museumId: string, id: string): Promise<Loan> {
    authorize(actor, 'read', 'loan', museumId);
    const l = await this.repo.findFor(this.ctx.db, museumId, id);
    if (!l) throw notFound('loan');
    return this.redact(actor, museumId, await this.named(l));
  }

  async list(actor: Actor, museumId: string): Promise<Loan[]> {
    authorize(actor, 'read', 'loan', museumId);
    const out: Loan[] = [];
    for (const l of await this.repo.listFor(this.ctx.db, museumId))
      out.push(this.redact(actor, museumId, await this.named(l)));
    return out;
  }

  /** Sets the objects lent and their insurance values (the lender's part, before dispatch). */
  async setObjects(actor: Actor, museumId: string, id: string, input: unknown): Promise<Loan> {
    const before = await this.raw(actor, museumId, id);
    this.mustAct(before, 'lender', museumId);
    authorize(actor, 'update', 'loan', museumId);
    if (!['requested', 'under_review', 'approved'].includes(before.status))
      throw new AppError(
        'invalid_transition',
        409,
        'The objects of a loan are fixed once its agreement is signed',
      );
    const v = parseInput(loanObjectsInput, input);
    if (v.objects.some((o) => o.insuranceValue) && !can(actor, 'update', 'valuation', museumId))
      throw forbidden();
    // The objects are the lender's; when the lender is outside the platform, the borrower recorded them on entry.
    const owner = before.lenderMuseumId ?? before.borrowerMuseumId!;
    const ids = v.objects.map((o) => o.objectId);
    const found = await this.objectRepo.existingIds(this.ctx.db, owner, ids);
    const errors = ids.flatMap((oid, i) =>
      found.has(oid) ? [] : [{ path: `objects.${i}.objectId`, code: 'not_found', message: 'No such object' }],
    );
    if (errors.length) throw invalidInput(errors);
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.setObjects(trx, id, v.objects);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'loan',
        entityId: id,
        changes: {
          objects: [before.objects.map((o) => o.objectId), ids],
          ...(v.objects.some((o) => o.insuranceValue) ? { insuranceValues: [null, 'set'] } : {}),
        },
      });
    });
    return this.get(actor, museumId, id);
  }

  /**
   * Moves the loan to its next state, if this museum's side takes that step. Dispatch needs the
   * agreement and a condition check of every object at dispatch; the return needs one at return.
   */
  async step(actor: Actor, museumId: string, id: string, input: unknown): Promise<Loan> {
    const before = await this.raw(actor, museumId, id);
    const v = parseInput(loanStep, input);
    const who = LOAN_STEPS[before.status][v.to];
    if (!who)
      throw new AppError('invalid_transition', 409, `A loan that is ${before.status} cannot become ${v.to}`);
    this.mustAct(before, who === 'either' ? this.sideOf(before, museumId) : who, museumId);
    authorize(actor, v.to === 'approved' ? 'approve' : 'update', 'loan', museumId);
    if (v.version !== undefined && v.version !== before.version)
      throw new AppError('stale', 409, 'Someone else changed this loan; reload it');
    if (v.to === 'agreement_signed' && !v.agreement)
      throw invalidInput([
        {
          path: 'agreement',
          code: 'required',
          message: 'Give the reference and date of the signed agreement',
        },
      ]);
    const ids = before.objects.map((o) => o.objectId);
    if (v.to === 'dispatched') {
      if (!ids.length)
        throw new AppError('loan_without_objects', 409, 'This loan has no objects to dispatch');
      await this.requireChecks(ids, 'loan_out_dispatch', before.createdAt);
    }
    if (v.to === 'returned')
      await this.requireChecks(ids, 'loan_out_return', before.createdAt, 'loan_out_dispatch');
    const after: Loan = {
      ...before,
      status: v.to,
      ...(v.agreement ? { agreement: v.agreement } : {}),
      updatedAt: nowIso(),
      version: before.version + 1,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.update(trx, after);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'loan',
        entityId: id,
        changes: {
          ...diffRecords(
            { status: before.status, agreement: before.agreement },
            { status: after.status, agreement: after.agreement },
          ),
          ...(v.note ? { note: [null, v.note] } : {}),
        },
      });
    });
    return this.redact(actor, museumId, await this.named(after));
  }

  /** Loans of the museum out or due back within `days` days, or overdue. */
  async dueSoon(actor: Actor, museumId: string, days = 30): Promise<Loan[]> {
    const limit = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    return (await this.list(actor, museumId)).filter(
      (l) => (l.status === 'dispatched' || l.status === 'on_loan') && l.endsOn <= limit,
    );
  }

  private async raw(actor: Actor, museumId: string, id: string): Promise<Loan> {
    authorize(actor, 'read', 'loan', museumId);
    const l = await this.repo.findFor(this.ctx.db, museumId, id);
    if (!l) throw notFound('loan');
    return l;
  }

  private sideOf(l: Loan, museumId: string): Side {
    return l.lenderMuseumId === museumId ? 'lender' : 'borrower';
  }

  /** The museum that acts for a side: the side's own, or the other when the side is outside the platform. */
  private mustAct(l: Loan, side: Side, museumId: string): void {
    const acting =
      side === 'lender' ? (l.lenderMuseumId ?? l.borrowerMuseumId) : (l.borrowerMuseumId ?? l.lenderMuseumId);
    if (acting !== museumId)
      throw new AppError(
        'not_your_step',
        403,
        side === 'lender' ? 'This step is for the lender' : 'This step is for the borrower',
      );
  }

  private async requireChecks(ids: string[], context: string, since: string, after?: string): Promise<void> {
    const checked = await this.conditions.checkedSince(this.ctx.db, ids, context, since);
    let missing = ids.filter((x) => !checked.has(x));
    if (after && !missing.length) {
      // A return check must be newer than the dispatch check of the same object.
      const latest = await this.conditions.latestChecks(this.ctx.db, ids, [context, after]);
      missing = ids.filter((x) => latest.get(x) !== context);
    }
    if (missing.length) {
      const briefs = await this.objectRepo.briefsAnyMuseum(this.ctx.db, missing);
      throw new AppError(
        'condition_check_missing',
        409,
        `Record a condition check (${context}) of: ${briefs.map((b) => b.accessionNumber).join(', ')}`,
      );
    }
  }

  /** Adds the museums' names: a partner museum's name is public, as in the directory. */
  private async named(l: Loan): Promise<Loan> {
    const names = async (id: string | null) =>
      id ? ((await this.museums.findById(this.ctx.db, id))?.names ?? []) : [];
    return {
      ...l,
      lenderNames: await names(l.lenderMuseumId),
      borrowerNames: await names(l.borrowerMuseumId),
    };
  }

  private redact(actor: Actor, museumId: string, l: Loan): Loan {
    if (can(actor, 'read', 'valuation', museumId)) return l;
    return { ...l, objects: l.objects.map(({ insuranceValue: _v, ...o }) => o) };
  }
}
