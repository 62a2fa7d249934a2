// Deep zoom over the IIIF tiles, for each [data-iiif-info] on the page. The page shows a fitted
// picture; a button opens the viewer, and only then is OpenSeadragon loaded (its weight is not
// paid by a reader who only looks). The picture stays until the viewer has opened, so nothing is
// lost when a script or the network fails.
(() => {
  let loading = null;
  const loadOsd = () => {
    loading ??= new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/static/openseadragon.min.js';
      s.onload = () => resolve(window.OpenSeadragon);
      s.onerror = reject;
      document.head.append(s);
    });
    return loading;
  };
  const open = async (el, button) => {
    button.disabled = true;
    let OSD;
    try {
      OSD = await loadOsd();
    } catch {
      button.disabled = false;
      return;
    }
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
      button.hidden = true;
      el.dataset.viewer = 'open';
      holder.querySelector('[tabindex]')?.focus();
    });
    viewer.addHandler('open-failed', () => {
      holder.remove();
      el.classList.remove('zoomable');
      button.disabled = false;
    });
  };
  for (const el of document.querySelectorAll('[data-iiif-info]')) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'zoom';
    button.textContent = el.dataset.zoomLabel || 'Zoom';
    button.addEventListener('click', () => open(el, button));
    el.append(button);
  }
})();
