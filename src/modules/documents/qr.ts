import QRCode from 'qrcode';

/** A QR code for a URL, as an SVG string (vector: sharp at any print size). */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
}

/** The public address of an object, where its label's QR code leads. */
export function publicObjectUrl(publicUrl: string, museumSlug: string, objectId: string): string {
  return `${publicUrl.replace(/\/$/, '')}/m/${encodeURIComponent(museumSlug)}/objects/${objectId}`;
}
