// Renders the EventLog into the expandable log: one line per event (or folded burst), its JSON on demand.

const ARROWS = { sent: '↑', received: '↓', page: '•' };
const DIRECTION_NAMES = { sent: 'sent', received: 'received', page: 'page' };

export class EventLogView {
  constructor({ list, count, follow, details }) {
    Object.assign(this, { list, count, follow, details });
    this.rendered = new Map();   // entry id -> {li, countShown, summary}
    this.version = -1;
  }

  render(log) {
    if (log.version === this.version) return;
    this.version = log.version;
    this.count.textContent = `(${log.entries.length}${log.entries.length >= log.max ? ', newest' : ''})`;
    if (!this.details.open) return;   // nothing to draw while collapsed: cheap when closed
    const keep = new Set(log.entries.map((entry) => entry.id));
    for (const [id, node] of this.rendered) if (!keep.has(id)) { node.li.remove(); this.rendered.delete(id); }
    for (const entry of log.entries) {
      let node = this.rendered.get(entry.id);
      if (!node) {
        node = this.create(entry, log.start);
        this.rendered.set(entry.id, node);
        this.list.append(node.li);
      }
      if (node.countShown !== entry.count || node.summaryShown !== entry.summary) this.refresh(node, entry);
    }
    if (this.follow.checked) this.list.scrollTop = this.list.scrollHeight;
  }

  create(entry, start) {
    const li = document.createElement('li');
    li.className = `${entry.direction}${entry.type === 'error' ? ' error' : ''}`;
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    const time = document.createElement('span');
    time.className = 'time';
    time.textContent = `+${((entry.t - start) / 1000).toFixed(2)} s`;
    const dir = document.createElement('span');
    dir.className = 'dir';
    dir.textContent = ARROWS[entry.direction] || '';
    dir.title = DIRECTION_NAMES[entry.direction] || '';
    const type = document.createElement('span');
    type.className = 'type';
    const sum = document.createElement('span');
    sum.className = 'sum';
    summary.append(time, dir, type, sum);
    const pre = document.createElement('pre');
    details.append(summary, pre);
    details.addEventListener('toggle', () => {
      if (details.open) pre.textContent = JSON.stringify(node.entry.detail, null, 2);
    });
    li.append(details);
    const node = { li, type, sum, pre, details, entry, countShown: 0, summaryShown: null };
    return node;
  }

  refresh(node, entry) {
    node.entry = entry;
    node.type.textContent = entry.count > 1 ? `${entry.type} ×${entry.count}` : entry.type;
    node.sum.textContent = entry.summary;
    node.countShown = entry.count;
    node.summaryShown = entry.summary;
    if (node.details.open) node.pre.textContent = JSON.stringify(entry.detail, null, 2);
  }

  reset() {
    this.rendered.clear();
    this.list.replaceChildren();
    this.version = -1;
  }
}
