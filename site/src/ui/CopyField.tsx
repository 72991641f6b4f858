import { useState } from "preact/hooks";

/** CopyField shows a value to paste elsewhere, with a button that copies it. */
export function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // Without clipboard access (an insecure origin), select the text for Ctrl+C instead.
      (document.getElementById(id) as HTMLInputElement | null)?.select();
    }
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <div class="copy">
        <input id={id} value={value} readOnly onFocus={(e) => (e.target as HTMLInputElement).select()} />
        <button type="button" class="btn" onClick={() => void copy()}>
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </div>
  );
}
