/**
 * Half-filled forms survive a reload: the values are kept in localStorage under the user's id and the
 * form's name until it is sent (then `clear`). Only plain JSON values; photos are kept by their ids.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

const PREFIX = 'vb.draft.';

export function readDraft<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

export function writeDraft(key: string, value: unknown): void {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // a full or forbidden storage only loses the draft
  }
}

export function clearDraft(key: string): void {
  localStorage.removeItem(PREFIX + key);
}

/** A state value that is also the draft: restored on mount, saved on change, removed by `clear()`. */
export function useDraft<T>(key: string, initial: T): [T, (v: T | ((old: T) => T)) => void, () => void] {
  const [value, setValue] = useState<T>(() => readDraft<T>(key) ?? initial);
  const cleared = useRef(false);
  useEffect(() => {
    if (cleared.current) return;
    writeDraft(key, value);
  }, [key, value]);
  const clear = useCallback(() => {
    cleared.current = true;
    clearDraft(key);
  }, [key]);
  return [value, setValue, clear];
}
