import { z } from 'zod';
import { MUSEUM_ROLES } from '../access/roles.js';
import { langTag, langValue } from '../common/values.schemas.js';

export const museumInput = z
  .object({
    slug: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/, {
      message: 'lower-case letters, digits and hyphens, as in the museum address',
    }),
    names: z.array(langValue).min(1).max(30),
    countryCode: z.string().regex(/^[A-Z]{2}$/, { message: 'an ISO 3166 country code such as MA' }).nullable().optional(),
    city: z.string().trim().max(200).nullable().optional(),
    defaultLanguage: langTag.default('ar'),
  })
  .strict();
export type MuseumInput = z.infer<typeof museumInput>;

export const museumOutput = z.object({
  id: z.string(),
  slug: z.string(),
  names: z.array(langValue),
  countryCode: z.string().nullable(),
  city: z.string().nullable(),
  defaultLanguage: z.string(),
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

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: string;
  since: string;
}

export interface Invitation {
  id: string;
  museumId: string;
  email: string;
  role: string;
  status: string;
  expiresAt: string;
}
