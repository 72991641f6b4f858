// Splitting a CSV file into batches for import, so a long file shows real progress and no
// single request runs into the API's time limit. Rows keep the numbers the API gives them
// (the header is row 1), whichever batch they travel in.

/**
 * splitRecords cuts CSV text into its header and data records, keeping each record's raw
 * text (quoted fields may hold line breaks). Empty lines are dropped, as the API's CSV
 * reader skips them without counting.
 */
export function splitRecords(text: string): { header: string; records: string[] } {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    if (i === text.length || (ch === "\n" && !quoted)) {
      const rec = text.slice(start, i).replace(/\r$/, "");
      if (rec !== "") out.push(rec);
      start = i + 1;
    }
  }
  const [header = "", ...records] = out;
  return { header, records };
}

export interface Batch {
  /** body is a CSV file of its own: the header and this batch's records. */
  body: string;
  /** offset is the number of data records before this batch. */
  offset: number;
  size: number;
}

export function batches(text: string, size: number): Batch[] {
  const { header, records } = splitRecords(text);
  const out: Batch[] = [];
  for (let i = 0; i < records.length; i += size) {
    const part = records.slice(i, i + size);
    out.push({ body: `${header}\n${part.join("\n")}\n`, offset: i, size: part.length });
  }
  return out;
}

/** fileRow turns a row number within a batch into the row number within the whole file. */
export function fileRow(batchRow: number, b: Batch): number {
  return batchRow + b.offset;
}
