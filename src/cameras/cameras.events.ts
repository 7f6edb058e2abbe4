/** The cameras module's domain events. */
export interface CamerasEvents {
  /** An episode's detections reached the trigger: the camera actions open or join a case. */
  'camera.triggered': { episodeId: string; cameraId: string; camera: string; category: string };
  'camera.offline': { cameraId: string; name: string };
  /** A category's camera policy changed: every process reloads. */
  'cameras.policy_changed': { category: string };
}
