// Draws the places listed on the page on a Leaflet map with the configured tile server: a circle
// per place, sized by its number of objects, linking to the place's page. The list below stays
// the page's content; if the tiles cannot be reached, the map is hidden again.
(() => {
  const el = document.getElementById('map');
  if (!el?.dataset.places || !window.L) return;
  const places = JSON.parse(el.dataset.places);
  if (!places.length) return;
  el.hidden = false;
  const map = L.map(el, { scrollWheelZoom: false, worldCopyJump: true });
  const tiles = L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || '', maxZoom: 18 });
  let loaded = 0;
  let failed = 0;
  tiles.on('tileload', () => {
    loaded++;
  });
  tiles.on('tileerror', () => {
    if (++failed >= 4 && !loaded) {
      el.hidden = true;
      map.remove();
    }
  });
  tiles.addTo(map);
  const most = Math.max(...places.map((p) => p.n));
  for (const p of places) {
    const link = document.createElement('a');
    link.href = p.href;
    link.textContent = `${p.name} (${p.label})`;
    L.circleMarker([p.lat, p.lon], {
      radius: 5 + 12 * Math.sqrt(p.n / most),
      weight: 1,
      color: '#7a4b00',
      fillColor: '#c98a1b',
      fillOpacity: 0.7,
    })
      .bindTooltip(p.name)
      .bindPopup(link)
      .addTo(map);
  }
  map.fitBounds(
    places.map((p) => [p.lat, p.lon]),
    { padding: [24, 24], maxZoom: 6 },
  );
})();
