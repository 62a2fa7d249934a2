import { z } from 'zod';
import { langTag } from '../common/values.schemas.js';
import { MUSEUM_TYPES } from '../directory/directory.schemas.js';

/** What museums offer one another or look for. */
export const PARTNER_THEMES = [
  'loan',
  'conservation',
  'digitization',
  'touring-exhibition',
  'training',
  'research',
  'other',
] as const;

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !/<\s*script|<\/?[a-z][^>]*>/i.test(s), { message: 'plain text, without markup' });

export const postInput = z
  .object({
    kind: z.enum(['offer', 'need']),
    theme: z.enum(PARTNER_THEMES),
    title: text(200),
    body: text(5000),
    lang: langTag.default('ar'),
  })
  .strict();

export const postQuery = z
  .object({
    kind: z.enum(['offer', 'need']).optional(),
    theme: z.enum(PARTNER_THEMES).optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
    type: z.enum(MUSEUM_TYPES).optional(),
    q: z.string().trim().max(200).optional(),
  })
  .strict();

export const messageInput = z
  .object({ fromMuseum: z.string().min(1), subject: text(200), body: text(5000) })
  .strict();

export interface Post {
  id: string;
  museumId: string;
  kind: 'offer' | 'need';
  theme: (typeof PARTNER_THEMES)[number];
  title: string;
  body: string;
  lang: string;
  status: 'open' | 'closed';
  createdAt: string;
  museum?: MuseumRef;
}

/** A museum as a post or a message names it: its address and names. */
export interface MuseumRef {
  slug: string;
  names: { lang: string; value: string }[];
}

/** A message as its reader sees it: from which museum and person, never their address. */
export interface Message {
  id: string;
  fromMuseumId: string;
  fromMuseum?: MuseumRef;
  fromLabel: string;
  toMuseumId: string;
  postId: string | null;
  subject: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}
