import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import { readJson } from '../common/values.schemas.js';
import type { Loan } from './loan.schemas.js';

type LoanRow = Selectable<DB['loan']>;

/** Loans and their objects. A loan is found from either party's museum and from no other. */
export class LoanRepository {
  async insert(db: Kysely<DB>, l: Loan): Promise<void> {
    await db.insertInto('loan').values(toRow(l)).execute();
  }

  async update(db: Kysely<DB>, l: Loan): Promise<void> {
    const { id, ...rest } = toRow(l);
    await db.updateTable('loan').set(rest).where('id', '=', id).execute();
  }

  async setObjects(
    db: Kysely<DB>,
    loanId: string,
    objects: { objectId: string; insuranceValue?: { amount: string; currency: string } }[],
  ): Promise<void> {
    await db.deleteFrom('loan_object').where('loan_id', '=', loanId).execute();
    if (!objects.length) return;
    await db
      .insertInto('loan_object')
      .values(
        objects.map((o, position) => ({
          loan_id: loanId,
          object_id: o.objectId,
          position,
          insurance_amount: o.insuranceValue?.amount ?? null,
          insurance_currency: o.insuranceValue?.currency ?? null,
        })),
      )
      .execute();
  }

  /** The loan if `museumId` is one of its parties. */
  async findFor(db: Kysely<DB>, museumId: string, id: string): Promise<Loan | undefined> {
    const r = await db
      .selectFrom('loan')
      .selectAll()
      .where('id', '=', id)
      .where((eb) => eb.or([eb('lender_museum_id', '=', museumId), eb('borrower_museum_id', '=', museumId)]))
      .executeTakeFirst();
    return r ? { ...fromRow(r), objects: await this.objectsOf(db, id) } : undefined;
  }

  async listFor(db: Kysely<DB>, museumId: string): Promise<Loan[]> {
    const rows = await db
      .selectFrom('loan')
      .selectAll()
      .where((eb) => eb.or([eb('lender_museum_id', '=', museumId), eb('borrower_museum_id', '=', museumId)]))
      .orderBy('starts_on', 'desc')
      .limit(500)
      .execute();
    const out: Loan[] = [];
    for (const r of rows) out.push({ ...fromRow(r), objects: await this.objectsOf(db, r.id) });
    return out;
  }

  private async objectsOf(db: Kysely<DB>, loanId: string): Promise<Loan['objects']> {
    const rows = await db
      .selectFrom('loan_object')
      .innerJoin('object', 'object.id', 'loan_object.object_id')
      .select([
        'loan_object.object_id',
        'object.accession_number',
        'object.titles',
        'loan_object.insurance_amount',
        'loan_object.insurance_currency',
      ])
      .where('loan_object.loan_id', '=', loanId)
      .orderBy('loan_object.position')
      .execute();
    return rows.map((r) => ({
      objectId: r.object_id,
      accessionNumber: r.accession_number,
      titles: readJson(r.titles, []),
      ...(r.insurance_amount && r.insurance_currency
        ? { insuranceValue: { amount: r.insurance_amount, currency: r.insurance_currency } }
        : {}),
    }));
  }
}

function toRow(l: Loan): LoanRow {
  return {
    id: l.id,
    number: l.number,
    lender_museum_id: l.lenderMuseumId,
    borrower_museum_id: l.borrowerMuseumId,
    external_party: l.externalParty,
    purpose: l.purpose,
    title: l.title,
    venues: JSON.stringify(l.venues),
    starts_on: l.startsOn,
    ends_on: l.endsOn,
    status: l.status,
    request_note: l.requestNote,
    conditions: l.conditions,
    couriers: JSON.stringify(l.couriers),
    agreement: l.agreement ? JSON.stringify(l.agreement) : null,
    created_at: l.createdAt,
    updated_at: l.updatedAt,
    version: l.version,
  };
}

function fromRow(r: LoanRow): Omit<Loan, 'objects'> {
  return {
    lenderNames: [],
    borrowerNames: [],
    id: r.id,
    number: r.number,
    lenderMuseumId: r.lender_museum_id,
    borrowerMuseumId: r.borrower_museum_id,
    externalParty: r.external_party,
    purpose: r.purpose as Loan['purpose'],
    title: r.title,
    venues: readJson(r.venues, []),
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    status: r.status as Loan['status'],
    requestNote: r.request_note,
    conditions: r.conditions,
    couriers: readJson(r.couriers, []),
    agreement: readJson(r.agreement, null),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}
