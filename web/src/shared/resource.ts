/**
 * A small shared cache of GET results, keyed by path. Screens that need the same list (regions,
 * departments) share one request; after a write, `invalidate('/api/departments')` refetches every
 * cached path under it while the old data stays on screen.
 *
 * @example
 * const { data: regions, loading, error, reload } = useResource<Region[]>('/api/regions');
 */
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { Action, api, toApiError, type ApiError } from '../api.ts';

interface Snapshot {
  data: unknown;
  error: ApiError | undefined;
  loading: boolean;
}

const snapshots = new Map<string, Snapshot>();
const inflight = new Map<string, Promise<void>>();
const listeners = new Set<() => void>();
/** Bumped by `clearResources` so answers to requests of a previous session are dropped. */
let generation = 0;

const notStarted: Snapshot = { data: undefined, error: undefined, loading: true };

function emit(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function load(path: string): Promise<void> {
  const running = inflight.get(path);
  if (running) return running;
  const previous = snapshots.get(path);
  const started = generation;
  snapshots.set(path, { data: previous?.data, error: undefined, loading: true });
  const promise = api
    .get<unknown>(path)
    .then(
      (data) => {
        if (started === generation) snapshots.set(path, { data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (started === generation) snapshots.set(path, { data: previous?.data, error: toApiError(error), loading: false });
      },
    )
    .finally(() => {
      if (inflight.get(path) === promise) inflight.delete(path);
      emit();
    });
  inflight.set(path, promise);
  emit();
  return promise;
}

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): Promise<void>;
}

/** The cached answer of `GET path`, fetched on first use. `null` fetches nothing. */
export function useResource<T>(path: string | null): Resource<T> {
  const snapshot = useSyncExternalStore(subscribe, () => (path === null ? undefined : snapshots.get(path)));
  // biome-ignore lint/correctness/useExhaustiveDependencies: a dropped snapshot (`reload`, invalidation) must load again
  useEffect(() => {
    if (path !== null && !snapshots.has(path)) void load(path);
  }, [path, snapshot]);
  const reload = useCallback(() => (path === null ? Promise.resolve() : load(path)), [path]);
  const current = snapshot ?? (path === null ? { ...notStarted, loading: false } : notStarted);
  return { data: current.data as T | undefined, error: current.error, loading: current.loading, reload };
}

/** Refetches every cached path equal to or below one of `prefixes` (`/api/windows` covers `/api/windows?centerId=…`). */
export function invalidate(...prefixes: string[]): Promise<void> {
  const due = [...snapshots.keys()].filter((key) => prefixes.some((p) => key === p || key.startsWith(`${p}?`) || key.startsWith(`${p}/`)));
  return Promise.all(due.map((key) => load(key))).then(() => undefined);
}

/** Forgets everything (sign-in, sign-out): the next user must not see the previous one's data. */
export function clearResources(): void {
  generation++;
  snapshots.clear();
  inflight.clear();
  emit();
}

/** One {@link Action} per component instance: a form's submits share a key until one succeeds. */
export function useAction(): Action {
  const ref = useRef<Action | null>(null);
  ref.current ??= new Action();
  return ref.current;
}
