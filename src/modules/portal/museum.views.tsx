import type { MessageKey } from '../../http/i18n/locale.js';
import type { View } from '../../http/view.js';
import type { LangValue } from '../common/values.schemas.js';
import type { Museum } from '../museums/museum.schemas.js';
import type { DirectoryEntry } from '../directory/directory.schemas.js';

/** Texts in the reader's language when the museum wrote one, else every text with its language marked. */
function Texts(props: { v: View; values: LangValue[] }) {
  const mine = props.values.filter(
    (x) => x.lang === props.v.locale.lang || x.lang.startsWith(`${props.v.locale.lang}-`),
  );
  return (
    <>
      {(mine.length ? mine : props.values).map((x) => (
        <p lang={x.lang} dir="auto">
          {x.value}
        </p>
      ))}
    </>
  );
}

/** A museum's profile as its public page shows it: about, visit (address, place, hours, admission, access), contact, services. */
export function MuseumProfileView(props: { v: View; museum: Museum; facts?: DirectoryEntry | undefined }) {
  const { v, museum } = props;
  const { t } = v;
  const p = museum.profile;
  const region = museum.countryCode
    ? new Intl.DisplayNames([v.locale.tag], { type: 'region' }).of(museum.countryCode)
    : null;
  const where = [p.address, museum.city, region].filter(Boolean).join(v.locale.dir === 'rtl' ? '، ' : ', ');
  const row = (label: string, body: unknown) => (
    <>
      <dt>{label}</dt>
      <dd>{body}</dd>
    </>
  );
  return (
    <>
      {p.descriptions.length ? <Texts v={v} values={p.descriptions} /> : null}
      <section aria-labelledby="visit">
        <h2 id="visit">{t('profile.visit')}</h2>
        <dl class="grid">
          {where ? row(t('profile.address'), <bdi>{where}</bdi>) : null}
          {p.latitude !== null && p.longitude !== null
            ? row(
                t('profile.map'),
                <a
                  href={`https://www.openstreetmap.org/?mlat=${p.latitude}&mlon=${p.longitude}#map=17/${p.latitude}/${p.longitude}`}
                  dir="ltr"
                >
                  {p.latitude.toFixed(5)}, {p.longitude.toFixed(5)}
                </a>,
              )
            : null}
          {p.openingHours.length
            ? row(t('profile.openingHours'), <Texts v={v} values={p.openingHours} />)
            : null}
          {p.fees.length ? row(t('profile.fees'), <Texts v={v} values={p.fees} />) : null}
          {p.accessibility.length
            ? row(t('profile.accessibility'), <Texts v={v} values={p.accessibility} />)
            : null}
          {p.services.length
            ? row(
                t('profile.services'),
                <ul class="plain">
                  {p.services.map((s) => (
                    <li>{t(`service.${s}` as MessageKey)}</li>
                  ))}
                </ul>,
              )
            : null}
          {p.phone
            ? row(
                t('profile.phone'),
                <a href={`tel:${p.phone.replace(/[^+0-9]/g, '')}`} dir="ltr">
                  {p.phone}
                </a>,
              )
            : null}
          {p.email
            ? row(
                t('profile.email'),
                <a href={`mailto:${p.email}`} dir="ltr">
                  {p.email}
                </a>,
              )
            : null}
          {p.website
            ? row(
                t('profile.website'),
                <a href={p.website} dir="ltr" rel="external">
                  {p.website}
                </a>,
              )
            : null}
          {p.socialLinks.length
            ? row(
                t('profile.socialLinks'),
                <ul class="plain">
                  {p.socialLinks.map((u) => (
                    <li>
                      <a href={u} dir="ltr" rel="external">
                        {new URL(u).hostname}
                      </a>
                    </li>
                  ))}
                </ul>,
              )
            : null}
          {p.visitLanguages.length
            ? row(
                t('profile.visitLanguages'),
                p.visitLanguages
                  .map((l) => new Intl.DisplayNames([v.locale.tag], { type: 'language' }).of(l) ?? l)
                  .join(v.locale.dir === 'rtl' ? '، ' : ', '),
              )
            : null}
          {props.facts?.type
            ? row(t('directory.type'), t(`directory.type.${props.facts.type}` as MessageKey))
            : null}
          {props.facts?.founded
            ? row(t('directory.founded'), <bdi dir="ltr">{props.facts.founded}</bdi>)
            : null}
          {props.facts?.wikidata
            ? row(
                'Wikidata',
                <a href={`https://www.wikidata.org/wiki/${props.facts.wikidata}`} dir="ltr" rel="external">
                  {props.facts.wikidata}
                </a>,
              )
            : null}
        </dl>
      </section>
    </>
  );
}

/** schema.org's Museum for the museum's page. */
export function museumJsonLd(museum: Museum, url: string, facts?: DirectoryEntry) {
  const p = museum.profile;
  const sameAs = [
    ...(p.website ? [p.website] : []),
    ...p.socialLinks,
    ...(facts?.wikidata ? [`http://www.wikidata.org/entity/${facts.wikidata}`] : []),
  ];
  return {
    '@context': 'https://schema.org',
    '@type': 'Museum',
    '@id': url,
    url,
    name: museum.names.map((n) => ({ '@language': n.lang, '@value': n.value })),
    ...(p.descriptions.length
      ? { description: p.descriptions.map((d) => ({ '@language': d.lang, '@value': d.value })) }
      : {}),
    ...(p.address || museum.city || museum.countryCode
      ? {
          address: {
            '@type': 'PostalAddress',
            ...(p.address ? { streetAddress: p.address } : {}),
            ...(museum.city ? { addressLocality: museum.city } : {}),
            ...(museum.countryCode ? { addressCountry: museum.countryCode } : {}),
          },
        }
      : {}),
    ...(p.latitude !== null && p.longitude !== null
      ? { geo: { '@type': 'GeoCoordinates', latitude: p.latitude, longitude: p.longitude } }
      : {}),
    ...(p.phone ? { telephone: p.phone } : {}),
    ...(p.email ? { email: p.email } : {}),
    ...(sameAs.length ? { sameAs } : {}),
    ...(facts?.founded ? { foundingDate: String(facts.founded) } : {}),
    ...(p.visitLanguages.length ? { knowsLanguage: p.visitLanguages } : {}),
    ...(p.services.includes('wheelchair_access')
      ? {
          amenityFeature: [
            { '@type': 'LocationFeatureSpecification', name: 'wheelchair access', value: true },
          ],
        }
      : {}),
  };
}
