import { describe, expect, it } from 'vitest';
import { headTag } from './head.js';

describe('a head element written as a string', () => {
  it('writes its attributes in order, escapes their values, and leaves out those undefined', () => {
    expect(String(headTag('meta', { name: 'DC.title', content: 'Ewer "Ḥasan" <b> & ‘lamp’' }))).toBe(
      '<meta name="DC.title" content="Ewer &quot;Ḥasan&quot; &lt;b&gt; &amp; ‘lamp’"/>',
    );
    expect(
      String(
        headTag('link', { rel: 'alternate', hreflang: 'ar', href: '/ar/m/x?a=1&b=2', title: undefined }),
      ),
    ).toBe('<link rel="alternate" hreflang="ar" href="/ar/m/x?a=1&amp;b=2"/>');
  });

  it('is written as is inside a page, never escaped again', () => {
    const page = <head>{headTag('meta', { property: 'og:title', content: 'قنديل & مشكاة' })}</head>;
    expect(String(page)).toBe('<head><meta property="og:title" content="قنديل &amp; مشكاة"/></head>');
  });
});
