/**
 * The map every page shares. With MAP_TILE_URL (天地图 with its key, or any XYZ source) it shows those tiles;
 * without, an offline base map drawn from data we ship and hold: the real 柯城区 outline (bundled, see
 * src/demo/geo/README.md), the townships and villages from the database with their names, and a scale.
 * Nothing is downloaded from elsewhere at run time.
 */
import L from 'leaflet';
import { textLabel } from './label.ts';
import outline from '../../../../src/demo/geo/kecheng-outline.json' with { type: 'json' };
import { api, type PublicConfig } from '../api.ts';
import type { BaseMapRegion } from '../../../../src/regions/regions.contract.ts';
import { onLangChange, t } from '../i18n.ts';
import './map.css';

export const DISTRICT_CENTER: L.LatLngTuple = [29.0, 118.83];

type BaseRegion = BaseMapRegion;

let tileUrlP: Promise<string | null> | null = null;
/** The tile URL the server is configured with (null: offline). Asked once per page load. */
export function tileUrl(): Promise<string | null> {
  return (tileUrlP ??= api<PublicConfig>('/api/config/public').then((r) => r.mapTileUrl, () => null));
}

let regionsP: Promise<BaseRegion[]> | null = null;
function baseRegions(): Promise<BaseRegion[]> {
  return (regionsP ??= api<{ items: BaseRegion[] }>('/api/map/regions').then((r) => r.items, () => {
    regionsP = null; // not signed in yet, or offline: try again next time
    return [];
  }));
}

/** 天地图 serves its layers from t0…t7 and puts names on a separate annotation layer (cva over vec, cia over img). */
function addTiles(map: L.Map, url: string): void {
  const tianditu = url.includes('tianditu');
  const opts: L.TileLayerOptions = { maxZoom: 18, subdomains: tianditu ? '01234567' : 'abc', attribution: tianditu ? '天地图' : '' };
  L.tileLayer(url, opts).addTo(map);
  if (tianditu && /vec_|img_/.test(url)) L.tileLayer(url.replace(/vec_/g, 'cva_').replace(/img_/g, 'cia_'), opts).addTo(map);
}

const label = (lat: number, lon: number, text: string, cls: string) =>
  L.marker([lat, lon], { interactive: false, keyboard: false, icon: L.divIcon({ className: `vb-map-label ${cls}`, html: textLabel(text), iconSize: null as unknown as L.PointExpression }) });

export interface BaseMapOptions {
  center?: L.LatLngTuple;
  zoom?: number;
  /** Draw the townships and villages (off where the page draws regions itself). */
  regions?: boolean;
  /** Their names too (off where the page labels its own points). */
  names?: boolean;
}

/**
 * A Leaflet map in `el` on the shared base map. The page adds its own layers on top (they stay
 * clickable: the base layers are not interactive). Call `map.remove()` when done.
 */
export function createBaseMap(el: HTMLElement, { center, zoom = 10, regions = true, names = true }: BaseMapOptions = {}): L.Map {
  el.classList.add('vb-map');
  const map = L.map(el, { zoomSnap: 0.5, minZoom: 6, maxZoom: 18 }); // bounded: fitting one point must not zoom without end
  // the whole district unless the page says where
  if (center) map.setView(center, zoom);
  else if (el.clientHeight > 0) map.fitBounds(L.geoJSON(outline as GeoJSON.Feature).getBounds(), { padding: [6, 6], animate: false });
  else map.setView(DISTRICT_CENTER, zoom);
  map.attributionControl.setPrefix(false);
  L.control.scale({ imperial: false, position: 'bottomleft', maxWidth: 90 }).addTo(map);
  map.createPane('vbBase').style.zIndex = '250'; // above tiles (200), below the page's shapes (400)
  const alive = () => (map as unknown as { _container?: HTMLElement })._container !== undefined && el.isConnected;
  const districtLine = (offline: boolean) => L.geoJSON(outline as GeoJSON.Feature, {
    pane: 'vbBase', interactive: false,
    style: { color: '#3b6e46', weight: 2.5, fill: offline, fillColor: '#fbfcf7', fillOpacity: offline ? 1 : 0 },
  }).addTo(map);
  void tileUrl().then((url) => {
    if (!alive()) return;
    if (url) addTiles(map, url);
    else {
      // the credit line is Leaflet's, not React's: it follows a language switch by itself
      let credit = t('mapOffline');
      map.attributionControl.addAttribution(credit);
      const off = onLangChange(() => {
        if (!alive()) return off();
        map.attributionControl.removeAttribution(credit);
        map.attributionControl.addAttribution((credit = t('mapOffline')));
      });
      map.on('unload', off);
    }
    districtLine(!url);
    if (regions) void baseRegions().then((rows) => alive() && drawRegions(map, rows, names));
  });
  return map;
}

/** Township lines and names always; village lines and names once zoomed in far enough to read them. */
function drawRegions(map: L.Map, rows: BaseRegion[], names: boolean): void {
  const townships = L.layerGroup();
  const villages = L.layerGroup();
  const townshipNames = L.layerGroup();
  const villageNames = L.layerGroup();
  for (const r of rows) {
    const isTownship = r.level === 'township';
    if (!isTownship && r.level !== 'village') continue;
    if (r.geometry) {
      L.geoJSON(r.geometry as GeoJSON.GeoJsonObject, {
        pane: 'vbBase', interactive: false,
        style: isTownship ? { color: '#6f8f72', weight: 1.4, fill: false } : { color: '#9fb3a0', weight: 0.8, dashArray: '3 3', fill: false },
      }).addTo(isTownship ? townships : villages);
    }
    if (r.centerLat != null && r.centerLon != null) {
      label(r.centerLat, r.centerLon, r.name, isTownship ? 'vb-map-township' : 'vb-map-village').addTo(isTownship ? townshipNames : villageNames);
    }
  }
  townships.addTo(map);
  const show = () => {
    const z = map.getZoom();
    map.getContainer().classList.toggle('vb-map-far', z < 10); // small names when the whole district is on a phone
    const toggle = (g: L.LayerGroup, on: boolean) => (on ? g.addTo(map) : g.remove());
    toggle(villages, z >= 12);
    toggle(townshipNames, names && z >= 9.5 && z < 14); // a whole district on a phone is too small to name
    toggle(villageNames, names && z >= 13);
  };
  map.on('zoomend', show);
  show();
}
