/**
 * The accession numbers a file name may stand for, longest first: the name without its
 * extension, then cut back at each `_`, `-`, space or `(` from the right — `2026.14.3_01.tif` →
 * `2026.14.3_01`, `2026.14.3`; `W.569.4A-back.jpg` → `W.569.4A-back`, `W.569.4A`. Dots are part of
 * accession numbers, so a name is never cut there (`W.569.4B` does not become `W.569`).
 */
export function accessionCandidates(fileName: string): string[] {
  const base = fileName
    .replace(/^.*[\\/]/, '')
    .replace(/\.[A-Za-z0-9]{2,5}$/, '')
    .trim();
  const out: string[] = [];
  let rest = base;
  while (rest) {
    out.push(rest);
    const cut = Math.max(
      rest.lastIndexOf('_'),
      rest.lastIndexOf('-'),
      rest.lastIndexOf(' '),
      rest.lastIndexOf('('),
    );
    if (cut <= 0) break;
    rest = rest.slice(0, cut).trim();
  }
  return [...new Set(out)];
}

export interface FileMatch {
  file: string;
  objectId: string | null;
  accessionNumber: string | null;
}

/** Matches file names to objects, taking for each the longest candidate that is an accession number. */
export function matchFiles(files: string[], lookup: ReadonlyMap<string, string>): FileMatch[] {
  return files.map((file) => {
    const hit = accessionCandidates(file).find((c) => lookup.has(c) || lookup.has(c.toUpperCase()));
    const accessionNumber = hit === undefined ? null : lookup.has(hit) ? hit : hit.toUpperCase();
    return { file, accessionNumber, objectId: accessionNumber ? lookup.get(accessionNumber)! : null };
  });
}
