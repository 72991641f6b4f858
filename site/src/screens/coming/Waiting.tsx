import { useApp } from "../../app/context";
import { UPCOMING } from "./upcoming";

/** Waiting stands where a screen's data is not served yet: it says what will be here. */
export function Waiting({ id }: { id: keyof typeof UPCOMING }) {
  const { workspace } = useApp();
  const u = UPCOMING[id];
  return (
    <section class="waiting" aria-labelledby={`waiting-${u.id}`}>
      <h2 id={`waiting-${u.id}`}>{u.title}: not available yet</h2>
      <p>{u.shows}</p>
      <p class="muted">
        Hypetrack does not collect these figures yet, so nothing is shown rather than made-up numbers.{" "}
        <a href={`#/w/${workspace.id}/coming#${u.id}`}>What is coming</a>
      </p>
    </section>
  );
}
