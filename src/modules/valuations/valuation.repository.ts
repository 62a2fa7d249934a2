import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Policy, Valuation } from './valuation.schemas.js';

/** Valuations and insurance policies. Only the valuation service reads these tables. */
export class ValuationRepository {
  async insert(db: Kysely<DB>, museumId: string, v: Valuation, by: string | null): Promise<void> {
    await db
      .insertInto('valuation')
      .values({
        id: v.id,
        museum_id: museumId,
        object_id: v.objectId,
        amount: v.amount,
        currency: v.currency,
        valued_on: v.valuedOn,
        valuer: v.valuer,
        reason: v.reason,
        note: v.note,
        created_at: v.createdAt,
        created_by: by,
      })
      .execute();
  }

  async ofObject(db: Kysely<DB>, museumId: string, objectId: string): Promise<Valuation[]> {
    const rows = await db
      .selectFrom('valuation')
      .selectAll()
      .where('museum_id', '=', museumId)
      .where('object_id', '=', objectId)
      .orderBy('valued_on', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      objectId: r.object_id,
      amount: r.amount,
      currency: r.currency,
      valuedOn: r.valued_on,
      valuer: r.valuer,
      reason: r.reason as Valuation['reason'],
      note: r.note,
      createdAt: r.created_at,
    }));
  }

  /** The latest valuation of each of these objects that has one. */
  async latestOf(
    db: Kysely<DB>,
    museumId: string,
    objectIds: string[],
  ): Promise<Map<string, Pick<Valuation, 'amount' | 'currency' | 'valuedOn'>>> {
    const out = new Map<string, Pick<Valuation, 'amount' | 'currency' | 'valuedOn'>>();
    if (!objectIds.length) return out;
    const rows = await db
      .selectFrom('valuation')
      .select(['object_id', 'amount', 'currency', 'valued_on'])
      .where('museum_id', '=', museumId)
      .where('object_id', 'in', objectIds)
      .orderBy('valued_on', 'desc')
      .orderBy('id', 'desc')
      .execute();
    for (const r of rows)
      if (!out.has(r.object_id))
        out.set(r.object_id, { amount: r.amount, currency: r.currency, valuedOn: r.valued_on });
    return out;
  }

  async insertPolicy(db: Kysely<DB>, museumId: string, p: Policy, createdAt: string): Promise<void> {
    await db
      .insertInto('insurance_policy')
      .values({
        id: p.id,
        museum_id: museumId,
        kind: p.kind,
        insurer: p.insurer,
        policy_number: p.policyNumber,
        starts_on: p.startsOn,
        ends_on: p.endsOn,
        note: p.note,
        created_at: createdAt,
      })
      .execute();
    for (let i = 0; i < p.objects.length; i += 500) {
      await db
        .insertInto('insured_object')
        .values(
          p.objects
            .slice(i, i + 500)
            .map((o) => ({ policy_id: p.id, object_id: o.objectId, amount: o.amount, currency: o.currency })),
        )
        .execute();
    }
  }

  /** The policies covering an object, with the value each insures it for. */
  async policiesOf(db: Kysely<DB>, museumId: string, objectId: string): Promise<Policy[]> {
    const rows = await db
      .selectFrom('insured_object')
      .innerJoin('insurance_policy', 'insurance_policy.id', 'insured_object.policy_id')
      .selectAll('insurance_policy')
      .select(['insured_object.amount', 'insured_object.currency'])
      .where('insurance_policy.museum_id', '=', museumId)
      .where('insured_object.object_id', '=', objectId)
      .orderBy('insurance_policy.ends_on', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as Policy['kind'],
      insurer: r.insurer,
      policyNumber: r.policy_number,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      note: r.note,
      objects: [{ objectId, amount: r.amount, currency: r.currency }],
    }));
  }
}
