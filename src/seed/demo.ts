import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../modules/access/roles.js';
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
    countryCode: 'US', city: 'Baltimore', defaultLanguage: 'en',
  });
  const rasam = await s.museums.create(SYSTEM_ACTOR, {
    slug: 'rasam',
    names: [
      { lang: 'ar', value: 'المخطوطات المغاربية (عينة RASAM، مكتبة BULAC)' },
      { lang: 'fr', value: 'Manuscrits maghrébins (échantillon RASAM, BULAC)' },
      { lang: 'en', value: 'Maghribi manuscripts (RASAM sample, BULAC)' },
    ],
    countryCode: 'FR', city: 'Paris', defaultLanguage: 'ar',
  });
  const curator = await s.museums.createAccount({ name: 'Amina Curator', email: DEMO_LOGINS.curator, password: DEMO_PASSWORD });
  const director = await s.museums.createAccount({ name: 'Youssef Director', email: DEMO_LOGINS.director, password: DEMO_PASSWORD });
  const admin = await s.museums.createAccount({ name: 'Platform Administrator', email: DEMO_LOGINS.admin, password: DEMO_PASSWORD });
  await s.museums.makePlatformAdmin(admin);
  for (const m of [walters, rasam]) {
    await s.museums.addMember(SYSTEM_ACTOR, m.id, curator, 'curator');
    await s.museums.addMember(SYSTEM_ACTOR, m.id, director, 'director');
  }
  const n = await loadRasam(s, rasam.id, join(dataDir, 'rasam'), terms);
  log(`Loaded ${n} Maghribi manuscripts`);
  const w = await loadWalters(s, walters.id, join(dataDir, 'walters', 'objects.jsonl'), terms, (k) => log(`Walters: ${k} objects…`));
  log(`Loaded ${w} Walters objects`);
  return true;
}
