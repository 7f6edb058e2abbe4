/** Public surface of the notify module (reacts to domain events; imports nothing but platform). */
export { NotifyService, NOTIFIED_EVENTS } from './notify.service.ts';
export { signedUrl } from './dingtalk.ts';
export { notifyRoutes } from './notify.routes.ts';
export { NOTIFY_CLOCK_JOB, notifyClockJob } from './deadline-warnings.ts';
