import { z } from 'zod';

/** One operation of the JSON API, described once and used both to route and to document. */
export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Hono path, e.g. `/api/v1/museums/:museum/objects/:id`. */
  path: string;
  summary: string;
  tag: string;
  query?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
  /** Media types of a file answered instead of JSON (an export). */
  files?: readonly string[];
  status?: number;
}

const registry: ApiOperation[] = [];

/** Records an operation for the OpenAPI document. */
export function describe(op: ApiOperation): ApiOperation {
  if (!registry.some((o) => o.method === op.method && o.path === op.path)) registry.push(op);
  return op;
}

export function operations(): readonly ApiOperation[] {
  return registry;
}

const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
  }),
});

const json = (schema: z.ZodType) => ({
  'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) },
});

/** The OpenAPI 3.1 document of the JSON API, generated from the same zod schemas that validate it. */
export function openApiDocument(publicUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of registry) {
    const path = op.path.replace(/:(\w+)/g, '{$1}');
    const params = [...op.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (op.query) {
      const q = z.toJSONSchema(op.query, { io: 'input', unrepresentable: 'any' }) as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        params.push({
          name,
          in: 'query',
          required: (q.required ?? []).includes(name),
          schema: schema as { type: string },
        });
      }
    }
    paths[path] ??= {};
    paths[path][op.method] = {
      summary: op.summary,
      tags: [op.tag],
      parameters: params,
      ...(op.body ? { requestBody: { required: true, content: json(op.body) } } : {}),
      responses: {
        [String(op.status ?? 200)]: op.response
          ? { description: 'OK', content: json(op.response) }
          : op.files
            ? {
                description: 'A file',
                content: Object.fromEntries(op.files.map((t) => [t, { schema: { type: 'string' } }])),
              }
            : { description: 'OK' },
        '400': {
          description: 'Invalid input; field-level messages in the reader’s language',
          content: json(errorSchema),
        },
        '401': { description: 'Not signed in', content: json(errorSchema) },
        '403': { description: 'The role does not allow this', content: json(errorSchema) },
        '404': { description: 'No such record, or a record of another museum', content: json(errorSchema) },
      },
      security: [{ bearer: [] }, { session: [] }],
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Mathaf API',
      version: '1',
      description:
        'Collections of museums of the Islamic world. Authenticate with a personal API token (Authorization: Bearer …) or a browser session.',
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    servers: [{ url: publicUrl }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A personal API token made on the “API tokens” page',
        },
        session: { type: 'apiKey', in: 'cookie', name: 'mathaf.session_token' },
      },
    },
    paths,
  };
}
