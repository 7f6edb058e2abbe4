/** The village's map for 逛村子: the offline base map, the village's outline, one coloured mark per place (tap: its page). */
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import type { PublicPlaceSummary, VillageGuide } from '../../../../src/places/places.contract.ts';
import { createBaseMap } from '../../shared/map/base-map.ts';
import { getLang } from '../../shared/i18n.ts';
import { KIND_MARK } from './words.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function markOf(p: PublicPlaceSummary): L.DivIcon {
  const m = KIND_MARK[p.kind];
  const ring = p.grade === 'platinum' ? '#722ed1' : p.grade === 'gold' ? '#faad14' : '#fff';
  return L.divIcon({
    className: 'pl-mark', iconSize: [28, 28], iconAnchor: [14, 14],
    html: `<div data-testid="pl-mark" data-kind="${p.kind}" title="${esc(p.name)}" style="width:28px;height:28px;border-radius:50%;background:${m.colour};color:#fff;border:3px solid ${ring};box-shadow:0 1px 4px rgba(0,0,0,.4);display:flex;align-items:center;justify-content:center;font-size:13px;font-weight:600;box-sizing:border-box">${getLang() === 'en' ? m.en : m.zh}</div>`,
  });
}

export function PlacesMap({ guide, places, onOpen, height = 300 }: { guide: VillageGuide; places: PublicPlaceSummary[]; onOpen: (id: string) => void; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const marks = useRef<L.LayerGroup | null>(null);
  const open = useRef(onOpen);
  open.current = onOpen;
  useEffect(() => {
    if (!el.current) return;
    const center: L.LatLngTuple = [guide.centerLat ?? 29, guide.centerLon ?? 118.83];
    const m = createBaseMap(el.current, { center, zoom: 15, names: false });
    if (guide.geometry) {
      const outline = L.geoJSON(guide.geometry as unknown as GeoJSON.GeoJsonObject, { interactive: false, style: { color: '#389e0d', weight: 2, fillColor: '#f6ffed', fillOpacity: 0.35 } }).addTo(m);
      m.fitBounds(outline.getBounds(), { padding: [8, 8], animate: false });
    }
    marks.current = L.layerGroup().addTo(m);
    map.current = m;
    return () => { m.remove(); map.current = null; };
  }, [guide]);
  useEffect(() => {
    const group = marks.current;
    if (!group) return;
    group.clearLayers();
    for (const p of places) {
      L.marker([p.lat, p.lon], { icon: markOf(p), title: p.name, alt: p.name, riseOnHover: true })
        .on('click', () => open.current(p.id)).addTo(group);
    }
    // what was found, close enough to tell the marks apart (a village is a few km; its places a few hundred m)
    if (places.length) map.current?.fitBounds(L.latLngBounds(places.map((p) => [p.lat, p.lon])), { padding: [24, 24], maxZoom: 16, animate: false });
  }, [places, guide]);
  return <div ref={el} data-testid="pl-map" style={{ height, borderRadius: 8 }} />;
}
