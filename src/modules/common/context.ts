import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/dialect/dialect.js';
import type { DB } from '../../db/schema.js';

/** What every service is given: the database and the dialect it speaks. */
export interface ServiceContext {
  db: Kysely<DB>;
  dialect: Dialect;
}
