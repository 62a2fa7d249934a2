import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../modules/access/roles.js';
import type { Location } from '../modules/locations/location.schemas.js';
import type { Services } from '../services.js';
import { loadRasam } from './rasam.js';
import { TermIndex } from './terms.js';
import { loadWalters } from './walters.js';

export const DEMO_PASSWORD = 'mathaf-demo-2026';
export const DEMO_LOGINS = {
  curator: 'curator@demo.mathaf.local',
  director: 'director@demo.mathaf.local',
  admin: 'admin@demo.mathaf.local',
};

/**
 * Fills an empty database with the demo: the shared vocabularies, two museums built from real
 * open data (the Walters Art Museum's Islamic-world objects; Arabic Maghribi manuscripts of
 * BULAC), and three logins. Does nothing when the demo museums are already there.
 */
export async function loadDemo(s: Services, dataDir: string, log: (msg: string) => void): Promise<boolean> {
  if (await s.repos.museums.findBySlug(s.database.db, 'walters')) return false;
  const terms = new TermIndex(s);
  await terms.loadShared();
  const walters = await s.museums.create(SYSTEM_ACTOR, {
    slug: 'walters',
    names: [
      { lang: 'en', value: 'The Walters Art Museum (sample)' },
      { lang: 'ar', value: 'متحف والترز للفنون (عينة)' },
      { lang: 'fr', value: 'Walters Art Museum (échantillon)' },
    ],
    countryCode: 'US',
    city: 'Baltimore',
    defaultLanguage: 'en',
  });
  const rasam = await s.museums.create(SYSTEM_ACTOR, {
    slug: 'rasam',
    names: [
      { lang: 'ar', value: 'المخطوطات المغاربية (عينة RASAM، مكتبة BULAC)' },
      { lang: 'fr', value: 'Manuscrits maghrébins (échantillon RASAM, BULAC)' },
      { lang: 'en', value: 'Maghribi manuscripts (RASAM sample, BULAC)' },
    ],
    countryCode: 'FR',
    city: 'Paris',
    defaultLanguage: 'ar',
  });
  const curator = await s.museums.createAccount({
    name: 'Amina Curator',
    email: DEMO_LOGINS.curator,
    password: DEMO_PASSWORD,
  });
  const director = await s.museums.createAccount({
    name: 'Youssef Director',
    email: DEMO_LOGINS.director,
    password: DEMO_PASSWORD,
  });
  const admin = await s.museums.createAccount({
    name: 'Platform Administrator',
    email: DEMO_LOGINS.admin,
    password: DEMO_PASSWORD,
  });
  await s.museums.makePlatformAdmin(admin);
  for (const m of [walters, rasam]) {
    await s.museums.addMember(SYSTEM_ACTOR, m.id, curator, 'curator');
    await s.museums.addMember(SYSTEM_ACTOR, m.id, director, 'director');
  }
  const n = await loadRasam(s, rasam.id, join(dataDir, 'rasam'), terms);
  log(`Loaded ${n} Maghribi manuscripts`);
  const w = await loadWalters(s, walters.id, join(dataDir, 'walters', 'objects.jsonl'), terms, (k) =>
    log(`Walters: ${k} objects…`),
  );
  log(`Loaded ${w} Walters objects`);
  // The directory of the member states' museums, beside the two sample collections.
  const d = await s.directory.load(join(dataDir, '..', 'directory'), log);
  log(`Directory: ${d.added} museums of ${d.countries} member states`);
  await demoStorage(s, walters.id, rasam.id);
  await demoProcedures(s, walters.id, rasam.id);
  return true;
}

/** A small storage tree for each museum, with every object placed on a shelf. */
async function demoStorage(s: Services, waltersId: string, rasamId: string): Promise<void> {
  const mk = (
    museumId: string,
    code: string,
    kind: string,
    parentId: string | null,
    names: { lang: string; value: string }[],
  ) => s.locations.create(SYSTEM_ACTOR, museumId, { code, kind, parentId, names });
  const building = await mk(waltersId, 'CHS', 'building', null, [
    { lang: 'en', value: 'Centre Street building' },
    { lang: 'ar', value: 'مبنى شارع سنتر' },
  ]);
  const store = await mk(waltersId, 'CHS-R1', 'reserve', building.id, [
    { lang: 'en', value: 'Manuscripts storeroom' },
    { lang: 'ar', value: 'مخزن المخطوطات' },
    { lang: 'fr', value: 'Réserve des manuscrits' },
  ]);
  await mk(waltersId, 'CHS-G1', 'gallery', building.id, [
    { lang: 'en', value: 'Islamic art gallery' },
    { lang: 'ar', value: 'قاعة الفن الإسلامي' },
  ]);
  const shelves: Location[] = [];
  for (const letter of ['A', 'B', 'C', 'D']) {
    shelves.push(
      await mk(waltersId, `CHS-R1-${letter}`, 'shelf', store.id, [
        { lang: 'en', value: `Shelf ${letter}` },
        { lang: 'ar', value: `الرف ${letter}` },
      ]),
    );
  }
  const ids = await s.objects.allIds(SYSTEM_ACTOR, waltersId);
  for (const [i, shelf] of shelves.entries()) {
    await s.locations.move(SYSTEM_ACTOR, waltersId, {
      to: shelf.id,
      objectIds: ids.filter((_, k) => k % shelves.length === i),
      reason: 'storage',
    });
  }
  const vault = await mk(rasamId, 'MAG-1', 'reserve', null, [
    { lang: 'ar', value: 'خزانة المخطوطات' },
    { lang: 'fr', value: 'Magasin des manuscrits' },
  ]);
  const rasamIds = await s.objects.allIds(SYSTEM_ACTOR, rasamId);
  await s.locations.move(SYSTEM_ACTOR, rasamId, { to: vault.id, objectIds: rasamIds, reason: 'storage' });
}

/** A few procedures under way, so the registrar's desk and a shared loan have something to show. */
async function demoProcedures(s: Services, waltersId: string, rasamId: string): Promise<void> {
  const year = new Date().getFullYear();
  await s.acquisitions.createEntry(SYSTEM_ACTOR, rasamId, {
    enteredOn: `${year}-01-15`,
    depositorName: 'عائلة بنّاني، فاس',
    reason: 'proposed_acquisition',
    returnBy: `${year}-06-30`,
    objects: [
      {
        titles: [
          { lang: 'ar', value: 'مصحف بالخط المغربي، جزء' },
          { lang: 'fr', value: 'Coran en écriture maghrébine, volume' },
        ],
      },
    ],
  });
  const [leafA, leafB] = (
    await s.objects.list(SYSTEM_ACTOR, waltersId, { q: "Leaf from Qur'an", limit: '2' })
  ).items;
  if (!leafA || !leafB) return;
  await s.conservation.check(SYSTEM_ACTOR, waltersId, leafA.id, {
    checkedOn: `${year}-01-10`,
    context: 'routine',
    overall: 'good',
  });
  const loan = await s.loans.create(SYSTEM_ACTOR, rasamId, {
    lenderMuseum: 'walters',
    borrowerMuseum: 'rasam',
    purpose: 'exhibition',
    title: 'مصاحف العالم الإسلامي · Qur’ans of the Islamic world',
    startsOn: `${year + 1}-03-01`,
    endsOn: `${year + 1}-06-30`,
    requestNote: 'Two leaves of Safavid Qur’ans for the opening room.',
  });
  await s.loans.setObjects(SYSTEM_ACTOR, waltersId, loan.id, {
    objects: [{ objectId: leafA.id }, { objectId: leafB.id }],
  });
  await s.loans.step(SYSTEM_ACTOR, waltersId, loan.id, { to: 'under_review' });
}
