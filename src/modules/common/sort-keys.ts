/**
 * A key that sorts accession numbers the way registrars read them: `W.569.4A` before `W.569.10`,
 * `2026.14.3` before `2026.14.12`. Digit runs are zero-padded to 10 places.
 */
export function accessionSortKey(accession: string): string {
  return accession
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\d+/g, (d) => d.replace(/^0+(?=\d)/, '').padStart(10, '0'));
}

/** A key that sorts labels in any script alike: lower case, marks removed. */
export function labelSortKey(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, '')
    .replace(/[ʿʾ'`‘’]/g, '')
    .toLowerCase()
    .trim()
    .slice(0, 200);
}
