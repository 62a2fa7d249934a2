import { existsSync, readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const SCHEMAS = new URL('../../shared/data/standards/linked-art/schema/', import.meta.url);

let validate: ValidateFunction | null | undefined;

/** Errors of a document against the Linked Art 1.0 object schema ([] when valid, or when the schemas are not at hand). */
export function linkedArtErrors(doc: unknown): unknown[] {
  if (validate === undefined) {
    if (!existsSync(SCHEMAS)) validate = null;
    else {
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats.default(ajv);
      for (const f of ['core', 'object']) ajv.addSchema(JSON.parse(readFileSync(new URL(`${f}.json`, SCHEMAS), 'utf8')));
      validate = ajv.getSchema('https://linked.art/api/1.0/schema/object.json')!;
    }
  }
  if (!validate) return [];
  return validate(doc) ? [] : (validate.errors ?? []);
}
