/** Devices: their credentials (tokens), the MQTT broker the device modules' channels ride on, and the dead letters of every device intake. */
export { DeviceTokens, type DeviceTokenRow } from './device-tokens.ts';
export type { DeviceChannel, MqttHandle, MqttLimits } from './mqtt.ts';
export type { InOrder } from './mqtt-inbound.ts';
export { deadLetter } from './dead-letters.ts';
