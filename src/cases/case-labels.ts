/**
 * The words of a case's codes in exported files (the web app has its own dictionaries: it imports
 * server types only). Chinese first, English complete.
 */
import type { CaseLevel, CaseStateName } from './case-machine.ts';
import type { CaseSource } from './sources.ts';

export type Lang = 'zh' | 'en';

const STATE: Record<CaseStateName, [string, string]> = {
  REPORTED: ['上报', 'Reported'], PENDING_ACCEPT: ['待受理', 'To accept'], REJECTED: ['不予立案', 'Rejected'],
  REGISTERED: ['已立案', 'Registered'], DISPATCHED: ['待签收', 'To sign'], PROCESSING: ['处置中', 'In progress'],
  EXTENSION_REQUESTED: ['延期申请中', 'Extension asked'], SUSPENDED: ['缓办', 'Suspended'], VERIFYING: ['待核查', 'Verifying'],
  CLOSED: ['已办结', 'Closed'], RATED: ['已评价', 'Rated'], ARCHIVED: ['已归档', 'Archived'], MERGED: ['已合并', 'Merged'],
};
const LEVEL: Record<CaseLevel, [string, string]> = {
  village: ['村级', 'Village'], township: ['乡镇级', 'Township'], district: ['区级', 'District'], city: ['市级', 'City'],
};
const SOURCE: Record<CaseSource, [string, string]> = {
  resident: ['村民', 'Resident'], tourist: ['游客', 'Tourist'], grid_worker: ['网格员', 'Grid worker'], camera: ['摄像头', 'Camera'],
  sensor: ['传感器', 'Sensor'], hotline: ['热线', 'Hotline'], open311: ['开放接口', 'Open311'], patrol: ['巡查', 'Patrol'],
};
const SEVERITY: Record<string, [string, string]> = { normal: ['一般', 'Normal'], urgent: ['紧急', 'Urgent'] };
const RATING: Record<string, [string, string]> = {
  satisfied: ['满意', 'Satisfied'], basically_satisfied: ['基本满意', 'Basically satisfied'], unsatisfied: ['不满意', 'Unsatisfied'],
};

const pick = (m: Record<string, [string, string]>, code: string | null, lang: Lang) => (code === null ? '' : (m[code]?.[lang === 'zh' ? 0 : 1] ?? code));

export const stateLabel = (c: string, lang: Lang) => pick(STATE, c, lang);
export const levelLabel = (c: string, lang: Lang) => pick(LEVEL, c, lang);
export const sourceLabel = (c: string, lang: Lang) => pick(SOURCE, c, lang);
export const severityLabel = (c: string, lang: Lang) => pick(SEVERITY, c, lang);
export const ratingLabel = (c: string | null, lang: Lang) => pick(RATING, c, lang);
