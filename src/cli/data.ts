import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type Config, isPostgresUrl } from '../config.js';
import { restoreDatabase } from '../db/snapshot.js';
import { boot } from '../main.js';
import {
  backup,
  compareCounts,
  readManifest,
  restoreFiles,
  tableCounts,
} from '../modules/preservation/backup.js';
import { verifyBag } from '../modules/preservation/bagit.js';
import type { Actor } from '../modules/access/roles.js';
import type { Services } from '../services.js';

export const DATA_HELP = `  import FILE --museum M --mapping MAPPING.json --as EMAIL [--dry-run] [--skip-rejected]
                             import a CSV or XLSX file into museum M as that staff member: a dry run
                             prints what would happen row by row; otherwise the rows are imported
                             (refused rows stop it unless --skip-rejected); exit code 1 when rows are refused
  export --museum M [--format csv|jsonl|lido] [--as EMAIL] [--q WORDS]
                             write a museum's records to standard output: public records and fields,
                             or with --as every record with the staff fields that person may read
  bag --museum M --as EMAIL --out DIR
                             write a BagIt bag (RFC 8493) of a museum's records and original files
  bag:verify DIR             check a bag: every file present and matching its SHA-512; exit code 1 if not
  backup --out DIR           copy the database (consistently, while the platform runs) and every stored file
  restore --from DIR [--force]
                             bring a backup back into an empty database and storage, then check every
                             table's rows and every file's digest against the backup`;

async function actorOf(s: Services, email: string | undefined): Promise<Actor> {
  const id = email ? await s.museums.accountFor(email) : undefined;
  const actor = id ? await s.actors.forUser(id) : null;
  if (!actor) throw new Error(`No account ${email ?? '(give --as EMAIL)'}`);
  return actor;
}

/** `mathaf import`: the same operations as the import pages, reported on the terminal. */
export async function importCommand(
  s: Services,
  file: string | undefined,
  o: { museum?: string; mapping?: string; as?: string; 'dry-run'?: boolean; 'skip-rejected'?: boolean },
): Promise<number> {
  if (!file || !o.museum || !o.mapping)
    throw new Error(
      'Usage: mathaf import FILE --museum M --mapping MAPPING.json --as EMAIL [--dry-run] [--skip-rejected]',
    );
  const actor = await actorOf(s, o.as);
  const museum = await s.museums.getBySlug(actor, o.museum);
  const mapping = JSON.parse(await readFile(o.mapping, 'utf8')) as unknown;
  const preview = await s.imports.upload(actor, museum.id, basename(file), await readFile(file));
  console.log(`${preview.batch.filename}: ${preview.rows} rows, read as ${preview.encoding}.`);
  const report = o['dry-run']
    ? await s.imports.dryRun(actor, museum.id, preview.batch.id, mapping)
    : (
        await s.imports.runNow(actor, museum.id, preview.batch.id, {
          mapping,
          skipRejected: o['skip-rejected'] === true,
        })
      ).report;
  const batch = await s.imports.get(actor, museum.id, preview.batch.id);
  if (report) {
    console.log(
      `${report.create} new, ${report.update} updated, ${report.unchanged} unchanged, ${report.reject} refused.`,
    );
    for (const n of report.newAuthorities) console.log(`new ${n.field}: ${n.label} (${n.rows} rows)`);
    for (const r of report.outcomes.filter((x) => x.action === 'reject')) {
      console.log(
        `row ${r.row}${r.accessionNumber ? ` (${r.accessionNumber})` : ''}: ${r.errors.map((e) => (e.column ? `${e.column}: ${e.message}` : e.message)).join('; ')}`,
      );
    }
  }
  if (!o['dry-run'])
    console.log(`Import ${batch.id}: ${batch.status}${batch.error ? ` — ${batch.error}` : ''}`);
  return report?.reject || (!o['dry-run'] && batch.status !== 'done') ? 1 : 0;
}

/** `mathaf export`: a museum's records on standard output, as the export addresses give them. */
export async function exportCommand(
  s: Services,
  o: { museum?: string; format?: string; as?: string; q?: string; lang?: string },
): Promise<void> {
  if (!o.museum)
    throw new Error('Usage: mathaf export --museum M [--format csv|jsonl|lido] [--as EMAIL] [--q WORDS]');
  const input = { format: o.format ?? 'csv', ...(o.q ? { q: o.q } : {}) };
  const lang = o.lang ?? 'en';
  const file = o.as
    ? await (async () => {
        const actor = await actorOf(s, o.as);
        const museum = await s.museums.getBySlug(actor, o.museum!);
        return s.exports.museumExport(actor, museum.id, input, lang);
      })()
    : await s.exports.publicExport({ ...input, museum: o.museum }, lang);
  for await (const piece of file.body) {
    if (!process.stdout.write(piece)) await new Promise((r) => process.stdout.once('drain', r));
  }
}

/** `mathaf bag`: a museum as a BagIt bag in a new (or empty) directory. */
export async function bagCommand(
  s: Services,
  o: { museum?: string; as?: string; out?: string },
): Promise<void> {
  if (!o.museum || !o.out) throw new Error('Usage: mathaf bag --museum M --as EMAIL --out DIR');
  if ((await readdir(o.out).catch(() => [])).length) throw new Error(`${o.out} is not empty`);
  const actor = await actorOf(s, o.as);
  const museum = await s.museums.getBySlug(actor, o.museum);
  const r = await s.bags.bagMuseum(actor, museum.id, o.out);
  console.log(`Bag written to ${o.out}: ${r.files} files, ${r.bytes} bytes.`);
}

/** `mathaf bag:verify`: 0 when the bag is complete and valid, 1 with every problem listed when not. */
export async function verifyCommand(dir: string | undefined): Promise<number> {
  if (!dir) throw new Error('Usage: mathaf bag:verify DIR');
  const r = await verifyBag(dir);
  for (const p of r.problems) console.log(p);
  console.log(
    r.valid ? `Valid bag: ${r.files} payload files checked.` : `Not valid: ${r.problems.length} problems.`,
  );
  return r.valid ? 0 : 1;
}

/** `mathaf backup`. */
export async function backupCommand(s: Services, out: string | undefined): Promise<void> {
  if (!out) throw new Error('Usage: mathaf backup --out DIR');
  const m = await backup(s.database, s.storage, out);
  console.log(
    `Backup written to ${out}: the database (${Object.values(m.tables).reduce((a, b) => a + b, 0)} rows in ${Object.keys(m.tables).length} tables) and ${m.files.length} files.`,
  );
}

/** `mathaf restore`: 0 when every table and file came back as backed up. */
export async function restoreCommand(
  config: Config,
  from: string | undefined,
  force: boolean,
): Promise<number> {
  if (!from) throw new Error('Usage: mathaf restore --from DIR [--force]');
  const manifest = await readManifest(from);
  if ((manifest.engine === 'postgres') !== isPostgresUrl(config.DATABASE_URL))
    throw new Error(`This is a backup of a ${manifest.engine} database; DATABASE_URL names another engine`);
  await restoreDatabase(config.DATABASE_URL, join(from, manifest.database), { force });
  // Opening it brings an older backup's schema up to this version.
  const b = await boot(config);
  try {
    const problems = [
      ...(await restoreFiles(b.services.storage, from, manifest)),
      ...compareCounts(manifest.tables, await tableCounts(b.database)),
    ];
    for (const p of problems) console.log(p);
    console.log(
      problems.length
        ? `Restored with ${problems.length} problems.`
        : `Restored: ${Object.keys(manifest.tables).length} tables and ${manifest.files.length} files, all as backed up.`,
    );
    return problems.length ? 1 : 0;
  } finally {
    await b.database.close();
  }
}
