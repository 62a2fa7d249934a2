/**
 * Small sound and video files of every format Mathaf keeps, written byte by byte (no encoder is
 * needed to run the tests): each is what its format's parser reads as such, with a stream and a
 * duration, though its samples are silence.
 */

const u32be = (...n: number[]) => {
  const b = Buffer.alloc(4 * n.length);
  for (const [i, v] of n.entries()) b.writeUInt32BE(v >>> 0, 4 * i);
  return b;
};

/** An ISO base media box (MP4, QuickTime). */
const box = (type: string, ...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([u32be(8 + body.length), Buffer.from(type, 'latin1'), body]);
};

/** An MP4 (or, with brand `qt  `, a QuickTime movie) of one 320 × 240 video track of five seconds. */
export function mp4(brand = 'isom'): Buffer {
  const matrix = u32be(0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000);
  const mvhd = box(
    'mvhd',
    u32be(0, 0, 0, 1000, 5000, 0x10000),
    Buffer.from([1, 0, 0, 0]),
    Buffer.alloc(8),
    matrix,
    Buffer.alloc(24),
    u32be(2),
  );
  const tkhd = box('tkhd', u32be(3, 0, 0, 1, 0, 5000), Buffer.alloc(16), matrix, u32be(320 << 16, 240 << 16));
  const mdhd = box('mdhd', u32be(0, 0, 0, 1000, 5000), Buffer.from([0x55, 0xc4, 0, 0]));
  const hdlr = box('hdlr', u32be(0, 0), Buffer.from('vide'), Buffer.alloc(12), Buffer.from('Video\0'));
  const avc1 = box(
    'avc1',
    Buffer.alloc(6),
    Buffer.from([0, 1]),
    Buffer.alloc(16),
    Buffer.from([1, 64, 0, 240]),
    u32be(0x480000, 0x480000, 0),
    Buffer.from([0, 1]),
    Buffer.alloc(32),
    Buffer.from([0, 24, 0xff, 0xff]),
  );
  const stbl = box(
    'stbl',
    box('stsd', u32be(0, 1), avc1),
    box('stts', u32be(0, 0)),
    box('stsc', u32be(0, 0)),
    box('stsz', u32be(0, 0, 0)),
    box('stco', u32be(0, 0)),
  );
  const minf = box(
    'minf',
    box('vmhd', u32be(1), Buffer.alloc(8)),
    box('dinf', box('dref', u32be(0, 1), box('url ', u32be(1)))),
    stbl,
  );
  return Buffer.concat([
    box('ftyp', Buffer.from(brand, 'latin1'), u32be(512), Buffer.from(`${brand}mp41`, 'latin1')),
    box('moov', mvhd, box('trak', tkhd, box('mdia', mdhd, hdlr, minf))),
    box('free', Buffer.alloc(16)),
  ]);
}

/** An MP3 of forty silent frames (about a second), behind an empty ID3v2 tag. */
export function mp3(): Buffer {
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0x64]); // MPEG-1 Layer III, 128 kbit/s, 44.1 kHz
  return Buffer.concat([
    Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1'),
    ...Array.from({ length: 40 }, () => frame),
  ]);
}

/** A WAV of a second of 8-bit silence at 8 kHz. */
export function wav(): Buffer {
  const chunk = (id: string, d: Buffer) => {
    const h = Buffer.alloc(8);
    h.write(id, 0, 'latin1');
    h.writeUInt32LE(d.length, 4);
    return Buffer.concat([h, d]);
  };
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(1, 0);
  fmt.writeUInt16LE(1, 2);
  fmt.writeUInt32LE(8000, 4);
  fmt.writeUInt32LE(8000, 8);
  fmt.writeUInt16LE(1, 12);
  fmt.writeUInt16LE(8, 14);
  const body = Buffer.concat([
    Buffer.from('WAVE'),
    chunk('fmt ', fmt),
    chunk('data', Buffer.alloc(8000, 0x80)),
  ]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

/** A FLAC stream of a second at 44.1 kHz (its STREAMINFO, and a frame header). */
export function flac(): Buffer {
  const info = Buffer.alloc(34);
  info.writeUInt16BE(4096, 0);
  info.writeUInt16BE(4096, 2);
  // Sample rate (20 bits), channels − 1 (3), bits per sample − 1 (5), total samples (36).
  info.writeBigUInt64BE((44100n << 44n) | (1n << 41n) | (15n << 36n) | 44100n, 10);
  return Buffer.concat([
    Buffer.from('fLaC'),
    Buffer.from([0x80, 0, 0, 34]),
    info,
    Buffer.from([0xff, 0xf8, 0x69, 0x08]),
    Buffer.alloc(100),
  ]);
}

const OGG_CRC = new Uint32Array(256).map((_, i) => {
  let r = i << 24;
  for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
  return r >>> 0;
});

/** An Ogg Opus stream of a second: its head, its tags and a last page. */
export function ogg(): Buffer {
  const page = (type: number, granule: number, seq: number, data: Buffer) => {
    const h = Buffer.alloc(27);
    h.write('OggS', 0, 'latin1');
    h[5] = type;
    h.writeBigInt64LE(BigInt(granule), 6);
    h.writeUInt32LE(7, 14);
    h.writeUInt32LE(seq, 18);
    h[26] = 1;
    const p = Buffer.concat([h, Buffer.from([data.length]), data]);
    let crc = 0;
    for (const x of p) crc = ((crc << 8) ^ OGG_CRC[((crc >>> 24) ^ x) & 0xff]!) >>> 0;
    p.writeUInt32LE(crc, 22);
    return p;
  };
  const head = Buffer.concat([
    Buffer.from('OpusHead'),
    Buffer.from([1, 1, 0x38, 1, 0x80, 0xbb, 0, 0, 0, 0, 0]),
  ]);
  const tags = Buffer.concat([
    Buffer.from('OpusTags'),
    Buffer.from([4, 0, 0, 0]),
    Buffer.from('test'),
    Buffer.alloc(4),
  ]);
  return Buffer.concat([
    page(2, 0, 0, head),
    page(0, 0, 1, tags),
    page(4, 48_312, 2, Buffer.from([0xf8, 0xff, 0xfe])),
  ]);
}

/** A WebM of five seconds with one VP9 track (its EBML header, segment information and tracks). */
export function webm(): Buffer {
  const size = (n: number) => Buffer.from([0x80 | n]);
  const el = (id: string, ...parts: Buffer[]) => {
    const d = Buffer.concat(parts);
    return Buffer.concat([Buffer.from(id, 'hex'), size(d.length), d]);
  };
  const f64 = (x: number) => {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(x);
    return b;
  };
  const one = (n: number) => Buffer.from([n]);
  const ebml = el(
    '1a45dfa3',
    el('4286', one(1)),
    el('42f7', one(1)),
    el('42f2', one(4)),
    el('42f3', one(8)),
    el('4282', Buffer.from('webm')),
    el('4287', one(4)),
    el('4285', one(2)),
  );
  const info = el(
    '1549a966',
    el('2ad7b1', Buffer.from([0x0f, 0x42, 0x40])),
    el('4489', f64(5000)),
    el('4d80', Buffer.from('test')),
    el('5741', Buffer.from('test')),
  );
  const video = el('e0', el('b0', Buffer.from([1, 64])), el('ba', Buffer.from([0, 240])));
  const tracks = el(
    '1654ae6b',
    el('ae', el('d7', one(1)), el('73c5', one(1)), el('83', one(1)), el('86', Buffer.from('V_VP9')), video),
  );
  return Buffer.concat([ebml, el('18538067', info, tracks)]);
}

/** An HTML page with a script: what a hostile upload dresses up as sound or video. */
export const HTML = Buffer.from(
  `<!doctype html><html><body><script>alert(document.cookie)</script>${'<p>text</p>'.repeat(400)}</body></html>`,
);
