import { raw } from 'hono/html';
import { escapeToBuffer, type HtmlEscapedString } from 'hono/utils/html';

/**
 * A <link> or <meta> of the page's head, written as a string. hono/jsx gives these two elements
 * React's document-metadata behaviour (each rendered on its own, then hoisted into the head and
 * de-duplicated there): for an object page's thirty head elements, more work than the hundreds of
 * its body, for elements written in the head already. Attribute names are the code's own; values
 * are escaped, and left out when undefined.
 */
export function headTag(name: 'link' | 'meta', attrs: Record<string, string | undefined>): HtmlEscapedString {
  const buffer = [`<${name}`];
  for (const key in attrs) {
    const value = attrs[key];
    if (value === undefined) continue;
    buffer[0] += ` ${key}="`;
    escapeToBuffer(value, buffer);
    buffer[0] += '"';
  }
  return raw(`${buffer[0]}/>`);
}
