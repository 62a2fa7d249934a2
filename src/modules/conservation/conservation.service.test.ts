import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../../test/database.js';
import { makeMuseum, makeUser, objectInput, snapshot } from '../../../test/factories.js';

describe.each(ENGINES)('condition and conservation on %s', (engine) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(engine);
  });
  afterAll(() => env.close());

  it('records condition checks with structured damage notes; the latest is the object’s condition', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const conservator = await makeUser(s, { museum, role: 'conservator' });
    const curator = await makeUser(s, { museum, role: 'curator' });
    const o = await s.objects.create(curator, museum.id, objectInput());
    await s.conservation.check(conservator, museum.id, o.id, {
      checkedOn: '2026-01-10',
      context: 'routine',
      overall: 'good',
    });
    await s.conservation.check(conservator, museum.id, o.id, {
      checkedOn: '2026-06-02',
      context: 'loan_out_dispatch',
      overall: 'fair',
      damages: [
        { type: 'flaking', severity: 'minor', location: 'هامش الورقة ٣ (f. 3r margin)' },
        { type: 'insect_damage', severity: 'moderate', note: 'old, inactive' },
      ],
    });
    const latest = await s.conservation.latest(curator, museum.id, o.id);
    expect(latest).toMatchObject({
      overall: 'fair',
      checker: conservator.name,
      damages: [{ type: 'flaking' }, { type: 'insect_damage', severity: 'moderate' }],
    });
    expect((await s.conservation.checks(curator, museum.id, o.id)).map((c) => c.checkedOn)).toEqual([
      '2026-06-02',
      '2026-01-10',
    ]);
    const before = await snapshot(s);
    await expect(
      s.conservation.check(conservator, museum.id, o.id, {
        checkedOn: '2026-06-02',
        context: 'routine',
        overall: 'splendid',
      }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      s.conservation.check(conservator, museum.id, o.id, {
        checkedOn: '2026-06-02',
        context: 'routine',
        overall: 'good',
        damages: [{ type: 'crack' }],
      }),
    ).rejects.toMatchObject({ status: 400 });
    const reader = await makeUser(s, { museum, role: 'readonly' });
    const after = await snapshot(s);
    await expect(
      s.conservation.check(reader, museum.id, o.id, {
        checkedOn: '2026-06-02',
        context: 'routine',
        overall: 'good',
      }),
    ).rejects.toMatchObject({ status: 403 });
    expect(await snapshot(s)).toBe(after);
    expect(before.length).toBeLessThan(after.length); // only the new reader was added in between
  });

  it('moves a treatment from proposal through approval to completion, refusing steps out of order', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const conservator = await makeUser(s, { museum, role: 'conservator' });
    const curator = await makeUser(s, { museum, role: 'curator' });
    const o = await s.objects.create(curator, museum.id, objectInput());
    const t = await s.conservation.propose(conservator, museum.id, o.id, {
      proposal: 'Consolidate flaking pigment on f. 3r with isinglass.',
    });
    const before = await snapshot(s);
    await expect(s.conservation.step(conservator, museum.id, t.id, { to: 'approved' })).rejects.toMatchObject(
      { status: 403 },
    );
    await expect(
      s.conservation.step(conservator, museum.id, t.id, { to: 'completed' }),
    ).rejects.toMatchObject({ status: 409, code: 'invalid_transition' });
    expect(await snapshot(s)).toBe(before);
    await s.conservation.step(curator, museum.id, t.id, { to: 'approved' });
    await s.conservation.step(conservator, museum.id, t.id, { to: 'in_progress', on: '2026-07-01' });
    const done = await s.conservation.step(conservator, museum.id, t.id, {
      to: 'completed',
      on: '2026-07-20',
      materials: [{ name: 'Isinglass 2% in water' }, { name: 'Japanese tissue', note: 'Tengujo 9 g/m²' }],
      report: 'Flakes re-adhered under the microscope.',
      recommendations: 'Display at 50 lux at most; do not lend for 3 years.',
      version: 3,
    });
    expect(done).toMatchObject({
      status: 'completed',
      approvedBy: curator.name,
      startedOn: '2026-07-01',
      completedOn: '2026-07-20',
      version: 4,
    });
    expect(done.materials).toHaveLength(2);
    await expect(
      s.conservation.step(conservator, museum.id, t.id, { to: 'cancelled' }),
    ).rejects.toMatchObject({ status: 409 });
    const audit = await s.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', t.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update', 'update']);
    const other = await makeMuseum(s);
    const outsider = await makeUser(s, { museum: other, role: 'director' });
    await expect(s.conservation.step(outsider, other.id, t.id, { to: 'cancelled' })).rejects.toMatchObject({
      status: 404,
    });
    await expect(s.conservation.treatments(outsider, other.id, o.id)).rejects.toMatchObject({ status: 404 });
    await expect(s.conservation.checks(outsider, other.id, o.id)).rejects.toMatchObject({ status: 404 });
  });

  it('attaches the object’s own images to a check, and before and after images to a treatment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mathaf-conservation-'));
    const e = await createTestEnv(engine, { MEDIA_DIR: dir });
    try {
      const s = e.services;
      const museum = await makeMuseum(s);
      const conservator = await makeUser(s, { museum, role: 'conservator' });
      const curator = await makeUser(s, { museum, role: 'curator' });
      const o = await s.objects.create(curator, museum.id, objectInput());
      const other = await s.objects.create(curator, museum.id, objectInput());
      const img = async (objectId: string, colour: string) =>
        (
          await s.media.ingest(
            curator,
            museum.id,
            objectId,
            new Blob([
              new Uint8Array(
                await sharp({ create: { width: 8, height: 8, channels: 3, background: colour } })
                  .png()
                  .toBuffer(),
              ),
            ]).stream(),
            {},
          )
        ).media.id;
      const [a, b, c] = [await img(o.id, '#100'), await img(o.id, '#200'), await img(other.id, '#300')];
      const check = await s.conservation.check(conservator, museum.id, o.id, {
        checkedOn: '2026-02-01',
        context: 'damage',
        overall: 'poor',
        mediaIds: [a, b],
      });
      expect((await s.conservation.latest(conservator, museum.id, o.id))?.mediaIds).toEqual([a, b]);
      expect(check.mediaIds).toEqual([a, b]);
      const before = await snapshot(s);
      await expect(
        s.conservation.check(conservator, museum.id, o.id, {
          checkedOn: '2026-02-02',
          context: 'damage',
          overall: 'poor',
          mediaIds: [a, c],
        }),
      ).rejects.toMatchObject({
        status: 400,
        details: { fields: [{ path: 'mediaIds.1', code: 'not_found' }] },
      });
      expect(await snapshot(s)).toBe(before);
      const t = await s.conservation.propose(conservator, museum.id, o.id, {
        proposal: 'Consolidate the flaking paint',
      });
      await s.conservation.step(curator, museum.id, t.id, { to: 'approved' });
      await s.conservation.step(conservator, museum.id, t.id, { to: 'in_progress', beforeImages: [a] });
      const done = await s.conservation.step(conservator, museum.id, t.id, {
        to: 'completed',
        afterImages: [b],
        report: 'Consolidated with Klucel G',
      });
      expect(done).toMatchObject({ beforeImages: [a], afterImages: [b], status: 'completed' });
      expect((await s.conservation.treatments(conservator, museum.id, o.id))[0]).toMatchObject({
        beforeImages: [a],
        afterImages: [b],
      });
    } finally {
      await e.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
