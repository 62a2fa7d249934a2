// Type-ahead for a search box marked [data-suggest]: after two letters, public objects whose words
// begin as typed, in a list below the box (the WAI-ARIA combobox pattern). Without this script the
// box is a plain search form, and the form is still what Enter submits unless a suggestion is chosen.
(() => {
  for (const input of document.querySelectorAll('input[data-suggest]')) {
    const list = document.createElement('ul');
    list.id = `${input.id}-suggestions`;
    list.className = 'suggestions';
    list.setAttribute('role', 'listbox');
    list.hidden = true;
    input.after(list);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('aria-expanded', 'false');
    input.autocomplete = 'off';
    const lang = document.documentElement.lang;
    let active = -1;
    let timer = 0;
    let pending = null;

    const options = () => [...list.querySelectorAll('[role=option]')];
    const close = () => {
      list.hidden = true;
      list.replaceChildren();
      active = -1;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    };
    const mark = (i) => {
      const all = options();
      active = all.length ? (i + all.length) % all.length : -1;
      for (const [j, o] of all.entries()) o.setAttribute('aria-selected', String(j === active));
      if (active >= 0) input.setAttribute('aria-activedescendant', all[active].id);
    };
    const title = (item) => item.titles.find((t) => t.lang === lang) ?? item.titles[0];
    const show = (items) => {
      close();
      if (!items.length) return;
      items.forEach((item, i) => {
        const li = document.createElement('li');
        li.id = `${list.id}-${i}`;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        const a = document.createElement('a');
        a.href = `/m/${encodeURIComponent(item.museum)}/objects/${encodeURIComponent(item.id)}`;
        a.tabIndex = -1;
        const t = title(item);
        a.textContent = t ? t.value : item.accessionNumber;
        if (t) a.lang = t.lang;
        a.dir = 'auto';
        li.append(a);
        list.append(li);
      });
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    };
    const ask = async () => {
      const q = input.value.trim();
      if ([...q].length < 2) return close();
      pending?.abort();
      pending = new AbortController();
      try {
        const museum = input.dataset.suggestMuseum;
        const res = await fetch(
          `/api/v1/search/suggest?${new URLSearchParams({ q, ...(museum ? { museum } : {}) })}`,
          { signal: pending.signal },
        );
        if (res.ok) show((await res.json()).items);
      } catch {
        // A lost request leaves the box as a plain search box.
      }
    };
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    input.addEventListener('keydown', (e) => {
      if (list.hidden) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        mark(active + (e.key === 'ArrowDown' ? 1 : -1));
      } else if (e.key === 'Escape') {
        close();
      } else if (e.key === 'Enter' && active >= 0) {
        e.preventDefault();
        location.href = options()[active].querySelector('a').href;
      }
    });
    input.addEventListener('blur', () => setTimeout(close, 200));
  }
})();
