import { createHash } from 'node:crypto';
import { STYLES } from './styles.js';

/**
 * The page's one stylesheet is in the page (a round trip less on a slow line, where a first
 * visit from a search engine is most of the visits); the policy names it by its SHA-256, so no
 * other inline style runs: no `style` attribute, no injected `<style>`.
 */
export const STYLES_HASH = `'sha256-${createHash('sha256').update(STYLES).digest('base64')}'`;

/**
 * The Content-Security-Policy of every page: scripts and styles from this host alone (no inline
 * script or handler, no eval), the inlined stylesheet by its hash, images also as data: URLs. A
 * page showing a map adds the tile server's origin to the images, and nothing else.
 */
export const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", STYLES_HASH],
  imgSrc: ["'self'", 'data:'],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
};

export function cspWithImages(origins: readonly string[]): string {
  const d = { ...CSP, imgSrc: [...CSP.imgSrc, ...origins] };
  return [
    ['default-src', d.defaultSrc],
    ['script-src', d.scriptSrc],
    ['style-src', d.styleSrc],
    ['img-src', d.imgSrc],
    ['frame-ancestors', d.frameAncestors],
    ['form-action', d.formAction],
  ]
    .map(([k, v]) => `${k} ${(v as string[]).join(' ')}`)
    .join('; ');
}

/** The origin of a tile address template, with a `{s}` subdomain as a wildcard. */
export function tileOrigin(template: string): string {
  const url = new URL(template.replace(/\{s\}/g, 'tile-subdomain').replace(/\{[a-z]+\}/g, '0'));
  return `${url.protocol}//${url.host.replace('tile-subdomain', '*')}`;
}
