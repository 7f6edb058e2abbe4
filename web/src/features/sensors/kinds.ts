/**
 * The sensors' value families that the contract sends as plain strings, typed so that their words' keys
 * are checked (`dev_${DeviceKind}`, `alarm_${AssetState}`): a new kind without words is a tsc error.
 */
import type { Severity } from '../../../../src/sensors/rules.ts';

export type { Severity };

/** The kinds of device (src/sensors/sensors.service.ts, DEVICE_KINDS), in the order the form offers them. */
export const DEVICE_KINDS = ['water_level', 'rainfall', 'seepage_pressure', 'seepage_flow', 'displacement', 'settlement'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** A reservoir's state: normal, or the severity of its worst open alarm. */
export type AssetState = 'normal' | Severity;
