/**
 * Does the platform keep up? (issue 13 #3) With Mosquitto's default queue limits a consumer that falls
 * behind loses messages inside the broker — acknowledged to the device, never delivered — and nothing
 * said so. The subscriber watches the broker's own counter (`$SYS/broker/publish/messages/dropped`,
 * published on change every `sys_interval`) and its own window; both go to the log and to /healthz.
 */
import type { Logger } from 'pino';
import type { InboundStats } from './mqtt-inbound.ts';

export const DROPPED_TOPIC = '$SYS/broker/publish/messages/dropped';

export interface IngestHealth {
  status: 'ok' | 'lagging' | 'dropping';
  inFlight: number;
  window: number;
  taken: number;
  failed: number;
  /** Messages of other partitions' devices, acknowledged and left to their process. */
  skipped: number;
  /** Messages the broker reports dropped (queue/inflight limits) since this subscriber started. */
  brokerDropped: number;
  lastDropAt: string | null;
  /** Since when every slot of the window has been taken (the consumer falls behind), else null. */
  laggingSince: string | null;
  /** This process's device partition ("index/count") and whether it holds it or stands by. */
  partition?: string;
  lease?: string;
  /** Messages acknowledged whose rules have not run yet, and those judged since start (rule-backlog.ts). */
  rulesPending?: number;
  judged?: number;
}

const RECENT_MS = 10 * 60_000;

export class BrokerWatch {
  private baseline: number | null = null;
  private dropped = 0;
  private lastDrop: number | null = null;
  private fullSince: number | null = null;
  private warnedLag = false;

  constructor(private log: Logger, private inbound: InboundStats, private window: number) {}

  /** A `$SYS` counter message: a retained value is the baseline; a rise after it is a drop. */
  onSys(topic: string, payload: Buffer, retained: boolean, now = Date.now()): void {
    if (topic !== DROPPED_TOPIC) return;
    const v = Number(payload.toString());
    if (!Number.isFinite(v)) return;
    const rise = retained ? 0 : v - (this.baseline ?? 0);
    this.baseline = v;
    if (rise > 0) {
      this.dropped += rise;
      this.lastDrop = now;
      this.log.warn({ dropped: rise, total: this.dropped }, 'the MQTT broker dropped messages (queue or in-flight limits): raise max_queued_messages / check the consumer; see README, MQTT_URL');
    }
  }

  /** Called every few seconds: note (once per stretch) a window that stays full. */
  tick(now = Date.now()): void {
    if (this.inbound.inFlight >= this.window) {
      this.fullSince ??= now;
      if (!this.warnedLag && now - this.fullSince >= 10_000) {
        this.warnedLag = true;
        this.log.warn({ inFlight: this.inbound.inFlight, since: new Date(this.fullSince).toISOString() }, 'MQTT ingest lags: every slot of the in-flight window has been taken for 10 s (database slow?)');
      }
    } else {
      this.fullSince = null;
      this.warnedLag = false;
    }
  }

  health(now = Date.now()): IngestHealth {
    const dropping = this.lastDrop !== null && now - this.lastDrop < RECENT_MS;
    const lagging = this.fullSince !== null && now - this.fullSince >= 10_000;
    return {
      status: dropping ? 'dropping' : lagging ? 'lagging' : 'ok',
      inFlight: this.inbound.inFlight, window: this.window, taken: this.inbound.taken, failed: this.inbound.failed, skipped: this.inbound.skipped,
      brokerDropped: this.dropped, lastDropAt: this.lastDrop ? new Date(this.lastDrop).toISOString() : null,
      laggingSince: this.fullSince ? new Date(this.fullSince).toISOString() : null,
    };
  }
}
