import { platform } from "./platforms";

/** SetupSteps says where, in the platform's own admin, the webhook is set up. */
export function SetupSteps({ platformId }: { platformId: string }) {
  const info = platform(platformId);
  return (
    <section class="steps-box" aria-labelledby={`setup-${info.id}`}>
      <h3 id={`setup-${info.id}`}>Set up {info.name}</h3>
      <ol>
        {info.steps.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ol>
    </section>
  );
}
