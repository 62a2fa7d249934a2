// Deep zoom over the IIIF tiles, for each [data-iiif-info] on the page. The picture already in
// the element stays there until the viewer has opened, so nothing is lost when a script fails.
(() => {
  const OSD = window.OpenSeadragon;
  if (!OSD) return;
  for (const el of document.querySelectorAll('[data-iiif-info]')) {
    const fallback = el.querySelector('img');
    const holder = document.createElement('div');
    holder.className = 'viewer-canvas';
    el.append(holder);
    el.classList.add('zoomable');
    const viewer = OSD({
      element: holder,
      prefixUrl: '/static/osd/',
      tileSources: el.dataset.iiifInfo,
      showNavigator: true,
      navigatorPosition: document.dir === 'rtl' ? 'BOTTOM_LEFT' : 'BOTTOM_RIGHT',
      gestureSettingsMouse: { clickToZoom: true },
      maxZoomPixelRatio: 2,
    });
    viewer.addOnceHandler('open', () => {
      if (fallback) fallback.hidden = true;
      el.dataset.viewer = 'open';
    });
    viewer.addHandler('open-failed', () => {
      holder.remove();
      el.classList.remove('zoomable');
    });
  }
})();
