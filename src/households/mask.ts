/** Names in lists and scans are masked as everywhere (platform/privacy.ts maskName: 郭渭民 → 郭*民, a place label kept). */
import { maskName as mask } from '../platform/privacy.ts';

export const maskName = (full: string): string => mask(full) ?? full;
