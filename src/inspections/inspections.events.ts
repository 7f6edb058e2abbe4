/** The inspections module's domain events (patrols of an asset). */
export interface InspectionsEvents {
  'inspection.started': { inspectionId: string; asset: string };
  'inspection.finished': { inspectionId: string; assetId: string };
}
