import * as core from './20261124000000_core.js';

/** Every migration, by name; names sort in the order they run. Add new files here. */
export const migrations = {
  '20261124000000_core': core,
};
