import { useState } from "preact/hooks";
import { asProblem } from "../api/problem";

/** saveFile hands a blob to the browser as a download named name. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  // The click has handed the file to the browser; the object URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** fileName makes a safe file name from words: "Spring Launch" → "spring-launch". */
export function fileName(words: string): string {
  return words.replace(/[^\w-]+/g, "-").toLowerCase();
}

interface Props {
  /** label is the button's text, such as "Export CSV". */
  label: string;
  /** name is the saved file's name. */
  name: string;
  /** load fetches the file; API downloads need the bearer token, so they go through the client. */
  load: () => Promise<Blob>;
  busyLabel?: string;
  small?: boolean;
}

/** DownloadButton fetches a file through the API client and saves it, with its error in words. */
export function DownloadButton({ label, name, load, busyLabel = "Preparing CSV…", small }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const download = async () => {
    setBusy(true);
    setError("");
    try {
      saveFile(await load(), name);
    } catch (err) {
      setError(asProblem(err).detail);
    }
    setBusy(false);
  };
  return (
    <span class="inline">
      <button type="button" class={small ? "btn btn--small" : "btn"} disabled={busy} onClick={() => void download()}>
        {busy ? busyLabel : label}
      </button>
      {error && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
