import { betterAuth } from 'better-auth';
import { createAccessControl } from 'better-auth/plugins/access';
import { organization } from 'better-auth/plugins/organization';
import { defaultStatements, memberAc, ownerAc } from 'better-auth/plugins/organization/access';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Dialect } from '../../db/dialect/dialect.js';
import type { DB } from '../../db/schema.js';
import { MUSEUM_ROLES } from '../access/roles.js';

/**
 * Accounts, passwords and sessions (better-auth). Museums are better-auth organizations and a
 * person's role in a museum is their member role. What each role may do in Mathaf is decided by
 * `access/policy.ts`; the roles are declared here so better-auth accepts them.
 */
export function createAuth(config: Config, db: Kysely<DB>, dialect: Dialect) {
  const ac = createAccessControl(defaultStatements);
  const roles = Object.fromEntries(
    MUSEUM_ROLES.map((r) => [r, ac.newRole(r === 'director' ? ownerAc.statements : memberAc.statements)]),
  );
  return betterAuth({
    appName: 'Mathaf',
    baseURL: config.PUBLIC_URL,
    basePath: '/api/auth',
    secret: config.AUTH_SECRET,
    database: { db, type: dialect.name },
    trustedOrigins: [config.PUBLIC_URL],
    // Passwords are hashed with scrypt (memory-hard), better-auth's default.
    emailAndPassword: { enabled: true, minPasswordLength: 10, maxPasswordLength: 256, autoSignIn: true },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    user: {
      additionalFields: {
        platformRole: { type: 'string', required: false, input: false },
      },
    },
    // Sign-in attempts are limited by Mathaf's own limiter (shared by every app server through the database).
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: 'mathaf',
      useSecureCookies: config.NODE_ENV === 'production',
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    telemetry: { enabled: false },
    plugins: [
      organization({
        ac,
        roles,
        creatorRole: 'director',
        // Museums are created by platform administrators through Mathaf, not by any user.
        allowUserToCreateOrganization: false,
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
