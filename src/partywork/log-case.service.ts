/**
 * A visit log opens a case in one tap (issue 17: 孔奶奶 is unwell → the grid worker's case → the grid
 * worker sends the family doctor). The case is opened through the cases module's public command for
 * sources (`SourceCases.open`), as alarms, cameras and inspections open theirs: keyed by
 * (`grid_worker`, `partywork-log:<log id>`), registered and dispatched by the system to the grid worker
 * of the log's grid (`SourceCases.route`, the category's lead), and the log's `case_id` written in the
 * same transaction — so a second tap, or two phones at once, find the same case and write nothing.
 *
 * Who may tap: the member who wrote the log, or a grid worker of its grid (`partywork.review` there).
 * The source is `grid_worker` whoever taps: the case is grid work (联户 is the grid's), and a member's
 * finding is not a resident's report the village pays report points for (they earn the review's).
 */
import { can, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { emitEvent } from '../platform/events.ts';
import type { SourceCases } from '../cases/index.ts';
import type { LogCase } from './partywork.contract.ts';
import type { VisitsService } from './visits.service.ts';
import * as repo from './work.repository.ts';

/** 关爱帮扶（走访发现）: seeded by migration 0032, led by the grid worker, raised by staff channels only. */
export const CARE_CATEGORY = '1601';

const sourceRefOf = (logId: string) => `partywork-log:${logId}`;
const NEED_ZH: Record<string, string> = { health: '健康', safety: '安全', living: '生活', dispute: '矛盾', policy: '政策', other: '其他' };

export class LogCasesService {
  constructor(
    private p: Platform,
    private source: SourceCases,
    private visits: VisitsService,
  ) {}

  /** Open the log's case once (201 `created`), or answer the case it opened (200). */
  async open(actor: Actor, logId: string, input: { urgent?: boolean; note?: string } = {}): Promise<LogCase> {
    const log = await repo.findLog(this.p.db, logId);
    // another area's log is a missing one; in the area, only its member and the grid's grid worker may tap
    if (!log || (log.memberId !== actor.id && !can(actor, 'partywork.read', log.regionCode))) throw notFound('PARTY_LOG_NOT_FOUND', 'No such visit log');
    if (log.memberId !== actor.id && !can(actor, 'partywork.review', log.regionCode)) {
      throw new AppError('PARTY_LOG_CASE_FORBIDDEN', 403, 'Only the log\'s member or a grid worker of its grid may open a case from it', { regionCode: log.regionCode });
    }
    if (log.caseId) return this.answer(log.id, log.caseId, false);
    // where the case stands (the log's grid, at the household's point when the task has one) and where it
    // goes are looked up first, as SourceCases asks; it checks the photo and opens the case in one
    // transaction keyed by the log, so two taps at once open one case and the second finds it
    const task = (await repo.findTask(this.p.db, log.taskId))!;
    const at = task.lat !== null && task.lon !== null ? { lat: task.lat, lon: task.lon } : { lat: log.lat, lon: log.lon };
    const place = { regionCode: log.regionCode, villageCode: log.regionCode.slice(0, 12), ...at };
    const route = await this.source.route(CARE_CATEGORY, place);
    const needs = log.needs.map((n) => NEED_ZH[n] ?? n).join('、');
    const note = input.note?.trim();
    const { case: c, created } = await this.source.open({
      source: 'grid_worker', sourceRef: sourceRefOf(log.id), categoryCode: CARE_CATEGORY, severity: input.urgent ? 'urgent' : 'normal',
      title: `联户走访发现${needs ? `（${needs}）` : ''}：${task.subject}`.slice(0, 200),
      description: [log.note, note ? `补充：${note}` : null, `走访时间 ${log.visitedAt.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })}`].filter(Boolean).join('\n'),
      lon: at.lon, lat: at.lat, media: log.photoId ? [log.photoId] : [], reporterId: actor.id, place,
      register: {}, dispatch: route ?? null,
      link: async (tx, row) => {
        await repo.updateLog(tx, log.id, { caseId: row.id });
        await writeAudit(tx, { actorId: actor.id, action: 'partywork.log_case_opened', entity: 'party_visit_log', entityId: log.id, regionCode: log.regionCode, details: { caseId: row.id, caseNo: row.no } });
        await emitEvent(tx, 'partywork.log_case_opened', { logId: log.id, caseId: row.id, memberId: log.memberId, openedBy: actor.id }, { regionCode: log.regionCode, aggregateId: log.id });
      },
    });
    return this.answer(log.id, c.id, created);
  }

  private async answer(logId: string, caseId: string, created: boolean): Promise<LogCase> {
    const c = await this.source.find('grid_worker', sourceRefOf(logId));
    const log = (await this.visits.present([(await repo.findLog(this.p.db, logId))!]))[0];
    return { created, caseId, caseNo: c?.no ?? '', caseState: c?.state ?? '', assigneeId: c?.assigneeId ?? null, log };
  }
}
