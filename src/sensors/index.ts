/** Sensors and reservoirs: assets, devices, telemetry ingest, readings. */
export { SensorsService, DEVICE_KINDS } from './sensors.service.ts';
export { TelemetryIngest } from './ingest.ts';
export { sensorsRoutes } from './sensors.routes.ts';
export { parseTelemetry } from './telemetry.ts';
export { AlarmsService } from './alarms.ts';
export { ALARM_SWEEP_JOB, alarmSweepJob, sweepAlarms, type AlarmSweepResult } from './alarm-sweep.ts';
export { RuleSets, RULES_CHANGED, checkOverrides } from './rule-sets.ts';
export { ensureReadingPartitions, READING_PARTITIONS_JOB, readingPartitionsJob } from './partitions.ts';
export { AssetView } from './sensors.contract.ts';
export { mainKey, readingKeys } from './reading-keys.ts';
export { RainSummary } from './sensors.contract.ts';
