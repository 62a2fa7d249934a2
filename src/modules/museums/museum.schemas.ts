import { z } from 'zod';
import { MUSEUM_ROLES } from '../access/roles.js';
import { langTag, langValue } from '../common/values.schemas.js';

export const museumInput = z
  .object({
    slug: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/, {
      message: 'lower-case letters, digits and hyphens, as in the museum address',
    }),
    names: z.array(langValue).min(1).max(30),
    countryCode: z
      .string()
      .regex(/^[A-Z]{2}$/, { message: 'an ISO 3166 country code such as MA' })
      .nullable()
      .optional(),
    city: z.string().trim().max(200).nullable().optional(),
    defaultLanguage: langTag.default('ar'),
  })
  .strict();
export type MuseumInput = z.infer<typeof museumInput>;

/** What a museum offers its visitors, as a directory and its public page list them. */
export const MUSEUM_SERVICES = [
  'shop',
  'cafe',
  'library',
  'research',
  'photo_service',
  'guided_tours',
  'audio_guide',
  'wheelchair_access',
  'prayer_room',
  'parking',
] as const;

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const texts = z.array(langValue).max(20).default([]);

/** A museum's public profile, kept by its director. */
export const museumProfile = z
  .object({
    descriptions: texts,
    address: z.preprocess(blankToNull, z.string().trim().max(500).nullable()).default(null),
    latitude: z.preprocess(blankToNull, z.coerce.number().min(-90).max(90).nullable()).default(null),
    longitude: z.preprocess(blankToNull, z.coerce.number().min(-180).max(180).nullable()).default(null),
    openingHours: texts,
    fees: texts,
    accessibility: texts,
    email: z.preprocess(blankToNull, z.string().trim().email().max(254).nullable()).default(null),
    phone: z
      .preprocess(
        blankToNull,
        z
          .string()
          .trim()
          .max(50)
          .regex(/^[+0-9 ().-]+$/, { message: 'digits, spaces and + ( ) - .' })
          .nullable(),
      )
      .default(null),
    website: z
      .preprocess(
        blankToNull,
        z
          .string()
          .trim()
          .url()
          .max(500)
          .refine((u) => /^https?:\/\//.test(u), { message: 'an http or https address' })
          .nullable(),
      )
      .default(null),
    services: z
      .preprocess((v) => (v === undefined ? [] : [v].flat()), z.array(z.enum(MUSEUM_SERVICES)).max(20))
      .default([]),
    /** The museum's pages on social networks (a line each in the form). */
    socialLinks: z
      .preprocess(
        (v) => (typeof v === 'string' ? v.split(/\s+/).filter(Boolean) : (v ?? [])),
        z
          .array(
            z
              .string()
              .url()
              .max(300)
              .refine((u) => /^https?:\/\//.test(u), { message: 'an http or https address' }),
          )
          .max(10),
      )
      .default([]),
    /** Languages visits and guided tours are given in (ar, fr, en…). */
    visitLanguages: z
      .preprocess(
        (v) => (typeof v === 'string' ? v.split(/[\s,;]+/).filter(Boolean) : (v ?? [])),
        z.array(langTag).max(20),
      )
      .default([]),
  })
  .strict()
  .refine((p) => (p.latitude === null) === (p.longitude === null), {
    message: 'latitude and longitude together',
    path: ['longitude'],
  });
export type MuseumProfile = z.infer<typeof museumProfile>;

export const museumOutput = z.object({
  id: z.string(),
  slug: z.string(),
  names: z.array(langValue),
  countryCode: z.string().nullable(),
  city: z.string().nullable(),
  defaultLanguage: z.string(),
  profile: museumProfile,
  /** Its records are harvested from another repository, and changed only there. */
  harvested: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Museum = z.infer<typeof museumOutput>;

export const invitationInput = z
  .object({
    email: z.string().trim().toLowerCase().email().max(254),
    role: z.enum(MUSEUM_ROLES),
  })
  .strict();

/** A member's new role, chosen by their director. */
export const memberRoleInput = z.object({ role: z.enum(MUSEUM_ROLES) }).strict();

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: string;
  since: string;
  /** when their director suspended them (their role gives nothing meanwhile), or null */
  suspendedAt: string | null;
}

export interface Invitation {
  id: string;
  museumId: string;
  email: string;
  role: string;
  status: string;
  expiresAt: string;
}
