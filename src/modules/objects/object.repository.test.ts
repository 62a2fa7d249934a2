import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES } from '../../../test/database.js';
import { makeMuseum, makeUser, objectInput } from '../../../test/factories.js';

describe.skipIf(!ENGINES.includes('postgres'))('objects held still on PostgreSQL (a rebuild’s page)', () => {
  it('keeps other connections’ writes of objects and of their search documents waiting until the transaction ends, and lets their reads through', async () => {
    const env = await createTestEnv('postgres');
    try {
      const s = env.services;
      const db = s.database.db;
      const museum = await makeMuseum(s);
      const curator = await makeUser(s, { museum, role: 'curator' });
      const o = await s.objects.create(curator, museum.id, objectInput({ accessionNumber: 'H.1' }));
      // A write from another connection that gives up after a short wait instead of waiting on.
      const write = () =>
        db.transaction().execute(async (t) => {
          await sql`SET LOCAL lock_timeout = '300ms'`.execute(t);
          await sql`UPDATE object SET updated_at = updated_at WHERE id = ${o.id}`.execute(t);
        });
      // Writing the object's search document alone (after its authority changed, or its image is ready) waits too.
      const reindex = () =>
        db.transaction().execute(async (t) => {
          await sql`SET LOCAL lock_timeout = '300ms'`.execute(t);
          await s.repos.objects.reindex(t, museum.id, o.id);
        });
      await db.transaction().execute(async (trx) => {
        await s.repos.objects.holdStill(trx);
        expect(await db.selectFrom('object').select('id').where('id', '=', o.id).execute()).toEqual([
          { id: o.id },
        ]);
        await expect(write()).rejects.toMatchObject({ code: '55P03' });
        await expect(reindex()).rejects.toMatchObject({ code: '55P03' });
      });
      await expect(write()).resolves.toBeUndefined();
      await expect(reindex()).resolves.toBeUndefined();
    } finally {
      await env.close();
    }
  });
});
