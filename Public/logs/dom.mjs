// Building DOM nodes from data. Everything goes in as text, never as HTML: logs hold what strangers typed.

/** `el("li", {class: "x", dataset: {seq: 3}, onclick}, "text", child)`: attributes, properties for
 *  `on…` handlers and `dataset`, children as nodes or text. null/false children are skipped. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function show(node, visible = true) {
  node.hidden = !visible;
}
