import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The Linked Art API 1.0 JSON Schemas (test/standards, see its SOURCE.md). */
const SCHEMAS = new URL('./standards/linked-art/schema/', import.meta.url);

let validate: ValidateFunction | undefined;

/** Errors of a document against the Linked Art 1.0 object schema ([] when valid). */
export function linkedArtErrors(doc: unknown): unknown[] {
  if (!validate) {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    for (const f of ['core', 'object'])
      ajv.addSchema(JSON.parse(readFileSync(new URL(`${f}.json`, SCHEMAS), 'utf8')));
    validate = ajv.getSchema('https://linked.art/api/1.0/schema/object.json')!;
  }
  return validate(doc) ? [] : (validate.errors ?? []);
}
