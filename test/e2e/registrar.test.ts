import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser } from '../factories.js';
import { browserAvailable, type Harness, startHarness } from './harness.js';

describe.skipIf(!browserAvailable())('a registrar in a real browser, in French', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('fr-FR');
    const museum = await makeMuseum(h.env.services, 'musee-fr');
    const registrar = await makeUser(h.env.services, {
      museum,
      role: 'registrar',
      email: 'regisseur@example.org',
    });
    await h.env.services.locations.create(registrar, museum.id, {
      code: 'RES-1',
      kind: 'reserve',
      names: [{ lang: 'fr', value: 'Réserve 1' }],
    });
    await makeUser(h.env.services, { museum, role: 'director', email: 'directrice@example.org' });
  });
  afterAll(() => h?.close());

  it('takes an object from entry through accession, a move, a condition check and a loan out and back', async () => {
    const { page, base } = h;
    await h.signIn('regisseur@example.org');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await page.goto(`${base}/staff/m/musee-fr/entries`);
    await page.click('text=Enregistrer une entrée');
    await page.fill('#depositorName', 'Famille Tazi');
    await page.selectOption('#reason', 'proposed_acquisition');
    await page.selectOption('[name="objects[0][lang]"]', 'fr');
    await page.fill('[name="objects[0][title]"]', 'Plat à décor de lustre');
    await page.click('main form button[type=submit]');
    await page.waitForURL(/\/entries\/[0-9a-f-]+\?done=created$/);
    expect(await page.textContent('main')).toContain('Non inscrit');

    await page.click('a:has-text("Reçu")');
    await page.waitForURL(/\/receipt$/);
    expect(await page.textContent('h1')).toContain('Reçu de dépôt d’objets');
    await page.goBack();

    await page.click('text=Inscrire ces objets à l’inventaire');
    await page.fill('#sourceName', 'Famille Tazi');
    await page.fill('#decisionBody', 'Commission d’acquisition');
    await page.click('main form button[type=submit]');
    await page.waitForURL(/\/acquisitions\/[0-9a-f-]+$/);
    const year = new Date().getFullYear();
    expect(await page.textContent('main')).toContain(`${year}.1.1`);

    await page.click(`a:has-text("${year}.1.1")`);
    await page.click('text=Historique des localisations');
    await page.selectOption('#to', { label: 'RES-1 — Réserve 1' });
    await page.selectOption('#reason', 'storage');
    await page.click('main form button[type=submit]');
    expect(await page.textContent('main')).toContain('RES-1');
    expect(await page.textContent('main table')).toContain('Rangement');

    await page.goto(`${base}/staff/m/musee-fr/objects?q=${year}.1.1`);
    await page.click(`a:has-text("${year}.1.1")`);
    await page.click('text=État et conservation');
    await page.selectOption('#overall', 'fair');
    await page.selectOption('[name="damages[0][type]"]', 'crack');
    await page.fill('[name="damages[0][location]"]', 'bord, à 3 h');
    await page.click('text=Enregistrer un constat d’état >> nth=-1');
    expect(await page.textContent('main table')).toContain('Moyen');
    expect(await page.textContent('main table')).toContain('Fissure');
    await page.click(`a:has-text("${year}.1.1")`);
    expect(await page.textContent('main')).toContain('Moyen');
    expect(await page.textContent('main')).toContain('Localisation actuelle');
    const objectUrl = page.url();

    // A loan out to an institution outside the platform, and back.
    await page.goto(`${base}/staff/m/musee-fr/loans`);
    await page.fill('#externalParty', 'Institut du monde arabe');
    await page.fill('#title', 'Lumières de Fès');
    await page.fill('#startsOn', `${year + 1}-03-01`);
    await page.fill('#endsOn', `${year + 1}-06-30`);
    await page.click('text=Enregistrer un prêt >> nth=-1');
    await page.waitForURL(/\/loans\/[0-9a-f-]+$/);
    const loanUrl = page.url();
    await page.fill('#accessions', `${year}.1.1`);
    await page.click('text=Enregistrer');
    await page.click('button[value=under_review]');
    expect(await page.textContent('main')).toContain('À l’étude');
    expect(await page.locator('button[value=approved]').count()).toBe(1);
    await page.click('button[value=approved]');
    expect(await page.textContent('main')).toContain('Votre rôle ne permet pas cette action');

    await page.click('header button[type=submit]'); // sign out
    await h.signIn('directrice@example.org');
    await page.goto(loanUrl);
    await page.click('button[value=approved]');
    expect(await page.textContent('main')).toContain('Accordé');
    await page.click('header button[type=submit]');
    await h.signIn('regisseur@example.org');

    await page.goto(loanUrl);
    await page.fill('#agreementRef', 'CONV-IMA-01');
    await page.fill('#signedOn', `${year + 1}-01-15`);
    await page.click('button[value=agreement_signed]');
    await page.click('button[value=dispatched]');
    expect(await page.textContent('main')).toContain('constat d’état');
    const check = async (context: string) => {
      await page.goto(`${objectUrl.split('?')[0]}/condition`);
      await page.selectOption('#context', context);
      await page.selectOption('#overall', 'good');
      await page.click('text=Enregistrer un constat d’état >> nth=-1');
    };
    await check('loan_out_dispatch');
    await page.goto(loanUrl);
    await page.click('button[value=dispatched]');
    await page.click('button[value=on_loan]');
    expect(await page.textContent('main')).toContain('En prêt');
    await check('loan_out_return');
    await page.goto(loanUrl);
    await page.click('button[value=returned]');
    await page.click('button[value=closed]');
    expect(await page.textContent('main')).toContain('Clos');
    expect(await page.textContent('main')).toContain('CONV-IMA-01');
  });
});
