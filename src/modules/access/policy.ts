import { forbidden, notFound, sessionRequired } from '../../errors.js';
import type { Actor, MuseumRole } from './roles.js';

/**
 * Every access rule of Mathaf, in one table. A rule names the museum roles allowed; a platform
 * administrator is allowed everything. A resource of a museum the actor does not belong to is
 * reported as missing (404), never as forbidden, so its existence does not leak.
 */
export type Action = 'read' | 'create' | 'update' | 'delete' | 'approve';
export type Subject =
  | 'object'
  | 'authority'
  | 'shared-authority'
  | 'audit'
  | 'museum'
  | 'member'
  | 'location'
  | 'movement'
  | 'entry'
  | 'acquisition'
  | 'condition'
  | 'treatment'
  | 'valuation'
  | 'deaccession'
  | 'incident'
  | 'loan'
  | 'inventory'
  | 'exit'
  | 'rights'
  | 'media'
  | 'story'
  | 'import'
  | 'harvest'
  | 'partnership'
  | 'message';

const CATALOGUERS: MuseumRole[] = ['director', 'curator', 'registrar', 'volunteer'];
const STAFF: MuseumRole[] = [
  'director',
  'curator',
  'registrar',
  'conservator',
  'digitization',
  'mediator',
  'volunteer',
  'readonly',
];

const RULES: Record<Subject, Partial<Record<Action, readonly MuseumRole[]>>> = {
  object: { read: STAFF, create: CATALOGUERS, update: CATALOGUERS, delete: ['director', 'registrar'] },
  authority: { read: STAFF, create: CATALOGUERS, update: CATALOGUERS, delete: ['director', 'registrar'] },
  // Shared (network-wide) authorities: anyone on staff anywhere reads them; administrators keep them.
  'shared-authority': { read: STAFF, create: [], update: [], delete: [] },
  audit: { read: STAFF, create: [], update: [], delete: [] },
  museum: { read: STAFF, create: [], update: ['director'], delete: [] },
  member: { read: ['director'], create: ['director'], update: ['director'], delete: ['director'] },
  // Storage is staff-only information; registrars keep the hierarchy, those who handle objects move them.
  location: {
    read: STAFF,
    create: ['director', 'registrar'],
    update: ['director', 'registrar'],
    delete: ['director', 'registrar'],
  },
  movement: {
    read: STAFF,
    create: ['director', 'registrar', 'curator', 'conservator'],
    update: [],
    delete: [],
  },
  // Entries and acquisitions are the registrar's; the authorising decision is recorded on each acquisition.
  entry: { read: STAFF, create: ['director', 'registrar'], update: ['director', 'registrar'], delete: [] },
  acquisition: { read: STAFF, create: ['director', 'registrar'], update: [], delete: [] },
  condition: { read: STAFF, create: ['director', 'registrar', 'curator', 'conservator'] },
  // A conservator proposes and carries out a treatment; a director or curator approves it.
  // A registrar or curator proposes a deaccession; only a director approves or refuses it.
  deaccession: {
    read: STAFF,
    create: ['director', 'registrar', 'curator'],
    approve: ['director'],
    update: ['director', 'registrar'],
  },
  incident: { read: STAFF, create: STAFF.filter((r) => r !== 'readonly'), update: ['director', 'registrar'] },
  // Each party to a loan acts through its registrars and directors; approving a loan out is the director's.
  loan: {
    read: STAFF,
    create: ['director', 'registrar'],
    update: ['director', 'registrar'],
    approve: ['director'],
  },
  // Registrars start and close an inventory; anyone on staff but read-only may check objects off.
  inventory: {
    read: STAFF,
    create: ['director', 'registrar'],
    update: STAFF.filter((r) => r !== 'readonly'),
    approve: ['director', 'registrar'],
  },
  exit: { read: STAFF, create: ['director', 'registrar'] },
  // Rights and reproduction requests: registrars and curators keep them; a director approves a request.
  rights: {
    read: STAFF,
    create: ['director', 'registrar', 'curator'],
    update: ['director', 'registrar', 'curator'],
    approve: ['director', 'registrar'],
  },
  // Photographers and digitization officers add images; originals are never changed or deleted here.
  media: { read: STAFF, create: ['director', 'registrar', 'curator', 'digitization'] },
  // Valuations and insurance are restricted: directors and registrars only, for reading too.
  valuation: {
    read: ['director', 'registrar'],
    create: ['director', 'registrar'],
    update: ['director', 'registrar'],
  },
  // Stories and exhibitions are the mediators' and curators' work; publishing one is theirs too.
  story: {
    read: STAFF,
    create: ['director', 'curator', 'mediator'],
    update: ['director', 'curator', 'mediator'],
    delete: ['director', 'curator', 'mediator'],
    approve: ['director', 'curator', 'mediator'],
  },
  // A spreadsheet import writes many records at once: those who keep the catalogue as a whole run and undo it.
  import: {
    read: STAFF,
    create: ['director', 'registrar', 'curator'],
    update: ['director', 'registrar', 'curator'],
  },
  // What a museum offers and needs is its directors' and curators' to say; any of its staff may look; messages reach its director.
  partnership: { read: STAFF, create: ['director', 'curator'], update: ['director', 'curator'] },
  message: { read: ['director'], create: ['director', 'curator', 'registrar'] },
  // The hub's harvest sources are the platform administrators' alone (no museum role reaches them).
  harvest: { read: [], create: [], update: [], delete: [] },
  treatment: {
    read: STAFF,
    create: ['director', 'curator', 'conservator'],
    approve: ['director', 'curator'],
    update: ['director', 'conservator'],
  },
};

/** True when the actor may do `action` on `subject` in museum `museumId` (null: network-wide). */
export function can(actor: Actor, action: Action, subject: Subject, museumId: string | null): boolean {
  if (actor.platformRole === 'admin') return true;
  const allowed = RULES[subject][action] ?? [];
  if (museumId === null) {
    // Network-wide records: any museum role listed for the action will do.
    return [...actor.memberships.values()].some((r) => allowed.includes(r));
  }
  const role = actor.memberships.get(museumId);
  if (role !== undefined && allowed.includes(role)) return true;
  // A museum may open the reading of its valuations to more roles (GRANTABLE), in its settings.
  return (
    action === 'read' && GRANTABLE.has(subject) && (actor.grants?.get(museumId)?.includes(subject) ?? false)
  );
}

/** What a museum may let more of its roles read. */
const GRANTABLE = new Set<Subject>(['valuation']);
/** The roles a museum may let read its valuations, besides directors and registrars. */
export const VALUATION_GRANTEES: readonly MuseumRole[] = ['curator', 'conservator'];

/**
 * The one rule of the public side: an object whose visibility is `public` (and its images) may be
 * seen by anyone; any other only by those who may read it in its museum.
 */
export function canSee(
  actor: Actor | null,
  museumId: string,
  visibility: string,
  subject: 'object' | 'media' = 'object',
): boolean {
  return visibility === 'public' || (actor !== null && can(actor, 'read', subject, museumId));
}

/** True when the actor belongs to the museum in any role (or is a platform administrator). */
export function isMember(actor: Actor, museumId: string): boolean {
  return actor.platformRole === 'admin' || actor.memberships.has(museumId);
}

/**
 * Throws unless allowed: 404 when the actor has no role in the museum (as for a missing record),
 * 403 when the actor is on its staff but the role does not allow the action.
 */
export function authorize(actor: Actor, action: Action, subject: Subject, museumId: string | null): void {
  if (can(actor, action, subject, museumId)) return;
  if (museumId !== null && !isMember(actor, museumId)) throw notFound();
  throw forbidden();
}

/**
 * Throws unless the person signed in themselves: what gives access (making an API token, inviting
 * or adding staff) is never done with a token, or a leaked token could give itself a successor,
 * or an account, that its revocation would not end.
 */
export function requireSession(actor: Actor): void {
  if (actor.via === 'token') throw sessionRequired();
}

/** A national focal point reviews the directory entries of their member state only; a platform administrator, of any. */
export function canReviewDirectory(actor: Actor, countryIso2: string): boolean {
  return actor.platformRole === 'admin' || (actor.focalPoints?.has(countryIso2) ?? false);
}
