import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser } from '../factories.js';
import { Browser, createTestApp, type TestApp } from '../http.js';

/** Finding partners: offers and needs listed by museums, searched by others, answered through the platform to the director. */
describe('offers, needs and messages between museums', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const s = t.services;
    const cairo = await makeMuseum(s, 'partner-cairo');
    await s.database.db
      .updateTable('museum')
      .set({ country_code: 'EG', museum_type: 'islamic-art' })
      .where('id', '=', cairo.id)
      .execute();
    const rabat = await makeMuseum(s, 'partner-rabat');
    await s.database.db
      .updateTable('museum')
      .set({ country_code: 'MA', museum_type: 'archaeology' })
      .where('id', '=', rabat.id)
      .execute();
    await makeUser(s, { museum: cairo, role: 'director', email: 'director@cairo.eg' });
    await makeUser(s, { museum: cairo, role: 'curator', email: 'curator@cairo.eg' });
    await makeUser(s, { museum: rabat, role: 'curator', email: 'curator@rabat.ma' });
    await makeUser(s, { museum: rabat, role: 'volunteer', email: 'volunteer@rabat.ma' });
  });
  afterAll(() => t.close());

  const as = async (email: string) => {
    const b = new Browser(t.app, { 'accept-language': 'en' });
    await b.signIn(email);
    return b;
  };

  it('lets a museum list an offer, another find it by theme and state and write to it, and only the director read it', async () => {
    const cairoCurator = await as('curator@cairo.eg');
    expect(
      (
        await cairoCurator.post('/staff/m/partner-cairo/partners', {
          kind: 'offer',
          theme: 'loan',
          title: 'Mamluk metalwork to lend',
          body: 'Twelve inlaid brass pieces for an exhibition on Mamluk Cairo.',
        })
      ).status,
    ).toBe(303);
    expect(
      (
        await cairoCurator.post('/staff/m/partner-cairo/partners', {
          kind: 'need',
          theme: 'digitization',
          title: 'Help with <script>x</script>',
          body: 'x',
        })
      ).status,
    ).toBe(400);

    const rabat = await as('curator@rabat.ma');
    const found = await (await rabat.get('/staff/partners?theme=loan&country=EG&q=mamluk')).text();
    expect(found).toContain('Mamluk metalwork to lend');
    expect(await (await rabat.get('/staff/partners?theme=loan&country=MA')).text()).not.toContain(
      'Mamluk metalwork',
    );
    expect(found).not.toContain('director@cairo.eg');
    const id = /action="\/staff\/partners\/([0-9a-f-]+)\/contact"/.exec(found)![1]!;
    const rabatId = (await t.services.repos.museums.findBySlug(t.services.database.db, 'partner-rabat'))!.id;
    expect(
      (
        await rabat.post(`/staff/partners/${id}/contact`, {
          fromMuseum: rabatId,
          subject: 'A loan for Rabat',
          body: 'We would like to borrow four pieces in 2027.',
        })
      ).status,
    ).toBe(303);

    const director = await as('director@cairo.eg');
    const inbox = await (await director.get('/staff/m/partner-cairo/messages')).text();
    expect(inbox).toContain('A loan for Rabat');
    expect(inbox).toContain('We would like to borrow four pieces in 2027.');
    expect(inbox).not.toContain('curator@rabat.ma');
    expect((await cairoCurator.get('/staff/m/partner-cairo/messages')).status).toBe(403);

    // Speaking for a museum one does not belong to, or without the role to write, is refused.
    const cairoId = (await t.services.repos.museums.findBySlug(t.services.database.db, 'partner-cairo'))!.id;
    expect(
      (await rabat.post(`/staff/partners/${id}/contact`, { fromMuseum: cairoId, subject: 'x', body: 'y' }))
        .status,
    ).toBe(404);
    const volunteer = await as('volunteer@rabat.ma');
    expect(
      (
        await volunteer.post(`/staff/partners/${id}/contact`, {
          fromMuseum: rabatId,
          subject: 'x',
          body: 'y',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await rabat.post('/staff/m/partner-cairo/partners', {
          kind: 'need',
          theme: 'loan',
          title: 'x',
          body: 'y',
        })
      ).status,
    ).toBe(404);

    expect((await cairoCurator.post(`/staff/m/partner-cairo/partners/${id}/close`, {})).status).toBe(303);
    expect(await (await rabat.get('/staff/partners')).text()).not.toContain('Mamluk metalwork to lend');
    expect((await t.app.request('/staff/partners')).status).toBe(303);
  });
});
