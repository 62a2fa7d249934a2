/** Roles a person holds in one museum (a better-auth organization member role). */
export const MUSEUM_ROLES = [
  'director',
  'curator',
  'registrar',
  'conservator',
  'digitization',
  'mediator',
  'volunteer',
  'readonly',
] as const;
export type MuseumRole = (typeof MUSEUM_ROLES)[number];

export function isMuseumRole(v: string): v is MuseumRole {
  return (MUSEUM_ROLES as readonly string[]).includes(v);
}

/** Who is asking: resolved once per request from a session or an API token. */
export interface Actor {
  userId: string;
  name: string;
  email: string;
  /** `admin` for a platform administrator, null otherwise. */
  platformRole: 'admin' | null;
  /** museum id → role. */
  memberships: ReadonlyMap<string, MuseumRole>;
  /** museum id → subjects that museum lets this person read beyond their role (valuations, by its settings). */
  grants?: ReadonlyMap<string, readonly string[]>;
  /** Member states (ISO 3166 codes) whose directory entries this person reviews as national focal point. */
  focalPoints?: ReadonlySet<string>;
  /** `token` when this request came with an API token rather than a signed-in session. */
  via?: 'token';
}

/** The actor recorded for work done by the system itself (demo loading, migrations). */
/** The hub's harvester: the one writer of a harvested museum's records (which are read-only to everyone else). */
export const HARVESTER: Actor = {
  userId: 'harvester',
  name: 'OAI-PMH harvester',
  email: 'harvester@mathaf.invalid',
  platformRole: 'admin',
  memberships: new Map(),
};

export const SYSTEM_ACTOR: Actor = {
  userId: 'system',
  name: 'Mathaf',
  email: 'system@mathaf.invalid',
  platformRole: 'admin',
  memberships: new Map(),
};
