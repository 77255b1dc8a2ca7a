// Renders the Conversation model into the <ol>, incrementally, and announces finished transcripts to
// screen readers through a separate polite live region (deltas would be read out word by word otherwise).

const WHO = { user: 'You', assistant: 'Assistant', tool: 'Tool', system: '' };

export class ConversationView {
  constructor({ list, announcer }) {
    this.list = list;
    this.announcer = announcer;
    this.nodes = new Map();      // id -> {li, text, unheard, meta, shown: {...}}
    this.announced = new Set();
    this.version = -1;
  }

  render(conversation) {
    if (conversation.version === this.version) return;
    this.version = conversation.version;
    const items = conversation.list();
    const atBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 40;
    const keep = new Set(items.map((item) => item.id));
    for (const [id, node] of this.nodes) {
      if (!keep.has(id)) { node.li.remove(); this.nodes.delete(id); }
    }
    const empty = this.list.querySelector('.empty');
    if (empty && items.length) empty.remove();
    let previous = null;
    for (const item of items) {
      const node = this.nodes.get(item.id) || this.create(item);
      this.update(node, item);
      const expected = previous ? previous.nextSibling : this.list.firstChild;
      if (expected !== node.li) this.list.insertBefore(node.li, expected);
      previous = node.li;
      this.announce(item);
    }
    if (!items.length && !this.list.firstChild) {
      const li = document.createElement('li');
      li.className = 'empty muted';
      li.textContent = 'The conversation view is empty.';
      this.list.append(li);
    }
    if (atBottom) this.list.scrollTop = this.list.scrollHeight;
  }

  create(item) {
    const li = document.createElement('li');
    li.dataset.id = item.id;
    const node = { li };
    if (item.kind === 'divider') {
      li.className = 'divider';
      node.text = li;
    } else {
      const who = document.createElement('span');
      who.className = 'who';
      node.text = document.createElement('p');
      node.text.className = 'text';
      node.unheard = document.createElement('span');
      node.unheard.className = 'unheard';
      node.unheard.title = 'Not heard: removed from the assistant\'s memory';
      node.meta = document.createElement('span');
      node.meta.className = 'meta';
      li.append(who, node.text, node.meta);
      node.who = who;
    }
    this.nodes.set(item.id, node);
    return node;
  }

  update(node, item) {
    if (item.kind === 'divider') {
      node.li.textContent = item.text;
      return;
    }
    node.li.className = `turn ${item.role}${item.final ? '' : ' pending'}`;
    node.li.dataset.role = item.role;
    node.who.textContent = WHO[item.role] ?? item.role;
    let text = item.text;
    if (!text && item.role === 'user' && !item.final) {
      text = item.status === 'speaking' ? '(speaking)' : '(transcribing)';
    }
    if (!text && item.note) text = `(${item.note})`;
    if (node.text.firstChild?.nodeValue !== text || node.text.childNodes.length !== (item.unheard ? 2 : 1)) {
      node.text.textContent = text;
      if (item.unheard) {
        node.unheard.textContent = ` ${item.unheard}`;
        node.text.append(node.unheard);
      }
    }
    const meta = [];
    if (item.interrupted) meta.push('interrupted');
    if (Number.isFinite(item.latencyMs)) meta.push(`first audio ${item.latencyMs} ms after your turn`);
    const metaText = meta.join(' · ');
    if (node.meta.textContent !== metaText) node.meta.textContent = metaText;
  }

  announce(item) {
    if (!this.announcer || !item.final || this.announced.has(item.id) || item.kind === 'divider') return;
    if (!item.text) return;
    this.announced.add(item.id);
    if (this.announced.size > 500) this.announced.delete(this.announced.values().next().value);
    this.say(`${WHO[item.role] || item.role}: ${item.text}`);
  }

  /** Something for screen readers to read out (politely, after what they are saying). */
  say(text) {
    if (!this.announcer || !text) return;
    const p = document.createElement('p');
    p.textContent = text;
    this.announcer.append(p);
    while (this.announcer.childNodes.length > 5) this.announcer.firstChild.remove();
  }

  reset() {
    this.nodes.clear();
    this.list.replaceChildren();
    this.version = -1;
  }
}
