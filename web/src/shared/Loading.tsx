/**
 * Every screen's three moments, alike: while the first answer is on its way a skeleton of the page's
 * shape (never an empty list, which reads as "there is nothing"), a failed load in the words of its code
 * with a retry, and an empty answer as a sentence that says what it means and what to do next.
 * `Loaded` wraps a part fed by useApi; `tableState` gives a Table the same three moments.
 */
import { useCallback, useState, type ReactNode } from 'react';
import { Alert, Button, Empty, Skeleton, type TableProps } from 'antd';
import { errorText } from './errors.ts';
import { t } from './i18n.ts';

/** What a part knows about its load: `loading` is the first load only (a reload keeps the old data shown). */
export interface LoadState {
  loading: boolean;
  error?: unknown;
  reload?: () => void;
}

/** A failed load: the code's words and a button to try again. */
export function LoadFailed({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <Alert type="error" showIcon title={errorText(error)} data-testid="load-failed"
      action={retry && <Button size="small" onClick={retry} data-testid="retry">{t('retry')}</Button>} />
  );
}

/** An empty answer: what it means and what to do, with the button that does it when there is one. */
export function EmptyHint({ text, action, testId = 'empty-hint' }: { text: ReactNode; action?: ReactNode; testId?: string }) {
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<span data-testid={testId}>{text}</span>} style={{ margin: '16px 0' }}>
      {action}
    </Empty>
  );
}

/** The default skeleton: a few lines, as most of our parts are lists. */
export function ListSkeleton({ rows = 4 }: { rows?: number }) {
  return <Skeleton active title={false} paragraph={{ rows }} data-testid="loading" />;
}

const isEmptyAnswer = (d: unknown) => (Array.isArray(d) ? d.length === 0 : !!d && typeof d === 'object' && Array.isArray((d as { items?: unknown }).items) && (d as { items: unknown[] }).items.length === 0);

/**
 * A part fed by useApi: skeleton, error with retry, the empty sentence (an array or `{ items: [] }` is
 * empty unless `isEmpty` says otherwise), else `children(data)`. A reload that fails keeps the data shown.
 */
export function Loaded<T>({ state, empty, isEmpty = isEmptyAnswer, skeleton, children }: {
  state: LoadState & { data: T | undefined };
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  skeleton?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (state.data === undefined) {
    if (state.error) return <LoadFailed error={state.error} retry={state.reload} />;
    return <>{skeleton ?? <ListSkeleton />}</>;
  }
  if (empty !== undefined && isEmpty(state.data)) return typeof empty === 'string' ? <EmptyHint text={empty} /> : <>{empty}</>;
  return <>{children(state.data)}</>;
}

/**
 * For a page that keeps its own rows (a live event patches them, so not useApi): the state of its loads,
 * fed by `track(load())` — loading until the first answer, then the last load's error if it failed.
 */
export function useLoadState(): [LoadState, (p: Promise<unknown>) => void] {
  const [state, setState] = useState<LoadState>({ loading: true });
  const track = useCallback((p: Promise<unknown>) => void p.then(() => setState({ loading: false }), (error: unknown) => setState({ loading: false, error })), []);
  return [state, track];
}

/**
 * A Table's `loading` and `locale` for the same moments: the spinner over a skeleton while the first load
 * runs, the error with a retry when it failed, the sentence when the answer is empty.
 */
export function tableState(state: LoadState, empty: ReactNode): Pick<TableProps<never>, 'loading' | 'locale'> {
  const emptyText = state.loading ? <ListSkeleton rows={3} />
    : state.error ? <LoadFailed error={state.error} retry={state.reload} />
      : typeof empty === 'string' ? <EmptyHint text={empty} /> : empty;
  return { loading: state.loading, locale: { emptyText } };
}
