import type { enPortal } from './en.portal.js';

/** رسائل البوابة العامة بالعربية. */
export const arPortal: Record<keyof typeof enPortal, string> = {
  'portal.zoom': 'تكبير',
  'portal.cite': 'الإحالة إلى هذه القطعة',
  'portal.citation': '{title}، {museum}، {accession}.',
  'portal.accessed': '(اطُّلع عليه في {date}).',
  'portal.download': 'تنزيل الصورة',
  'portal.related': 'قطع ذات صلة',
  'portal.objectsOf': 'القطع',
  'portal.noObjects': 'لا توجد قطعة معروضة للعموم بعد.',
  'portal.collection': 'المجموعة',
  'portal.more': '{count, plural, zero {لا قطع} one {عرض القطعة} two {عرض القطعتين} few {عرض القطع الـ#} many {عرض الـ# قطعة} other {عرض الـ# قطعة}}',
  'portal.highlights': 'مختارات',
  'portal.newest': 'جديد المجموعات',
  'portal.museums': 'المتاحف',
  'portal.authority.person': 'شخص أو هيئة',
  'portal.authority.place': 'مكان',
  'portal.authority.concept': 'مصطلح',
  'portal.otherNames': 'أسماء أخرى',
  'portal.seeAlso': 'في مصادر أخرى',
};
