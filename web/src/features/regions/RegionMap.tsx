/** A region's children on the shared base map (offline: the district outline and a scale; tiles when MAP_TILE_URL is set). */
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import { textLabel } from '../../shared/map/label.ts';
import type { RegionFeature } from '../../shared/api.ts';
import { createBaseMap } from '../../shared/map/base-map.ts';

const PALETTE = ['#1d6f42', '#2f7ed8', '#d9822b', '#8e44ad', '#c0392b', '#16a085', '#7f8c8d', '#b7950b'];

export function RegionMap({ parent, features, tileUrl, onPick }: {
  parent: RegionFeature | null;
  features: RegionFeature[];
  tileUrl: string | null;
  onPick: (code: string) => void;
}) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);

  useEffect(() => {
    if (!el.current || map.current) return;
    map.current = createBaseMap(el.current, { regions: false }); // the page draws the regions, coloured
    layer.current = L.layerGroup().addTo(map.current);
    return () => {
      map.current?.remove();
      map.current = null;
    };
  }, [tileUrl]);

  useEffect(() => {
    const m = map.current;
    const g = layer.current;
    if (!m || !g) return;
    g.clearLayers();
    const bounds = L.latLngBounds([]);
    if (parent?.geometry) {
      const outline = L.geoJSON(parent.geometry as GeoJSON.GeoJsonObject, { interactive: false, style: { color: '#333', weight: 3, fill: false, dashArray: '6 4' } }).addTo(g);
      bounds.extend(outline.getBounds());
    }
    features.forEach((f, i) => {
      if (!f.geometry) return;
      const shape = L.geoJSON(f.geometry as GeoJSON.GeoJsonObject, {
        style: { color: PALETTE[i % PALETTE.length], weight: 2, fillOpacity: 0.25 },
      }).addTo(g);
      shape.bindTooltip(textLabel(f.properties.name), { permanent: features.length <= 16, direction: 'center', className: 'vb-label' });
      shape.on('click', () => onPick(f.id));
      bounds.extend(shape.getBounds());
    });
    if (bounds.isValid()) m.fitBounds(bounds, { padding: [16, 16], animate: false });
  }, [parent, features, onPick]);

  return <div ref={el} data-testid="region-map" style={{ height: 520, width: '100%' }} />;
}
