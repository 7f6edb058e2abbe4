/** Named points on the shared base map, coloured by state (reservoirs, cameras); no tile server needed. */
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import { textLabel } from './map/label.ts';
import { createBaseMap } from './map/base-map.ts';

export interface MapPoint { id: string; name: string; lat: number; lon: number; color: string }

/** Names are shown beside the points when there are few; with many close together, on hover. */
export function PointsMap({ points, onPick, testId, height = 320, labels = true, maxZoom }: { points: MapPoint[]; onPick: (id: string) => void; testId: string; height?: number; labels?: boolean; maxZoom?: number }) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    if (!el.current || map.current) return;
    map.current = createBaseMap(el.current, { names: !labels }); // the points' own names, or the places' when those are on hover
    layer.current = L.layerGroup().addTo(map.current);
    return () => {
      map.current?.remove();
      map.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the base map is built once, on mount; `labels` only picks its initial name layer
  }, []);
  useEffect(() => {
    if (!map.current || !layer.current || points.length === 0) return;
    layer.current.clearLayers();
    for (const p of points) {
      L.circleMarker([p.lat, p.lon], { radius: 9, color: p.color, fillOpacity: 0.85 })
        .bindTooltip(textLabel(p.name), { permanent: labels, direction: 'right', className: 'vb-label' }).on('click', () => pick.current(p.id)).addTo(layer.current);
    }
    map.current.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lon] as [number, number])).pad(0.08), { animate: false, maxZoom }); // one point alone would fill the map at the closest zoom
  }, [points, labels, maxZoom]);
  return <div ref={el} data-testid={testId} style={{ height }} />;
}
