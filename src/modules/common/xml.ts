/** Text and attribute values in XML (sitemaps, OAI-PMH, LIDO). */
export const esc = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // A parser turns a written CR LF into LF (XML 1.0 §2.11); as a reference it comes through as catalogued.
    .replace(/\r/g, '&#13;')
    // Characters XML 1.0 cannot carry at all, should a catalogued value hold one.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the control characters XML forbids is the point
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
