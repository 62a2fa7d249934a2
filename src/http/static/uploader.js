// The image uploader island: sends each chosen or dropped file as the body of its own request
// (streamed by the server to disk), with its SHA-256 when the file is small enough to hash here,
// and shows the progress of each. The page works without it: the list and the fields stay usable.
(() => {
  const form = document.querySelector('[data-uploader]');
  if (!form) return;
  const url = form.getAttribute('data-url');
  const token = form.getAttribute('data-csrf');
  const list = form.querySelector('ol');
  const input = form.querySelector('input[type=file]');
  const zone = form.querySelector('[data-drop]');
  const HASH_LIMIT = 256 * 1024 * 1024;

  async function digest(file) {
    if (file.size > HASH_LIMIT || !crypto.subtle) return null;
    const sum = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    return btoa(String.fromCharCode(...new Uint8Array(sum)));
  }

  async function send(file) {
    const item = document.createElement('li');
    const bar = document.createElement('progress');
    bar.max = 100;
    bar.value = 0;
    item.textContent = `${file.name} `;
    item.append(bar);
    list.append(item);
    const sum = await digest(file);
    await new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      xhr.setRequestHeader('X-CSRF-Token', token);
      xhr.setRequestHeader('X-Filename', encodeURIComponent(file.name));
      xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
      if (sum) xhr.setRequestHeader('Content-Digest', `sha-256=:${sum}:`);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
      };
      xhr.onload = () => {
        let message = `${xhr.status}`;
        try {
          const j = JSON.parse(xhr.responseText);
          message = j.error ? j.error.message : j.duplicate ? '=' : '✓';
        } catch {}
        item.append(` ${message}`);
        item.dataset.status = String(xhr.status);
        resolve();
      };
      xhr.onerror = () => {
        item.append(' ✗');
        resolve();
      };
      xhr.send(file);
    });
  }

  async function sendAll(files) {
    for (const f of files) await send(f);
    form.dispatchEvent(new CustomEvent('uploaded'));
  }

  input.addEventListener('change', () => sendAll([...input.files]));
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    sendAll([...e.dataTransfer.files]);
  });
})();
