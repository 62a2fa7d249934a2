import { newId, nowIso } from '../../db/ids.js';
import type { Authority } from '../authorities/authority.schemas.js';
import { LINK_ROLES, type LinkField } from '../objects/object.schemas.js';
import { normalize } from '../search/normalize.js';
import type { PendingLink } from './import.mapping.js';

const fits = (a: Authority, field: LinkField) => {
  const rule = LINK_ROLES[field];
  return (rule.type as readonly string[]).includes(a.type) && (!rule.scheme || a.scheme === rule.scheme);
};
// Folded as search folds, but a question mark kept: “Egyptian (?)” is a cataloguer's doubt, not “Egyptian”.
const keyOf = (field: LinkField, label: string) =>
  `${field}\u0000${normalize(label)}${label.includes('?') ? ' ?' : ''}`;

/** A name that matched nothing: one new authority per field and folded name, whatever row it came from. */
export interface NewAuthority {
  authority: Authority;
  field: LinkField;
  label: string;
  lang: string;
  rows: number;
}

/**
 * Matches the names of a spreadsheet to the authorities a museum may link to, by any of their
 * labels in any language or script, folded as the search folds them (so `الصفويون`, `Safavid`
 * and `safavid` find the same record). `Name (role)`, as Mathaf's own export writes a maker, is
 * read as the name with its role.
 */
export class AuthorityMatcher {
  private readonly byKey = new Map<string, Authority>();
  readonly created = new Map<string, NewAuthority>();
  /** Every authority a drafted object may link to, by id (what the object service checks links against). */
  readonly known = new Map<string, Authority>();

  constructor(
    authorities: readonly Authority[],
    private readonly museumId: string,
  ) {
    for (const a of authorities) {
      for (const field of Object.keys(LINK_ROLES) as LinkField[]) {
        if (!fits(a, field)) continue;
        for (const l of a.labels) {
          const k = keyOf(field, l.value);
          // The museum's own record wins over a shared one of the same name.
          if (!this.byKey.has(k) || a.museumId) this.byKey.set(k, a);
          this.known.set(a.id, a);
        }
      }
    }
  }

  /** The authority and role of a name, or null when nothing matches. */
  match(link: PendingLink): { authority: Authority; qualifier: string | null } | null {
    for (const name of link.labels ?? [{ value: link.label }]) {
      const hit =
        this.byKey.get(keyOf(link.field, name.value)) ??
        this.created.get(keyOf(link.field, name.value))?.authority;
      if (hit) return { authority: hit, qualifier: link.qualifier };
    }
    // `Name (role)` as a spreadsheet writes it; a source that names its terms (labels) says the role apart.
    const m = link.labels ? null : /^(.*\S)\s*\(([^()]+)\)$/.exec(link.label);
    if (m) {
      const inner =
        this.byKey.get(keyOf(link.field, m[1]!)) ?? this.created.get(keyOf(link.field, m[1]!))?.authority;
      if (inner) return { authority: inner, qualifier: m[2]!.trim() };
    }
    return null;
  }

  /** The new authorities, each once (a term with several names is found under each). */
  newOnes(): NewAuthority[] {
    return [...new Set(this.created.values())];
  }

  /** A new authority for a name, the same one for every row that names it. */
  create(link: PendingLink): { authority: Authority; qualifier: string | null } {
    const m = link.labels ? null : /^(.*\S)\s*\(([^()]+)\)$/.exec(link.label);
    const [label, qualifier] = m ? [m[1]!, m[2]!.trim()] : [link.label, link.qualifier];
    const k = keyOf(link.field, label);
    let n = this.created.get(k);
    if (!n) {
      const rule = LINK_ROLES[link.field];
      const now = nowIso();
      n = {
        field: link.field,
        label,
        lang: link.lang,
        rows: 0,
        authority: {
          id: newId(),
          museumId: this.museumId,
          type: rule.type[0],
          scheme: rule.scheme,
          labels: link.labels?.length
            ? link.labels.map((l, i) => ({ ...l, ...(i === 0 ? { preferred: true } : {}) }))
            : [{ lang: link.lang, value: label, preferred: true }],
          nameParts: null,
          beginYear: null,
          endYear: null,
          datesText: null,
          latitude: null,
          longitude: null,
          parentId: null,
          externalIds: {},
          note: [],
          createdAt: now,
          updatedAt: now,
          version: 1,
        },
      };
      this.created.set(k, n);
      // Every name of the new term finds it from now on, in this file or harvest.
      for (const l of n.authority.labels)
        if (!this.created.has(keyOf(link.field, l.value))) this.created.set(keyOf(link.field, l.value), n);
      this.known.set(n.authority.id, n.authority);
    }
    n.rows++;
    return { authority: n.authority, qualifier };
  }
}
