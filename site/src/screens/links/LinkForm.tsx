import { useState } from "preact/hooks";
import { must } from "../../api/client";
import { asProblem, mapProblem, type Problem } from "../../api/problem";
import type { components } from "../../api/schema";
import type { Campaign, PipelineMember } from "../../api/types";
import { useApp } from "../../app/context";
import { Field, FormAlert } from "../../ui/Field";
import type { Link } from "./LinkItem";

const FIELDS = ["slug", "destination"];

interface Props {
  campaign: Campaign;
  member: PipelineMember;
  onCreated: (l: Link) => void;
}

/**
 * LinkForm creates a tracking link for one campaign creator, with an optional vanity slug
 * and destination. The API's refusals (a reserved or taken slug, a destination off the
 * brand's domains) show beside their field.
 */
export function LinkForm({ campaign, member: m, onCreated }: Props) {
  const { api, workspace } = useApp();
  const [slug, setSlug] = useState("");
  const [destination, setDestination] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const errors = mapProblem(problem, FIELDS);
  const idPrefix = `newlink-${m.creatorId}`;

  const create = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const created = await must(
        api.POST("/api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}/links", {
          params: { path: { ws: workspace.id, campaign: campaign.id, creator: m.creatorId } },
          // The document lists every field of the input; the API defaults the domain,
          // the destination (the campaign's) and the tracking (the campaign's UTM), so
          // the form sends only what the marketer typed.
          body: { slug: slug.trim(), destination: destination.trim() } as components["schemas"]["api.linkInput"],
        }),
      );
      setProblem(null);
      setSlug("");
      setDestination("");
      onCreated(created);
    } catch (err) {
      setProblem(slugTaken(asProblem(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="link-form" onSubmit={create} noValidate aria-label={`New link for ${m.creatorName}`}>
      <div class="row">
        <Field name="slug" label="Vanity slug (optional)" hint="Lowercase letters, digits and hyphens; empty for a generated code." errors={errors} idPrefix={idPrefix}>
          {(p) => <input {...p} value={slug} onInput={(e) => setSlug((e.target as HTMLInputElement).value)} placeholder="lena-trails" autoComplete="off" />}
        </Field>
        <Field name="destination" label="Destination (optional)" hint={`Empty for the campaign's: ${campaign.destinationUrl}`} errors={errors} idPrefix={idPrefix}>
          {(p) => <input {...p} type="url" value={destination} onInput={(e) => setDestination((e.target as HTMLInputElement).value)} placeholder="https://" />}
        </Field>
      </div>
      <FormAlert errors={errors} />
      <div class="actions">
        <button type="submit" class="btn btn--primary" disabled={busy}>
          Create link
        </button>
      </div>
    </form>
  );
}

/** slugTaken puts the API's "code already taken" conflict, which names no field, under the slug. */
function slugTaken(p: Problem): Problem {
  if (p.code !== "link-code-taken") return p;
  return { ...p, errors: [{ field: "slug", code: p.code, message: p.detail }] };
}
