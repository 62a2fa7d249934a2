/**
 * Who made a photograph, its copyright and when it was taken, as written in XMP or IPTC by the
 * photographer's software, for files whose EXIF does not say. Read with patterns, not a full XML
 * or IIM parser: only these three fields are kept, and a damaged block is simply not read.
 */
export interface Credits {
  artist?: string;
  copyright?: string;
  takenAt?: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(
          e[1]?.toLowerCase() === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
        )
      : (ENTITIES[e] ?? m),
  );
const clean = (s: string | undefined) => {
  const v = s === undefined ? '' : unescapeXml(s).trim().slice(0, 300);
  return v || undefined;
};
const isoDate = (s: string | undefined) => {
  if (!s) return undefined;
  const d = new Date(/^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : s);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
};

export function fromXmp(xmp: Buffer): Credits {
  const x = xmp.toString('utf8');
  const first = (tag: string) =>
    new RegExp(`<${tag}>[\\s\\S]*?<rdf:li[^>]*>([\\s\\S]*?)</rdf:li>`).exec(x)?.[1];
  const date = /photoshop:DateCreated(?:="([^"]+)"|>([^<]+)<)/.exec(x);
  return strip({
    artist: clean(first('dc:creator')),
    copyright: clean(first('dc:rights')),
    takenAt: isoDate(date?.[1] ?? date?.[2]),
  });
}

/** IPTC-IIM application records (2:80 by-line, 2:116 copyright notice, 2:55 date created), wherever they sit in the block. */
export function fromIptc(iptc: Buffer): Credits {
  const found: Record<number, string> = {};
  for (let i = 0; i + 5 <= iptc.length; i++) {
    if (iptc[i] !== 0x1c || iptc[i + 1] !== 0x02) continue;
    const dataset = iptc[i + 2]!;
    const length = iptc.readUInt16BE(i + 3);
    if (length & 0x8000 || i + 5 + length > iptc.length) continue;
    found[dataset] ??= iptc.toString('utf8', i + 5, i + 5 + length);
    i += 4 + length;
  }
  return strip({ artist: clean(found[80]), copyright: clean(found[116]), takenAt: isoDate(found[55]) });
}

function strip(c: Credits): Credits {
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined));
}
