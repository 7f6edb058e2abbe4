/** The report form's map: a red pin the villager drags (or a tap) to put the report where the thing is. */
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import { t } from '../i18n.ts';
import { createBaseMap } from './base-map.ts';

export interface PinPosition { lon: number; lat: number; how: string }

const pinIcon = () => L.divIcon({ className: 'vb-pin', html: '<div></div>', iconSize: [26, 30], iconAnchor: [13, 30] });

export function PinMap({ where, onPick, height = 220 }: { where: PinPosition | null; onPick: (lon: number, lat: number) => void; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const marker = useRef<L.Marker | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    if (!el.current || map.current) return;
    const m = createBaseMap(el.current);
    m.on('click', (e: L.LeafletMouseEvent) => pick.current(e.latlng.lng, e.latlng.lat));
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
      marker.current = null;
    };
  }, []);
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    if (!where) {
      marker.current?.remove();
      marker.current = null;
      return;
    }
    if (!marker.current) {
      marker.current = L.marker([where.lat, where.lon], { draggable: true, autoPan: true, icon: pinIcon(), title: t('pinLabel'), alt: t('pinLabel') }).addTo(m);
      marker.current.on('dragend', () => {
        const p = marker.current!.getLatLng();
        pick.current(p.lng, p.lat);
      });
    } else marker.current.setLatLng([where.lat, where.lon]);
    // a village, a photo or the phone moved it: go there; a drag or a tap is already in view
    if (where.how !== 'map') m.setView([where.lat, where.lon], Math.max(m.getZoom(), 15), { animate: false });
  }, [where]);
  return (
    <div>
      <div ref={el} data-testid="pin-map" style={{ height }} />
      {where && <div data-testid="pin-hint" style={{ fontSize: 12, color: '#666', marginTop: 4 }}>{where.how === 'village' ? t('pinDragHint') : t('pinDragHintMap')}</div>}
    </div>
  );
}
