import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import type { AppEnv } from '../../http/env.js';
import { describe } from '../../http/openapi.js';
import { idOf, jsonBody, museumOf } from '../../http/request.js';
import { expectedSha256, fileNameHeader } from '../../http/upload-headers.js';
import { invalidInput, notFound } from '../../errors.js';
import {
  batchOutput,
  digitizationInput,
  matchInput,
  mediaOrder,
  mediaOutput,
  mediaUpdate,
} from './media.schemas.js';

/** The upload paths (an original, a batch's archive), exempt from the small body limit: files are streamed to disk. */
export const UPLOAD_PATH = /^\/api\/v1\/museums\/(?<museum>[^/]+)\/(objects\/[^/]+\/media|media\/batches)$/;

/** Originals through the API: upload by streaming the file as the request body, list, download. */
export function mediaApi() {
  const r = new Hono<AppEnv>();
  r.post(
    describe({
      method: 'post',
      path: '/api/v1/museums/:museum/objects/:id/media',
      tag: 'media',
      summary:
        'Add an original file to an object (the body is the file; send Content-Digest to have it checked)',
      response: mediaOutput.extend({ duplicate: z.boolean() }),
      status: 201,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      const body = c.req.raw.body;
      if (!body)
        throw invalidInput([
          { path: 'file', code: 'required', message: 'Send the file as the request body' },
        ]);
      const name = fileNameHeader(c.req.header('x-filename'));
      const expected = expectedSha256(c.req.header('content-digest'));
      const { media, duplicate } = await c.get('services').media.ingest(actor, museum.id, idOf(c), body, {
        ...(expected ? { expectedSha256: expected } : {}),
        ...(name ? { originalName: name } : {}),
      });
      return c.json({ ...mediaOutput.parse(media), duplicate }, duplicate ? 200 : 201);
    },
  );
  r.get(
    describe({
      method: 'get',
      path: '/api/v1/museums/:museum/objects/:id/media',
      tag: 'media',
      summary: 'An object’s originals, in order',
      response: z.object({ items: z.array(mediaOutput) }),
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json({
        items: (await c.get('services').media.ofObject(actor, museum.id, idOf(c))).map((m) =>
          mediaOutput.parse(m),
        ),
      });
    },
  );
  r.get(
    describe({
      method: 'get',
      path: '/api/v1/museums/:museum/media/:id/original',
      tag: 'media',
      summary: 'Download an original (staff)',
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      const { media, stream: file } = await c.get('services').media.original(actor, museum.id, idOf(c));
      c.header('Content-Type', 'application/octet-stream');
      c.header('Content-Disposition', `attachment; filename="${media.sha256}.${media.format}"`);
      c.header('Content-Digest', `sha-256=:${Buffer.from(media.sha256, 'hex').toString('base64')}:`);
      return stream(c, async (s) => {
        for await (const chunk of file) await s.write(chunk as Uint8Array);
      });
    },
  );
  r.post(
    describe({
      method: 'post',
      path: '/api/v1/museums/:museum/media/match',
      tag: 'media',
      summary: 'Preview a batch: the object each file name stands for, and the names that match none',
      body: matchInput,
      response: z.object({
        items: z.array(
          z.object({
            file: z.string(),
            objectId: z.string().nullable(),
            accessionNumber: z.string().nullable(),
          }),
        ),
      }),
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json({ items: await c.get('services').media.matchFiles(actor, museum.id, await jsonBody(c)) });
    },
  );
  r.post(
    describe({
      method: 'post',
      path: '/api/v1/museums/:museum/media/batches',
      tag: 'media',
      summary:
        'Stage a ZIP of images named by accession number (the body is the archive): the preview of matches, before anything is saved',
      response: batchOutput,
      status: 201,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      if (!c.req.raw.body)
        throw invalidInput([
          { path: 'file', code: 'required', message: 'Send the archive as the request body' },
        ]);
      return c.json(
        batchOutput.parse(await c.get('services').batches.stage(actor, museum.id, c.req.raw.body)),
        201,
      );
    },
  );
  r.get(
    describe({
      method: 'get',
      path: '/api/v1/museums/:museum/media/batches/:id',
      tag: 'media',
      summary: 'A batch and what became of each of its files',
      response: batchOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(batchOutput.parse(await c.get('services').batches.get(actor, museum.id, idOf(c))));
    },
  );
  r.post(
    describe({
      method: 'post',
      path: '/api/v1/museums/:museum/media/batches/:id/save',
      tag: 'media',
      summary: 'Save every matched file of a staged batch to its object',
      response: batchOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(batchOutput.parse(await c.get('services').batches.save(actor, museum.id, idOf(c))));
    },
  );
  r.delete(
    describe({
      method: 'delete',
      path: '/api/v1/museums/:museum/media/batches/:id',
      tag: 'media',
      summary: 'Drop a staged batch without saving anything',
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      await c.get('services').batches.drop(actor, museum.id, idOf(c));
      return c.body(null, 204);
    },
  );
  r.patch(
    describe({
      method: 'patch',
      path: '/api/v1/museums/:museum/media/:id',
      tag: 'media',
      summary: 'Caption an image, set its rights and credit, or make it the main image',
      body: mediaUpdate,
      response: mediaOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(
        mediaOutput.parse(await c.get('services').media.update(actor, museum.id, idOf(c), await jsonBody(c))),
      );
    },
  );
  r.put(
    describe({
      method: 'put',
      path: '/api/v1/museums/:museum/objects/:id/media/order',
      tag: 'media',
      summary: 'Order an object’s images',
      body: mediaOrder,
      response: z.object({ items: z.array(mediaOutput) }),
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json({
        items: (await c.get('services').media.reorder(actor, museum.id, idOf(c), await jsonBody(c))).map(
          (m) => mediaOutput.parse(m),
        ),
      });
    },
  );
  r.put(
    describe({
      method: 'put',
      path: '/api/v1/museums/:museum/objects/:id/digitization',
      tag: 'media',
      summary: 'Record where an object’s digitization stands',
      body: digitizationInput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      await c.get('services').media.setDigitization(actor, museum.id, idOf(c), await jsonBody(c));
      return c.body(null, 204);
    },
  );
  r.get(
    describe({
      method: 'get',
      path: '/api/v1/museums/:museum/digitization',
      tag: 'media',
      summary: 'Objects per digitization status and per person',
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(await c.get('services').media.digitizationReport(actor, museum.id));
    },
  );
  r.get(
    describe({
      method: 'get',
      path: '/api/v1/museums/:museum/media/:id/:size',
      tag: 'media',
      summary: 'A derivative (thumb or display, WebP, without camera metadata)',
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      const size = c.req.param('size');
      if (size !== 'thumb' && size !== 'display') throw notFound();
      const file = await c.get('services').media.derivative(actor, museum.id, idOf(c), size);
      c.header('Content-Type', 'image/webp');
      c.header('Cache-Control', 'private, max-age=86400');
      return stream(c, async (s) => {
        for await (const chunk of file) await s.write(chunk as Uint8Array);
      });
    },
  );
  return r;
}
