import { useCallback, useEffect, useState } from "preact/hooks";
import { asProblem } from "../api/problem";

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
  /**
   * set replaces the data after a change the screen made itself (no refetch needed). Given
   * a function, it applies it to the data as it is then, so overlapping saves compose.
   */
  set: (data: T | ((current: T) => T)) => void;
}

/** useLoad runs load when deps change and keeps its result, error and a way to reload. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    load().then(
      (d) => {
        if (!live) return;
        setData(d);
        setLoading(false);
      },
      (err) => {
        if (!live) return;
        setError(asProblem(err).detail);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
    // load is re-created on each render; deps say when its inputs change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const set = useCallback(
    (next: T | ((current: T) => T)) =>
      setData((cur) => (typeof next === "function" ? (next as (current: T) => T)(cur as T) : next)),
    [],
  );
  return { data, error, loading, reload, set };
}
