import { ErrorNote, Loading } from "../ui/widgets";

/** Load is what NotReady reads of a useLoad result. */
type Load = { data: unknown; error: string | null; reload: () => void };

/**
 * NotReady stands in for a screen whose loads are not all in: the first error, with one
 * retry that reloads them all, or else a loading note.
 */
export function NotReady({ loads, what }: { loads: Load[]; what: string }) {
  const failed = loads.find((l) => l.error)?.error;
  if (failed) return <ErrorNote message={failed} retry={() => loads.forEach((l) => l.reload())} />;
  return <Loading what={what} />;
}
