import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { migratorFor } from '../db/migrator.js';
import { orphanKey } from '../modules/media/fixity.service.js';
import { boot, start } from '../main.js';
import { DEMO_LOGINS, DEMO_PASSWORD, loadDemo } from '../seed/demo.js';
import {
  backupCommand,
  bagCommand,
  DATA_HELP,
  exportCommand,
  importCommand,
  restoreCommand,
  verifyCommand,
} from './data.js';

const HELP = `Usage: mathaf <command>

  serve                      run the platform (the default)
  demo                       run with the demo museums on ./var/demo.sqlite
  migrate                    bring the database to the latest schema
  migrate:status             list migrations and whether each has run
  migrate:down               revert the last migration
  search:rebuild [--empty-first]
                             rebuild the search index from every record (searches stay whole meanwhile;
                             --empty-first empties it first: faster, but searches are partial until done)
  directory:load [--from DIR] load the member states and the directory of their museums (data/directory)
  fixity                     re-read every original and report changed, missing and untracked files (those
                             older than ORPHAN_GRACE_MINUTES set aside under orphans/)
  media:clean                remove temporary files no running process holds, and free batches a stopped
                             process was saving (serve does both at start and hourly)
  admin create --email E --name N [--password P]
                             create a platform administrator (prints a password when none is given)
${DATA_HELP}

Configuration is read from the environment; see README.md.`;

const DATA_DIR = fileURLToPath(new URL('../../data/samples', import.meta.url));

export async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      museum: { type: 'string' },
      mapping: { type: 'string' },
      as: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'skip-rejected': { type: 'boolean' },
      format: { type: 'string' },
      q: { type: 'string' },
      lang: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      force: { type: 'boolean' },
      'empty-first': { type: 'boolean' },
    },
  });
  const [command = 'serve', sub] = positionals;
  if (values.help || command === 'help') return void console.log(HELP);
  if (command === 'demo') {
    const config = loadConfig({
      DATABASE_URL: 'sqlite:./var/demo.sqlite',
      MEDIA_DIR: './var/demo-media',
      ...process.env,
    });
    const b = await boot(config);
    // HTTP processes (WORKERS > 1) start once the first has loaded the data.
    if (cluster.isWorker) return start(b);
    const loaded = await loadDemo(b.services, DATA_DIR, (m) => console.log(m));
    if (!loaded) console.log('The demo data is already loaded.');
    await start(b);
    console.log(
      `\nDemo ready at ${config.PUBLIC_URL}\n  Staff login:   ${DEMO_LOGINS.curator} / ${DEMO_PASSWORD} (curator of both museums)\n  Director:      ${DEMO_LOGINS.director} / ${DEMO_PASSWORD}\n  Administrator: ${DEMO_LOGINS.admin} / ${DEMO_PASSWORD}\n`,
    );
    return;
  }
  // Checking a bag needs no database: it may run on a machine that only keeps the bags.
  if (command === 'bag:verify') {
    process.exitCode = await verifyCommand(sub);
    return;
  }
  // A restore comes before the database is opened (and migrated): it puts the database in place.
  if (command === 'restore') {
    process.exitCode = await restoreCommand(loadConfig(), values.from, values.force === true);
    return;
  }
  const config = loadConfig();
  const b = await boot(config);
  switch (command) {
    case 'serve':
      return start(b);
    case 'migrate':
      console.log('The database is up to date.');
      break;
    case 'migrate:status': {
      for (const m of await (await migratorFor(b.database.db, b.database.dialect)).getMigrations()) {
        console.log(`${m.executedAt ? 'done   ' : 'pending'}  ${m.name}`);
      }
      break;
    }
    case 'migrate:down': {
      const r = await (await migratorFor(b.database.db, b.database.dialect)).migrateDown();
      if (r.error) throw r.error;
      console.log(r.results?.map((x) => `reverted ${x.migrationName}`).join('\n') || 'Nothing to revert.');
      break;
    }
    case 'directory:load': {
      const r = await b.services.directory.load(
        values.from ?? fileURLToPath(new URL('../../data/directory', import.meta.url)),
        (m) => console.log(m),
      );
      console.log(`Directory loaded: ${r.countries} member states, ${r.added} museums added.`);
      break;
    }
    case 'search:rebuild': {
      const r = await b.services.rebuilds.run({ emptyFirst: values['empty-first'] === true });
      console.log(
        r.resumed
          ? `Search index rebuilt: a rebuild that had stopped was taken up and finished (${r.objects} objects written).`
          : `Search index rebuilt: ${r.objects} objects.`,
      );
      break;
    }
    case 'fixity': {
      const r = await b.services.fixity.run();
      console.log(
        `Checked ${r.checked}: ${r.ok} intact, ${r.changed.length} changed, ${r.missing.length} missing, ${r.untracked.length} untracked, ${r.setAside.length} set aside, ${r.restored.length} restored.`,
      );
      for (const x of r.changed) console.log(`changed  ${x.storageKey} (media ${x.mediaId})`);
      for (const x of r.missing) console.log(`missing  ${x.storageKey} (media ${x.mediaId})`);
      for (const k of r.untracked) console.log(`untracked ${k}`);
      for (const k of r.setAside) console.log(`set aside ${k} (no record names it) → ${orphanKey(k)}`);
      for (const x of r.restored)
        console.log(`restored ${x.storageKey} (media ${x.mediaId}) from ${orphanKey(x.storageKey)}`);
      if (r.changed.length || r.missing.length) process.exitCode = 1;
      break;
    }
    case 'media:clean': {
      const r = await b.services.cleanUpMedia();
      console.log(
        `Removed ${r.tempFiles} temporary files; ${r.batches} batches a stopped process was saving are ready to save again.`,
      );
      break;
    }
    case 'admin': {
      if (sub !== 'create' || !values.email || !values.name)
        throw new Error('Usage: mathaf admin create --email E --name N [--password P]');
      const password = values.password ?? randomBytes(12).toString('base64url');
      const id = await b.services.museums.createAccount({ name: values.name, email: values.email, password });
      await b.services.museums.makePlatformAdmin(id);
      console.log(
        `Administrator ${values.email} created.${values.password ? '' : `\nPassword: ${password}\n(change it after signing in)`}`,
      );
      break;
    }
    case 'import':
      process.exitCode = await importCommand(b.services, sub, values);
      break;
    case 'export':
      await exportCommand(b.services, values);
      break;
    case 'bag':
      await bagCommand(b.services, values);
      break;
    case 'backup':
      await backupCommand(b.services, values.out);
      break;
    default:
      console.error(HELP);
      process.exitCode = 2;
  }
  await b.database.close();
}
