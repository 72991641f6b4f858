import { useEffect } from "preact/hooks";
import { UPCOMING } from "./upcoming";

/** Coming lists the screens that wait for their data, and what each will show. */
export default function Coming() {
  useEffect(() => {
    // The hash holds the route; a second # names the section to show.
    const target = location.hash.split("#")[2];
    if (target) document.getElementById(target)?.scrollIntoView();
  }, []);
  return (
    <section class="screen screen--narrow">
      <h1>What is coming</h1>
      <p>
        These screens are being built. Each one appears here once Hypetrack measures what it shows; until then the
        places they will live say so.
      </p>
      {Object.values(UPCOMING).map((u) => (
        <section key={u.id} id={u.id} class="card">
          <h2>{u.title}</h2>
          <p>{u.shows}</p>
        </section>
      ))}
    </section>
  );
}
