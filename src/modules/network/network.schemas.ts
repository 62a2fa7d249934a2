/** The network's figures at one moment: what the strategy's progress is measured by. */
export interface Figures {
  museums: number;
  museumsByState: Record<string, number>;
  museumsByType: Record<string, number>;
  /** Museums with at least one public record on the platform. */
  museumsOnline: number;
  objectsCatalogued: number;
  objectsPublic: number;
  /** Records with an image ready to show: the digitization rate is these over those catalogued. */
  objectsWithImages: number;
  /** Records of museums abroad and elsewhere, harvested into the union catalogue. */
  recordsHarvested: number;
  imagesServed: number;
  imagesServedThisMonth: number;
}

/** The figures a CSV can be had of, each a table of (key, value) rows. */
export const FIGURE_TABLES = ['summary', 'museums-by-state', 'museums-by-type', 'over-time'] as const;
export type FigureTable = (typeof FIGURE_TABLES)[number];
