import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ErrorNote, Loading } from "../ui/widgets";

/**
 * lazy loads a screen's code on first use, so the first screen ships only what it needs.
 * The module is fetched once and kept.
 */
export function lazy<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  return function Lazy(props: P) {
    const [, setReady] = useState(0);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (loaded) return;
      pending ??= load().then((m) => (loaded = m.default));
      pending.then(
        () => setReady((n) => n + 1),
        () => {
          pending = null;
          setFailed(true);
        },
      );
    }, []);
    if (failed) return <ErrorNote message="This screen could not be loaded. Check the connection and reload the page." />;
    const Screen = loaded;
    return Screen ? <Screen {...props} /> : <Loading />;
  };
}
