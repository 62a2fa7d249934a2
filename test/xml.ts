import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The official schemas (test/standards, see its SOURCE.md). */
const STANDARDS = new URL('./standards/', import.meta.url).pathname;
const OAI = 'http://www.openarchives.org/OAI/2.0/';

/** xmllint comes from Debian's libxml2-utils, which .ci/run installs. */
export const canValidate = spawnSync('xmllint', ['--version']).status === 0;

let drivers: string | undefined;
/** A schema importing several: an OAI-PMH envelope's `<metadata>` wildcard is strict, so its formats must be loaded with it. */
function driver(name: string, imports: [string, string][]): string {
  drivers ??= mkdtempSync(join(tmpdir(), 'mathaf-xsd-'));
  const path = join(drivers, `${name}.xsd`);
  if (!existsSync(path)) {
    writeFileSync(
      path,
      `<schema xmlns="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:local:driver">${imports.map(([ns, loc]) => `<import namespace="${ns}" schemaLocation="${join(STANDARDS, loc)}"/>`).join('')}</schema>`,
    );
  }
  return path;
}

export const SCHEMAS = {
  lido: () => join(STANDARDS, 'lido/lido-v1.1.xsd'),
  sitemap: () => join(STANDARDS, 'sitemap/sitemap.xsd'),
  /** OAI-PMH responses carrying oai_dc or LIDO records. */
  oai: () =>
    driver('oai', [
      [OAI, 'oai-pmh/OAI-PMH.xsd'],
      [`${OAI}oai_dc/`, 'oai-pmh/oai_dc.xsd'],
      ['http://www.lido-schema.org', 'lido/lido-v1.1.xsd'],
    ]),
};

/** xmllint's complaints about a document against a schema ('' when valid, or when xmllint is not installed). */
export function schemaErrors(xml: string, schema: keyof typeof SCHEMAS): string {
  if (!canValidate) return '';
  const dir = mkdtempSync(join(tmpdir(), 'mathaf-xml-'));
  try {
    writeFileSync(join(dir, 'r.xml'), xml);
    execFileSync('xmllint', ['--nonet', '--noout', '--schema', SCHEMAS[schema](), join(dir, 'r.xml')], {
      stdio: 'pipe',
    });
    return '';
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e)
      .split('\n')
      .filter((l) => !l.includes('Skipping import'))
      .join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
