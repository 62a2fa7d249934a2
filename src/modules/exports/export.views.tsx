import type { MessageKey } from '../../http/i18n/locale.js';
import type { View } from '../../http/view.js';
import { EXPORT_FORMATS, type ExportFormat } from './export.schemas.js';

/** Links to download a list (a search's results, a collection) in each export format. */
export function DownloadLinks(props: { v: View; label: MessageKey; href: (format: ExportFormat) => string }) {
  const { t } = props.v;
  return (
    <p class="equiv">
      {t(props.label)}{' '}
      {EXPORT_FORMATS.map((f, i) => (
        <>
          {i ? ' · ' : ''}
          <a href={props.href(f)} download="">
            {t(`export.${f}`)}
          </a>
        </>
      ))}
    </p>
  );
}
