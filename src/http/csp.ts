/**
 * The Content-Security-Policy of every page: everything from this host, inline styles (the
 * page's CSS is in the page, to save a request), images also as data: URLs. A page showing a map
 * adds the tile server's origin to the images, and nothing else.
 */
export const CSP = {
  defaultSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
};

export function cspWithImages(origins: readonly string[]): string {
  const d = { ...CSP, imgSrc: [...CSP.imgSrc, ...origins] };
  return [['default-src', d.defaultSrc], ['style-src', d.styleSrc], ['img-src', d.imgSrc], ['frame-ancestors', d.frameAncestors], ['form-action', d.formAction]]
    .map(([k, v]) => `${k} ${(v as string[]).join(' ')}`).join('; ');
}

/** The origin of a tile address template, with a `{s}` subdomain as a wildcard. */
export function tileOrigin(template: string): string {
  const url = new URL(template.replace(/\{s\}/g, 'tile-subdomain').replace(/\{[a-z]+\}/g, '0'));
  return `${url.protocol}//${url.host.replace('tile-subdomain', '*')}`;
}
