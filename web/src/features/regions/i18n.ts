/** Strings of 区划与网格 (regions). Put together with the others in web/src/dictionaries.ts. */
export const regionsZh = {
  regions: '区划与网格', vintage: '代码年份', children: '下级', noMap: '离线底图：显示区划边界、名称和比例尺。如需街道、道路底图，可设置 MAP_TILE_URL 接入瓦片服务（如天地图）', selectRegion: '在左侧选择区划',
  noChildren: '没有下级区划', kind_subdistrict: '街道', kind_town: '镇', kind_township: '乡', kind_community: '社区', kind_village: '村',
};

export const regionsEn: Record<keyof typeof regionsZh, string> = {
  regions: 'Regions & grids', vintage: 'Code vintage', children: 'Children',
  noMap: 'Offline map: boundaries, names and a scale. For streets and roads, set MAP_TILE_URL to a tile server (e.g. Tianditu)',
  selectRegion: 'Pick a region on the left', noChildren: 'No sub-regions',
  kind_subdistrict: 'Subdistrict', kind_town: 'Town', kind_township: 'Township', kind_community: 'Community', kind_village: 'Village',
};
