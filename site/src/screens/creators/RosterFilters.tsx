import { useState } from "preact/hooks";
import type { MappedProblem } from "../../api/problem";
import { AGE_BRACKETS, TIERS } from "../../api/types";
import { label } from "../../format";
import { Field } from "../../ui/Field";
import { activeCount, NO_FILTERS, type Filters } from "./query";

export const FILTER_FIELDS = Object.keys(NO_FILTERS).map((k) => (k === "tiers" ? "tier" : k));

const SORTS = [
  ["impact", "Impact score"],
  ["followers", "Followers"],
  ["avgViews", "Average views"],
  ["engagement", "Engagement rate"],
  ["name", "Name"],
  ["created", "Newest first"],
] as const;

const TIER_HINT: Record<string, string> = {
  nano: "under 10k",
  micro: "10k–100k",
  mid: "100k–500k",
  macro: "500k–1M",
  mega: "over 1M",
};

interface Props {
  value: Filters;
  lists: string[];
  errors: MappedProblem;
  onSearch: (f: Filters) => void;
}

/**
 * RosterFilters holds the search's filters: the creator's own figures, then their
 * audience's. Shares are typed as percentages.
 */
export function RosterFilters({ value, lists, errors, onSearch }: Props) {
  const [f, setF] = useState<Filters>(value);
  const set = (k: keyof Filters) => (e: Event) => setF({ ...f, [k]: (e.target as HTMLInputElement).value });
  const num = (k: keyof Filters, text: string, hint?: string) => (
    <Field name={k} label={text} hint={hint} errors={errors} idPrefix="filter">
      {(p) => <input {...p} inputMode="decimal" value={f[k] as string} onInput={set(k)} />}
    </Field>
  );
  const submit = (e: Event) => {
    e.preventDefault();
    onSearch(f);
  };
  const active = activeCount(value);
  return (
    <form class="filters" onSubmit={submit} noValidate aria-label="Search the roster">
      <Field name="q" label="Name or handle" errors={errors} idPrefix="filter">
        {(p) => <input {...p} type="search" value={f.q} onInput={set("q")} />}
      </Field>
      <Field name="sort" label="Sort by" errors={errors} idPrefix="filter">
        {(p) => (
          <select {...p} value={f.sort} onChange={set("sort")}>
            {SORTS.map(([k, t]) => (
              <option key={k} value={k}>
                {t}
              </option>
            ))}
          </select>
        )}
      </Field>
      {lists.length > 0 && (
        <Field name="list" label="Favourites list" errors={errors} idPrefix="filter">
          {(p) => (
            <select {...p} value={f.list} onChange={set("list")}>
              <option value="">All creators</option>
              {lists.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <details open={active > 0}>
        <summary>Filters{active > 0 && ` (${active} on)`}</summary>
        <fieldset class="checks">
          <legend>Tier</legend>
          {TIERS.map((t) => (
            <label key={t}>
              <input
                type="checkbox"
                checked={f.tiers.includes(t)}
                onChange={() => setF({ ...f, tiers: f.tiers.includes(t) ? f.tiers.filter((x) => x !== t) : [...f.tiers, t] })}
              />{" "}
              {label(t)} <span class="muted small">{TIER_HINT[t]}</span>
            </label>
          ))}
          {errors.byField.tier && <p class="field-error">{errors.byField.tier}</p>}
        </fieldset>
        <div class="row">
          <Field name="country" label="Country" hint="Such as US" errors={errors} idPrefix="filter">
            {(p) => <input {...p} value={f.country} onInput={set("country")} maxLength={2} size={3} />}
          </Field>
          <Field name="topic" label="Topic" errors={errors} idPrefix="filter">
            {(p) => <input {...p} value={f.topic} onInput={set("topic")} />}
          </Field>
        </div>
        <div class="row">
          {num("minFollowers", "Followers from")}
          {num("maxFollowers", "to")}
        </div>
        <div class="row">
          {num("minAvgViews", "Average views from")}
          {num("minEngagement", "Engagement from (%)")}
        </div>
        <h3 class="filters__group">Audience</h3>
        <div class="row">
          <Field name="audienceCountry" label="Audience in country" errors={errors} idPrefix="filter">
            {(p) => <input {...p} value={f.audienceCountry} onInput={set("audienceCountry")} maxLength={2} size={3} />}
          </Field>
          {num("minCountryShare", "at least (%)")}
        </div>
        <div class="row">
          {num("minFemale", "Women from (%)")}
          {num("maxFemale", "to (%)")}
        </div>
        <div class="row">
          <Field name="ageBracket" label="Age group" errors={errors} idPrefix="filter">
            {(p) => (
              <select {...p} value={f.ageBracket} onChange={set("ageBracket")}>
                <option value="">Any</option>
                {AGE_BRACKETS.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {num("minAgeShare", "at least (%)")}
        </div>
        {num("minIos", "On iOS at least (%)", "The rest use Android.")}
      </details>
      <div class="actions">
        <button type="submit" class="btn btn--primary">
          Search
        </button>
        <button
          type="button"
          class="btn btn--link"
          onClick={() => {
            setF(NO_FILTERS);
            onSearch(NO_FILTERS);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
