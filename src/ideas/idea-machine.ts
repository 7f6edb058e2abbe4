/**
 * The idea's state machine, pure (no database): what may happen to a 金点子 and what it becomes.
 *
 *   collecting ──threshold reached before the deadline──► under_review
 *   collecting ──support deadline passes below it──────► under_review (the village answers it all the same)
 *   collecting | under_review ──answer──► adopted | not_adopted | merged (always with a reason)
 *   adopted ──progress steps (never down)──► … 100 % ──► done
 *
 * Every idea ends with a public outcome: nothing leaves collecting except into review or an answer, and
 * review only ends with an answer — so "100 % of ideas get a public outcome" is the share of ideas past
 * collecting that are answered, a figure per village (outcomeFigures in the repository).
 */

export const IDEA_STATES = ['collecting', 'under_review', 'adopted', 'not_adopted', 'merged', 'done'] as const;
export type IdeaState = (typeof IDEA_STATES)[number];
export const OUTCOMES = ['adopted', 'not_adopted', 'merged'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface IdeaModel {
  state: IdeaState;
  supports: number;
  threshold: number;
  supportDeadline: number;
  reachedThreshold: boolean;
  answerDue: number | null;
  outcome: Outcome | null;
  reason: string | null;
  mergedInto: string | null;
  progress: number;
}

export type IdeaEvent =
  | { type: 'support'; at: number }
  | { type: 'deadline'; at: number }
  | { type: 'answer'; at: number; outcome: Outcome; reason: string; mergedInto?: string | null }
  | { type: 'progress'; at: number; percent: number };

export type Refusal = 'SUPPORT_CLOSED' | 'NOT_DUE' | 'ALREADY_ANSWERED' | 'REASON_REQUIRED' | 'MERGE_TARGET_REQUIRED' | 'NOT_ADOPTED' | 'PROGRESS_BACKWARDS';
export type StepResult = { ok: true; idea: IdeaModel } | { ok: false; refusal: Refusal };

/** Days the village has to answer an idea once it is in review (a public deadline the staff see). */
export const ANSWER_DAYS = 15;
const DAY = 86_400_000;

export function newIdea(threshold: number, supportDeadline: number): IdeaModel {
  return { state: 'collecting', supports: 0, threshold, supportDeadline, reachedThreshold: false, answerDue: null, outcome: null, reason: null, mergedInto: null, progress: 0 };
}

/** Supports are taken while the idea is open (collecting or in review, not answered) and before its deadline. */
export const acceptsSupport = (i: IdeaModel, at: number) => (i.state === 'collecting' || i.state === 'under_review') && at < i.supportDeadline;

export function step(i: IdeaModel, e: IdeaEvent): StepResult {
  switch (e.type) {
    case 'support': {
      if (!acceptsSupport(i, e.at)) return { ok: false, refusal: 'SUPPORT_CLOSED' };
      const supports = i.supports + 1;
      if (i.state === 'collecting' && supports >= i.threshold) {
        return { ok: true, idea: { ...i, supports, state: 'under_review', reachedThreshold: true, answerDue: e.at + ANSWER_DAYS * DAY } };
      }
      return { ok: true, idea: { ...i, supports } };
    }
    case 'deadline': {
      if (i.state !== 'collecting' || e.at < i.supportDeadline) return { ok: false, refusal: 'NOT_DUE' };
      return { ok: true, idea: { ...i, state: 'under_review', answerDue: i.supportDeadline + ANSWER_DAYS * DAY } };
    }
    case 'answer': {
      if (i.state !== 'collecting' && i.state !== 'under_review') return { ok: false, refusal: 'ALREADY_ANSWERED' };
      if (!e.reason.trim()) return { ok: false, refusal: 'REASON_REQUIRED' };
      if (e.outcome === 'merged' && !e.mergedInto) return { ok: false, refusal: 'MERGE_TARGET_REQUIRED' };
      return { ok: true, idea: { ...i, state: e.outcome, outcome: e.outcome, reason: e.reason.trim(), mergedInto: e.outcome === 'merged' ? e.mergedInto! : null } };
    }
    case 'progress': {
      if (i.state !== 'adopted') return { ok: false, refusal: 'NOT_ADOPTED' };
      if (e.percent < i.progress || e.percent > 100) return { ok: false, refusal: 'PROGRESS_BACKWARDS' };
      return { ok: true, idea: { ...i, progress: e.percent, state: e.percent === 100 ? 'done' : 'adopted' } };
    }
  }
}

/** An idea has its public outcome once it is answered. */
export const hasOutcome = (i: Pick<IdeaModel, 'state'>) => i.state !== 'collecting' && i.state !== 'under_review';
/** The answer is late: in review past its due date. */
export const isOverdue = (i: Pick<IdeaModel, 'state' | 'answerDue'>, now: number) => i.state === 'under_review' && i.answerDue !== null && i.answerDue < now;
