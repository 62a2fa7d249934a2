/**
 * Shared vocabularies every Mathaf instance starts with: the dynasties and periods of the
 * Islamic world with their Gregorian date ranges, and common object names, materials,
 * techniques and cultures, each labelled in Arabic, English and French.
 */
export interface SeedTerm {
  scheme: 'dynasty' | 'period' | 'object_name' | 'material' | 'technique' | 'culture';
  en: string;
  ar: string;
  fr: string;
  begin?: number;
  end?: number;
  /** Other spellings found in catalogues, matched when importing. */
  aliases?: string[];
  wikidata?: string;
}

const d = (
  en: string,
  ar: string,
  fr: string,
  begin: number,
  end: number,
  aliases: string[] = [],
  wikidata?: string,
): SeedTerm => ({
  scheme: 'dynasty',
  en,
  ar,
  fr,
  begin,
  end,
  aliases,
  ...(wikidata ? { wikidata } : {}),
});

export const DYNASTIES: SeedTerm[] = [
  d('Rashidun', 'الخلفاء الراشدون', 'Rachidoune', 632, 661),
  d('Umayyad', 'الأمويون', 'Omeyyades', 661, 750, ['Umayyads'], 'Q8575'),
  d('Umayyads of al-Andalus', 'أمويو الأندلس', 'Omeyyades de Cordoue', 756, 1031),
  d('Abbasid', 'العباسيون', 'Abbassides', 750, 1258, ['Abbasids'], 'Q12536'),
  d('Idrisid', 'الأدارسة', 'Idrissides', 788, 974),
  d('Aghlabid', 'الأغالبة', 'Aghlabides', 800, 909),
  d('Tulunid', 'الطولونيون', 'Toulounides', 868, 905),
  d('Samanid', 'السامانيون', 'Samanides', 819, 999),
  d('Fatimid', 'الفاطميون', 'Fatimides', 909, 1171, ['Fatimids'], 'Q160307'),
  d('Buyid', 'البويهيون', 'Bouyides', 934, 1062),
  d('Ghaznavid', 'الغزنويون', 'Ghaznévides', 977, 1186),
  d('Almoravid', 'المرابطون', 'Almoravides', 1040, 1147, ['Almoravids']),
  d('Seljuk', 'السلاجقة', 'Seldjoukides', 1037, 1194, ['Saljuk', 'Seljuq', 'Saljuq']),
  d('Almohad', 'الموحدون', 'Almohades', 1121, 1269, ['Almohads']),
  d('Ayyubid', 'الأيوبيون', 'Ayyoubides', 1171, 1260, ['Ayyubids']),
  d('Hafsid', 'الحفصيون', 'Hafsides', 1229, 1574),
  d('Nasrid', 'بنو نصر', 'Nasrides', 1232, 1492, ['Nasrids']),
  d('Marinid', 'المرينيون', 'Mérinides', 1244, 1465),
  d('Mamluk', 'المماليك', 'Mamelouks', 1250, 1517, ['Mamluks', 'Mameluke']),
  d('Bahri Mamluk', 'المماليك البحرية', 'Mamelouks bahrites', 1250, 1382, ['Bahri']),
  d('Ilkhanid', 'الإلخانيون', 'Ilkhanides', 1256, 1353),
  d('Ottoman', 'العثمانيون', 'Ottomans', 1299, 1922, ['Ottomans'], 'Q12560'),
  d('Qara Qoyunlu', 'قره قويونلو', 'Qara Qoyunlu', 1374, 1468, ['Qaraqoyunlu']),
  d('Timurid', 'التيموريون', 'Timourides', 1370, 1507),
  d('Aq Qoyunlu', 'آق قويونلو', 'Aq Qoyunlu', 1378, 1503, ['Aqqoyunlu']),
  d('Deccan Sultanates', 'سلطنات الدكن', 'Sultanats du Deccan', 1490, 1687, ['Deccan']),
  d('Safavid', 'الصفويون', 'Safavides', 1501, 1736, [], 'Q207200'),
  d('Saadian', 'السعديون', 'Saadiens', 1510, 1659),
  d('Mughal', 'المغول في الهند', 'Moghols', 1526, 1857, ['Mughals', 'Moghul'], 'Q33296'),
  d('Qasimid', 'القاسميون', 'Qasimides', 1597, 1872),
  d('Alaouite', 'العلويون', 'Alaouites', 1631, 2026, ['Alawi']),
  d('Zand', 'الزنديون', 'Zand', 1751, 1794),
  d('Qajar', 'القاجاريون', 'Qadjars', 1789, 1925),
];

const p = (en: string, ar: string, fr: string, begin: number, end: number): SeedTerm => ({
  scheme: 'period',
  en,
  ar,
  fr,
  begin,
  end,
});

export const PERIODS: SeedTerm[] = [
  p('Early Islamic period', 'العصر الإسلامي المبكر', 'période islamique ancienne', 622, 1000),
  p('Middle Islamic period', 'العصر الإسلامي الوسيط', 'période islamique médiane', 1000, 1500),
  p('Late Islamic period', 'العصر الإسلامي المتأخر', 'période islamique tardive', 1500, 1800),
  p('Modern period', 'العصر الحديث', 'période moderne', 1800, 2026),
];

const t = (
  scheme: SeedTerm['scheme'],
  en: string,
  ar: string,
  fr: string,
  aliases: string[] = [],
): SeedTerm => ({ scheme, en, ar, fr, aliases });

export const TERMS: SeedTerm[] = [
  t('object_name', 'manuscripts', 'مخطوطات', 'manuscrits'),
  t('object_name', 'illuminated manuscripts', 'مخطوطات مذهّبة', 'manuscrits enluminés', [
    'illuminated mansucripts',
    'illumianted manuscripts',
    'illumiinated manuscripts',
  ]),
  t('object_name', 'folios (leaves)', 'أوراق مخطوطة', 'feuillets'),
  t('object_name', 'maps', 'خرائط', 'cartes'),
  t('object_name', 'bindings', 'تجليدات', 'reliures'),
  t('object_name', 'bowls', 'زبادي', 'bols'),
  t('object_name', 'plates', 'أطباق', 'plats'),
  t('object_name', 'tiles', 'بلاطات خزفية', 'carreaux', ['tile']),
  t('object_name', 'lamps', 'قناديل', 'lampes'),
  t('object_name', 'daggers', 'خناجر', 'poignards'),
  t('object_name', 'helmets', 'خوذ', 'casques'),
  t('object_name', 'boxes', 'علب', 'boîtes', ['boxes (containers)']),
  t('object_name', 'candlesticks', 'شمعدانات', 'chandeliers'),
  t('object_name', 'inkwells', 'محابر', 'encriers'),
  t('object_name', 'prayer rugs', 'سجاجيد صلاة', 'tapis de prière'),
  t('object_name', 'bracelets', 'أساور', 'bracelets'),
  t('object_name', 'coins', 'نقود', 'monnaies'),
  t('material', 'paper', 'ورق', 'papier'),
  t('material', 'ink', 'حبر', 'encre'),
  t('material', 'pigments', 'أصباغ', 'pigments', ['pigment']),
  t('material', 'gold', 'ذهب', 'or'),
  t('material', 'silver', 'فضة', 'argent'),
  t('material', 'leather', 'جلد', 'cuir'),
  t('material', 'parchment', 'رق', 'parchemin', ['vellum']),
  t('material', 'pasteboard', 'ورق مقوّى', 'carton'),
  t('material', 'ivory', 'عاج', 'ivoire'),
  t('material', 'steel', 'فولاذ', 'acier'),
  t('material', 'iron', 'حديد', 'fer'),
  t('material', 'bronze', 'برونز', 'bronze'),
  t('material', 'brass', 'نحاس أصفر', 'laiton'),
  t('material', 'copper', 'نحاس', 'cuivre'),
  t('material', 'glass', 'زجاج', 'verre'),
  t('material', 'wood', 'خشب', 'bois'),
  t('material', 'silk', 'حرير', 'soie'),
  t('material', 'cotton', 'قطن', 'coton'),
  t('material', 'wool', 'صوف', 'laine'),
  t('material', 'jade', 'يشم', 'jade'),
  t('material', 'turquoise', 'فيروز', 'turquoise'),
  t('material', 'lacquer', 'ورنيش', 'laque'),
  t('material', 'fritware', 'خزف فريت', 'céramique siliceuse', ['stonepaste']),
  t('material', 'earthenware', 'فخار', 'faïence', ['ceramic']),
  t('technique', 'illumination', 'تذهيب', 'enluminure'),
  t('technique', 'calligraphy', 'خط', 'calligraphie'),
  t('technique', 'inlay', 'تطعيم', 'incrustation', ['inlaid']),
  t('technique', 'enamel', 'مينا', 'émail', ['enamelled', 'enameled']),
  t('technique', 'lustre', 'بريق معدني', 'lustre métallique', ['luster', 'lusterware']),
  t('technique', 'gilding', 'تذهيب بالرقائق', 'dorure', ['gilt', 'gilded']),
  t('technique', 'engraving', 'حفر', 'gravure', ['engraved']),
  t('technique', 'weaving', 'نسيج', 'tissage', ['woven']),
  t('culture', 'Islamic', 'إسلامي', 'islamique'),
  t('culture', 'Persian', 'فارسي', 'persan', ['Iranian']),
  t('culture', 'Ottoman', 'عثماني', 'ottoman'),
  t('culture', 'Mughal', 'مغولي هندي', 'moghol'),
  t('culture', 'Maghribi', 'مغاربي', 'maghrébin'),
  t('culture', 'Armenian', 'أرمني', 'arménien'),
  t('culture', 'Coptic', 'قبطي', 'copte'),
  t('culture', 'Eastern Orthodox', 'أرثوذكسي شرقي', 'orthodoxe oriental', ['Orthodox', 'Orthodox Eastern']),
  t('culture', 'Jewish', 'يهودي', 'juif'),
];
