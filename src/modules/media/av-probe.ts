import { openAsBlob } from 'node:fs';
import { parseBlob } from 'music-metadata';

/** The media type whose parser reads each format of sound and video `sniff` recognises. */
const PARSED_AS: Record<string, string> = {
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  flac: 'audio/flac',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
};

/** What the parser read of a sound or video file, kept with its technical metadata. */
export interface AvInfo {
  container: string;
  codec?: string;
  /** Seconds. */
  duration?: number;
}

/**
 * Reads a sound or video file with the parser of the format its first bytes claim (music-metadata,
 * the only import of it): its container, codec and duration, or null when the content is not that
 * format (an HTML page behind an ID3 header, or behind an `ftyp` box). A file is taken for what
 * it claims only when the parser finds a stream in it: a duration, or a track.
 */
export async function probeAv(path: string, format: string): Promise<AvInfo | null> {
  const type = PARSED_AS[format];
  if (!type) return null;
  try {
    const { format: f } = await parseBlob(await openAsBlob(path, { type }), {
      duration: true,
      skipCovers: true,
    });
    if (!f.container || !((f.duration ?? 0) > 0 || (f.trackInfo?.length ?? 0) > 0)) return null;
    return {
      container: f.container,
      ...(f.codec ? { codec: f.codec } : {}),
      ...(f.duration ? { duration: Math.round(f.duration * 1000) / 1000 } : {}),
    };
  } catch {
    return null;
  }
}

/** Whether a format is sound or video, read by `probeAv`. */
export const isAv = (format: string) => Object.hasOwn(PARSED_AS, format);
