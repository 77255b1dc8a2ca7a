// Errors, closes and warnings in plain words, in the alert region above the conversation. A `key` makes a
// notice replace the previous one with the same key (e.g. the connection's state).

export class NoticesView {
  constructor(container, { max = 4, onShown = () => {} } = {}) {
    Object.assign(this, { container, max, onShown });
  }

  show(text, level = 'info', key = null) {
    if (key) this.drop(key);
    const box = document.createElement('div');
    box.className = `notice ${level}`;
    if (key) box.dataset.key = key;
    const p = document.createElement('p');
    p.textContent = text;
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = '×';
    close.setAttribute('aria-label', 'Dismiss this message');
    close.addEventListener('click', () => box.remove());
    box.append(p, close);
    this.container.append(box);
    while (this.container.children.length > this.max) this.container.firstElementChild.remove();
    this.onShown(text, level);
  }

  drop(key) {
    this.container.querySelector(`[data-key="${key}"]`)?.remove();
  }

  clear() {
    this.container.replaceChildren();
  }
}
