// The batch uploader island: a ZIP is sent whole and staged by the server, a folder's files are
// matched by name; either way the page shows which object each file goes to before anything is
// saved, then saves the matched files on request. Without scripts the page says how to use the API.
(() => {
  const root = document.querySelector('[data-batch]');
  if (!root) return;
  const api = root.dataset.api;
  const token = root.dataset.csrf;
  const text = JSON.parse(root.dataset.text);
  const table = root.querySelector('[data-preview]');
  const body = table.querySelector('tbody');
  const actions = root.querySelector('[data-actions]');
  const status = root.querySelector('[data-status]');
  let plan = null;

  const send = (method, url, data, headers = {}, onProgress) =>
    new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader('X-CSRF-Token', token);
      for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
      if (onProgress) xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onload = () => {
        let json = null;
        try {
          json = JSON.parse(xhr.responseText);
        } catch {}
        resolve({ status: xhr.status, json });
      };
      xhr.onerror = () => resolve({ status: 0, json: null });
      xhr.send(data);
    });

  function show(entries) {
    body.replaceChildren(
      ...entries.map((e) => {
        const tr = document.createElement('tr');
        const file = document.createElement('td');
        file.append(Object.assign(document.createElement('bdi'), { textContent: e.file }));
        const object = document.createElement('td');
        if (e.objectId)
          object.append(
            Object.assign(document.createElement('a'), {
              href: `${root.dataset.objects}/${e.objectId}`,
              textContent: e.accessionNumber,
              dir: 'ltr',
            }),
          );
        else
          object.append(
            Object.assign(document.createElement('span'), {
              className: 'badge warn',
              textContent: text.noMatch,
            }),
          );
        const outcome = document.createElement('td');
        outcome.dataset.outcome = '';
        if (e.error) outcome.textContent = e.error;
        else if (e.mediaId) outcome.textContent = e.duplicate ? text.duplicate : text.saved;
        tr.append(file, object, outcome);
        tr.dataset.matched = String(Boolean(e.objectId));
        return tr;
      }),
    );
    table.hidden = false;
    const matched = entries.filter((e) => e.objectId).length;
    status.textContent = `${matched} / ${entries.length}`;
  }

  function error(res) {
    status.textContent =
      res.json?.error?.fields?.[0]?.message ?? res.json?.error?.message ?? String(res.status);
    actions.hidden = true;
  }

  root.querySelector('#zip').addEventListener('change', async (ev) => {
    const file = ev.target.files[0];
    if (!file) return;
    status.textContent = text.sending;
    const res = await send(
      'POST',
      `${api}/media/batches`,
      file,
      { 'Content-Type': 'application/zip' },
      (p) => {
        status.textContent = `${text.sending} ${Math.round(p * 100)}%`;
      },
    );
    if (res.status !== 201) return error(res);
    plan = { kind: 'zip', batch: res.json };
    show(res.json.entries);
    actions.hidden = false;
  });

  root.querySelector('#folder').addEventListener('change', async (ev) => {
    const files = [...ev.target.files].filter((f) => !f.name.startsWith('.'));
    if (!files.length) return;
    const res = await send(
      'POST',
      `${api}/media/match`,
      JSON.stringify({ files: files.map((f) => f.name) }),
      { 'Content-Type': 'application/json' },
    );
    if (res.status !== 200) return error(res);
    const entries = res.json.items.map((m, i) => ({ ...m, file: files[i].name, blob: files[i] }));
    plan = { kind: 'folder', entries };
    show(entries);
    actions.hidden = false;
  });

  root.querySelector('[data-save]').addEventListener('click', async () => {
    if (!plan) return;
    actions.hidden = true;
    if (plan.kind === 'zip') {
      status.textContent = text.sending;
      const res = await send('POST', `${api}/media/batches/${plan.batch.id}/save`, null);
      if (res.status !== 200) return error(res);
      show(res.json.entries);
    } else {
      for (const [i, e] of plan.entries.entries()) {
        if (!e.objectId) continue;
        status.textContent = `${text.sending} ${e.file}`;
        const res = await send('POST', `${api}/objects/${e.objectId}/media`, e.blob, {
          'X-Filename': encodeURIComponent(e.file),
          'Content-Type': e.blob.type || 'application/octet-stream',
        });
        if (res.status === 200 || res.status === 201)
          Object.assign(e, { mediaId: res.json.id, duplicate: res.json.duplicate });
        else
          e.error = res.json?.error?.fields?.[0]?.message ?? res.json?.error?.message ?? String(res.status);
        body.children[i].querySelector('[data-outcome]').textContent =
          e.error ?? (e.duplicate ? text.duplicate : text.saved);
      }
      show(plan.entries);
    }
    root.dataset.done = 'true';
    plan = null;
  });

  root.querySelector('[data-drop]').addEventListener('click', async () => {
    if (plan?.kind === 'zip') await send('DELETE', `${api}/media/batches/${plan.batch.id}`, null);
    plan = null;
    body.replaceChildren();
    table.hidden = true;
    actions.hidden = true;
    status.textContent = '';
  });
})();
