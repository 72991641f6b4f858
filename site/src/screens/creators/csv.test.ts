import { describe, expect, test } from "vitest";
import { batches, fileRow, splitRecords } from "./csv";

describe("CSV batches", () => {
  test("records keep quoted line breaks and commas; empty lines are dropped", () => {
    const text = '\ufeffname,notes\r\nLena,"Met at VidCon,\r\nprefers email"\r\n\r\nMax,"says ""hi"""\r\n';
    expect(splitRecords(text)).toEqual({
      header: "\ufeffname,notes",
      records: ['Lena,"Met at VidCon,\r\nprefers email"', 'Max,"says ""hi"""'],
    });
  });

  test("a file without a final line break loses nothing", () => {
    expect(splitRecords("name\na\nb").records).toEqual(["a", "b"]);
  });

  test("batches repeat the header and number rows as in the whole file", () => {
    const text = "name\n" + Array.from({ length: 7 }, (_, i) => `c${i}`).join("\n");
    const parts = batches(text, 3);
    expect(parts.map((b) => [b.offset, b.size])).toEqual([
      [0, 3],
      [3, 3],
      [6, 1],
    ]);
    expect(parts[1].body).toBe("name\nc3\nc4\nc5\n");
    // The API numbers a batch's first data row 2 (the header is 1): in the file it is row 5.
    expect(fileRow(2, parts[1])).toBe(5);
  });

  test("a header alone makes no batch", () => {
    expect(batches("name,tiktok\n", 50)).toEqual([]);
  });
});
