import type { ComponentChildren } from "preact";
import type { MappedProblem } from "../api/problem";

/** The attributes a field's control takes so its label, hint and error read with it. */
export interface ControlProps {
  id: string;
  name: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
}

interface Props {
  name: string;
  label: string;
  hint?: ComponentChildren;
  errors: MappedProblem;
  /** idPrefix keeps ids unique when one form appears twice on a page. */
  idPrefix?: string;
  children: (control: ControlProps) => ComponentChildren;
}

/** Field is a labelled control with its hint and the API's error for it, in words. */
export function Field({ name, label, hint, errors, idPrefix = "f", children }: Props) {
  const id = `${idPrefix}-${name.replace(/[^a-zA-Z0-9]+/g, "-")}`;
  const error = errors.byField[name];
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={error ? "field field--invalid" : "field"}>
      <label for={id}>{label}</label>
      {children({ id, name, "aria-invalid": error ? true : undefined, "aria-describedby": described || undefined })}
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** FormAlert shows what the form's fields do not: the detail and errors of unseen fields. */
export function FormAlert({ errors }: { errors: MappedProblem }) {
  if (errors.rest.length === 0) return null;
  return (
    <div class="alert" role="alert">
      {errors.rest.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  );
}
