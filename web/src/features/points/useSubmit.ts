/**
 * One way to send a step from a points list (an objection, a vote, a 复核): busy while it runs, the
 * error in plain words (by code, errors.ts) kept for the dialog — or handed to `onError` (a toast) —
 * and whether it went through, so the caller closes its dialog and reloads only then.
 */
import { useCallback, useState } from 'react';
import { errorText } from '../../shared/errors.ts';

export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (send: () => Promise<unknown>, onError?: (text: string) => void): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await send();
      return true;
    } catch (e) {
      if (onError) onError(errorText(e));
      else setError(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
