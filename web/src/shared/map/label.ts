/**
 * A map label as text. Leaflet puts a string tooltip in as HTML, so an administrator's camera or region
 * name like `<img src=x onerror=…>` would run as script in every console that shows the map; a text
 * node is only ever text.
 */
export function textLabel(text: string): HTMLElement {
  const el = document.createElement('span');
  el.textContent = text;
  return el;
}
