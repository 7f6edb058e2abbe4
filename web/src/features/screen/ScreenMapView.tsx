/**
 * The region on a dark map: its outline, its townships and villages (boundaries from the server's
 * regions: offline, no tiles), case pins by state, reservoirs and cameras by state. Drawn with SVG, so
 * lines and dots stay crisp when the stage is scaled. Layers are replaced, never added up. The named
 * areas (a district's townships, a township's villages) are clickable: `onDrill` opens that area's screen.
 */
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import { textLabel } from '../../shared/map/label.ts';
import type { ScreenMap, ScreenView } from './useScreen.ts';

const PIN: Record<string, string> = { PENDING_ACCEPT: '#f5a623', REPORTED: '#f5a623', REGISTERED: '#f5d423', DISPATCHED: '#ff7a45', PROCESSING: '#2f8cff', VERIFYING: '#39e0ff', SUSPENDED: '#8c8c8c', EXTENSION_REQUESTED: '#b37feb' };
export const PIN_LEGEND = [['#f5a623', 'state_PENDING_ACCEPT'], ['#ff7a45', 'state_DISPATCHED'], ['#2f8cff', 'state_PROCESSING'], ['#39e0ff', 'state_VERIFYING']] as const;
const THING: Record<string, string> = { normal: '#2de3a4', online: '#2de3a4', warning: '#f5a623', major: '#ff7a45', critical: '#ff4d4f', offline: '#8c8c8c', never: '#595959' };

export function ScreenMapView({ map, view, onDrill }: { map: ScreenMap | null; view: ScreenView | null; onDrill?: (code: string) => void }) {
  const el = useRef<HTMLDivElement>(null);
  const lmap = useRef<L.Map | null>(null);
  const base = useRef<L.LayerGroup | null>(null);
  const live = useRef<L.LayerGroup | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const m = L.map(el.current, { zoomControl: false, attributionControl: false, zoomSnap: 0.25, preferCanvas: false, renderer: L.svg() });
    m.setView([29, 118.8], 10);
    base.current = L.layerGroup().addTo(m);
    live.current = L.layerGroup().addTo(m);
    lmap.current = m;
    return () => {
      m.remove();
      lmap.current = null;
    };
  }, []);

  useEffect(() => {
    const m = lmap.current;
    const g = base.current;
    if (!m || !g || !map) return;
    g.clearLayers();
    const bounds = L.latLngBounds([]);
    const villages = map.areas.filter((a) => a.level === 'village');
    const townships = map.areas.filter((a) => a.level === 'township');
    const grids = map.areas.filter((a) => a.level === 'grid');
    for (const v of villages) {
      if (v.geometry) L.geoJSON(v.geometry as unknown as GeoJSON.GeoJsonObject, { interactive: false, style: { color: '#1f5fae', weight: 0.8, fillColor: '#0d3a7a', fillOpacity: 0.35 } }).addTo(g);
    }
    for (const tw of townships) {
      if (tw.geometry) L.geoJSON(tw.geometry as unknown as GeoJSON.GeoJsonObject, { interactive: false, style: { color: '#3f9dff', weight: 1.6, fill: false } }).addTo(g);
    }
    // a village's grids: a click zooms the map into the grid (网格, the last step down), a second click back out
    let zoomed: string | null = null;
    const plain = { color: '#3f9dff', weight: 1.2, fillColor: '#0d3a7a', fillOpacity: 0.35 };
    const shapes: L.GeoJSON[] = [];
    for (const gr of grids) {
      if (!gr.geometry) continue;
      const shape = L.geoJSON(gr.geometry as unknown as GeoJSON.GeoJsonObject, { style: plain }).addTo(g);
      shapes.push(shape);
      shape.on('click', () => {
        zoomed = zoomed === gr.code ? null : gr.code;
        for (const other of shapes) other.setStyle(plain);
        if (zoomed) shape.setStyle({ color: '#5cc8ff', weight: 2.5, fillColor: '#1f5fae', fillOpacity: 0.55 });
        m.fitBounds(zoomed ? shape.getBounds() : bounds, { padding: [12, 12], animate: false });
        el.current?.setAttribute('data-zoomed', zoomed ?? '');
      });
    }
    if (map.region.geometry) {
      const outline = L.geoJSON(map.region.geometry as unknown as GeoJSON.GeoJsonObject, { interactive: false, style: { color: '#5cc8ff', weight: 3, fill: false } }).addTo(g);
      bounds.extend(outline.getBounds());
    }
    for (const a of map.areas) if (a.geometry) bounds.extend(L.geoJSON(a.geometry as unknown as GeoJSON.GeoJsonObject).getBounds());
    // names: the townships of a district, the villages of a township; a click on one drills down
    for (const a of townships.length ? townships : villages.length ? villages : grids) {
      if (onDrill && a.geometry && a.level !== 'grid') {
        L.geoJSON(a.geometry as unknown as GeoJSON.GeoJsonObject, { style: { stroke: false, fillColor: '#5cc8ff', fillOpacity: 0 } })
          .on('mouseover', (e) => (e.propagatedFrom as L.Path).setStyle({ fillOpacity: 0.15 }))
          .on('mouseout', (e) => (e.propagatedFrom as L.Path).setStyle({ fillOpacity: 0 }))
          .on('click', () => onDrill(a.code))
          .addTo(g);
      }
      if (a.centerLat === null || a.centerLon === null) continue;
      L.marker([a.centerLat, a.centerLon], { interactive: false, keyboard: false, icon: L.divIcon({ className: 'sc-maplabel', html: textLabel(a.name), iconSize: undefined }) }).addTo(g);
    }
    if (bounds.isValid()) m.fitBounds(bounds, { padding: [12, 12], animate: false });
  }, [map, onDrill]);

  useEffect(() => {
    const g = live.current;
    if (!g || !view) return;
    g.clearLayers();
    for (const r of view.reservoirs.items) {
      L.circleMarker([r.lat, r.lon], { radius: 7, color: '#fff', weight: 1, fillColor: THING[r.state] ?? '#2de3a4', fillOpacity: 1, interactive: false }).addTo(g);
    }
    for (const c of view.cameras.items) {
      L.circleMarker([c.lat, c.lon], { radius: 4, color: THING[c.state] ?? '#8c8c8c', weight: 2, fill: false, interactive: false }).addTo(g);
    }
    for (const p of view.pins.items) {
      L.circleMarker([p.lat, p.lon], { radius: 5, weight: 0, fillColor: PIN[p.state] ?? '#f5a623', fillOpacity: 0.9, interactive: false }).addTo(g);
    }
  }, [view]);

  return <div ref={el} className="sc-map" data-testid="screen-map" data-areas={map ? (map.areas.some((a) => a.level === 'township') ? 'township' : map.areas.some((a) => a.level === 'grid') ? 'grid' : 'village') : ''} />;
}
