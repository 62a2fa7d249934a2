import { Hono } from 'hono';
import { cspWithImages, tileOrigin } from '../../http/csp.js';
import type { AppEnv } from '../../http/env.js';
import { page } from '../../http/page.js';
import type { View } from '../../http/view.js';
import { viewOf } from '../../http/view.js';
import { displayLabel } from '../authorities/authority.repository.js';
import type { PublicPlace } from './portal.service.js';
import { count } from './portal.views.js';

function PlaceList(props: { v: View; places: readonly PublicPlace[] }) {
  const { v } = props;
  return (
    <ol class="plain places">
      {props.places.map((p) => (
        <li>
          <a href={v.pub(`/a/${p.id}`)}>
            <bdi>{displayLabel(p, [v.locale.lang, 'en'])}</bdi>
          </a>{' '}
          <span class="equiv">({count(v, p.count)})</span>
        </li>
      ))}
    </ol>
  );
}

/**
 * The map of where the public objects were made. The list of places is the page: it is what a
 * reader without JavaScript, or without a reachable tile server, reads, and what a screen reader
 * reads. With a tile server configured, a Leaflet map is drawn above it from the same places.
 */
export function mapPages() {
  const r = new Hono<AppEnv>();
  r.get('/map', async (c) => {
    const v = viewOf(c);
    const services = c.get('services');
    const { mapped, unplaced } = await services.portal.places();
    const tiles = services.config.MAP_TILE_URL;
    const drawn = tiles && mapped.length > 0;
    if (drawn) c.header('Content-Security-Policy', cspWithImages([tileOrigin(tiles)]));
    const points = mapped.map((p) => ({
      lat: p.latitude,
      lon: p.longitude,
      n: p.count,
      name: displayLabel(p, [v.locale.lang, 'en']),
      label: count(v, p.count),
      href: v.pub(`/a/${p.id}`),
    }));
    return page(
      c,
      v.t('portal.map.title'),
      <>
        <p>{v.t('portal.map.lead')}</p>
        {drawn ? (
          <>
            <section
              id="map"
              class="map"
              hidden
              dir="ltr"
              aria-label={v.t('portal.map.region')}
              data-tiles={tiles}
              data-attribution={services.config.MAP_TILE_ATTRIBUTION}
              data-places={JSON.stringify(points)}
            />
            <script src="/static/leaflet.js" defer />
            <script src="/static/map.js" defer />
          </>
        ) : null}
        <PlaceList v={v} places={mapped} />
        {unplaced.length ? (
          <section aria-labelledby="unplaced">
            <h2 id="unplaced">{v.t('portal.map.unplaced')}</h2>
            <PlaceList v={v} places={unplaced} />
          </section>
        ) : null}
      </>,
      { public: true, head: drawn ? <link rel="stylesheet" href="/static/leaflet.css" /> : undefined },
    );
  });
  return r;
}
