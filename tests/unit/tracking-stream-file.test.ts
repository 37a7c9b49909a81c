import { describe, expect, it } from "vitest";
import { readTrackingFile, streamTrackingFile, type TrackingFileRow } from "@/lib/tracking/read-tracking-file";

const encode = (text: string) => new TextEncoder().encode(text);

async function streamRows(bytes: Uint8Array, sliceChars: number) {
  const rows: TrackingFileRow[] = [];
  const progress: [number, number][] = [];
  const file = await streamTrackingFile(bytes, "t.csv", (row) => rows.push(row), async (read, total) => void progress.push([read, total]), sliceChars);
  return { file, rows, progress };
}

/** Streams `bytes` and expects exactly what readTrackingFile reads from them. */
async function expectSameAsWhole(bytes: Uint8Array, sliceChars: number) {
  const whole = readTrackingFile(bytes, "t.csv");
  const streamed = await streamRows(bytes, sliceChars);
  if (!whole.ok) {
    expect(streamed.file).toEqual(whole);
    return streamed;
  }
  const { rows, ...verdict } = whole;
  expect(streamed.rows).toEqual(rows);
  expect(streamed.file).toEqual({ ...verdict, rowCount: rows.length });
  return streamed;
}

const HEADER = "Backer Number,Email,Name,Tracking Number\r\n";

describe("streamTrackingFile", () => {
  it("gives the rows, row numbers and verdict of readTrackingFile, a slice at a time", async () => {
    const lines = [HEADER.trimEnd()];
    for (let n = 1; n <= 400; n++) {
      const name = n % 7 === 0 ? `"Name, with comma and ""quotes""\nover two lines"` : `Backer ${n}`;
      lines.push(n % 50 === 0 ? "" : `${n},backer${n}@example.com,${name},1Z${String(n).padStart(16, "0")}`);
    }
    const text = `\uFEFF${lines.join("\r\n")}\r\n\r\n`;
    const { progress } = await expectSameAsWhole(encode(text), 500);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toEqual([progress[0][1], progress[0][1]]);
  });

  it("reports parse problems with the file's row numbers, as a whole read does", async () => {
    await expectSameAsWhole(encode(`${HEADER}1,a@x.org,Ada,1Z1\r\n2,b@x.org\r\n3,c@x.org,Cy,1Z3,extra\r\n4,d@x.org,Di,1Z4\r\n`), 10);
    await expectSameAsWhole(encode(`${HEADER}1,a@x.org,"Ada,1Z1\r\n2,b@x.org,Bo,1Z2\r\n`), 10);
    await expectSameAsWhole(encode("sep=;\nBacker Number;Tracking Number\n1;1Z1\n"), 1);
    await expectSameAsWhole(encode("Backer Number,Email\n1,a@x.org\n"), 1);
    await expectSameAsWhole(encode(""), 1);
  });

  // Several mebibytes: the text is decoded and parsed in pieces, and multi-byte characters and
  // quoted cells with line breaks fall across the pieces' edges somewhere.
  it("reads a file of many pieces, in UTF-8 and UTF-16, with progress up to the file's size", async () => {
    const lines = [HEADER.trimEnd()];
    for (let n = 1; n <= 40_000; n++) {
      const name = n % 11 === 0 ? `"Zoë Ångström, ""Jr.""\r\nsecond line"` : `Renée Müller-Ødegård ${n}`;
      lines.push(n % 997 === 0 ? "" : `${n},backer${n}@example.com,${name},1Z${String(n).padStart(16, "0")}`);
    }
    const text = `${lines.join("\r\n")}\r\n`;
    const utf8 = new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]));
    const utf16 = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    for (const bytes of [utf8, utf16]) {
      expect(bytes.length).toBeGreaterThan(3 * 1024 * 1024);
      const { rows, progress } = await expectSameAsWhole(bytes, 256 * 1024);
      expect(rows).toHaveLength(40_000 - 40);
      expect(rows[10]).toMatchObject({ row: 12, backerNumber: "11", trackingNumber: "1Z0000000000000011" });
      const read = progress.map(([done]) => done);
      expect(read).toEqual([...read].sort((a, b) => a - b));
      expect(new Set(read).size).toBeGreaterThan(2);
      expect(progress.at(-1)).toEqual([bytes.length, bytes.length]);
    }
  });
});
