import { describe, expect, it } from "vitest";
import { readTrackingFile, streamTrackingFile, type TrackingFileRow } from "@/lib/tracking/read-tracking-file";
import { sliceCsvRecords } from "@/lib/tracking/slice-csv-records";

const encode = (text: string) => new TextEncoder().encode(text);

async function streamRows(text: string, sliceChars: number) {
  const rows: TrackingFileRow[] = [];
  let turns = 0;
  const file = await streamTrackingFile(encode(text), "t.csv", (row) => rows.push(row), async () => void turns++, sliceChars);
  return { file, rows, turns };
}

const HEADER = "Backer Number,Email,Name,Tracking Number\r\n";

describe("sliceCsvRecords", () => {
  it("cuts only at line feeds outside quotes and counts the records before each slice", () => {
    const text = `${HEADER}1,a@x.org,"Ada\r\nLovelace",1Z1\r\n\r\n2,b@x.org,"Say ""hi""",1Z2\r\n3,c@x.org,Cy,1Z3\r\n`;
    const sliced = sliceCsvRecords(text, 5)!;
    expect(sliced.header).toBe(HEADER);
    const slices = [...sliced.slices];
    expect(slices.map((slice) => slice.text)).toEqual([
      '1,a@x.org,"Ada\r\nLovelace",1Z1\r\n',
      "\r\n2,b@x.org,\"Say \"\"hi\"\"\",1Z2\r\n",
      "3,c@x.org,Cy,1Z3\r\n",
    ]);
    expect(slices.map((slice) => slice.recordsBefore)).toEqual([1, 2, 4]);
    expect(slices.map((slice) => slice.text).join("")).toBe(text.slice(HEADER.length));
  });

  it("leaves text it cannot cut safely to a whole parse", () => {
    expect(sliceCsvRecords("sep=;\nBacker Number;Tracking Number\n1;1Z1\n", 1)).toBeNull();
    expect(sliceCsvRecords("\nBacker Number,Tracking Number\n1,1Z1\n", 1)).toBeNull();
    expect(sliceCsvRecords("Backer Number,Tracking Number", 1)).toBeNull();
  });
});

describe("streamTrackingFile", () => {
  it("gives the rows, row numbers and verdict of readTrackingFile, a slice at a time", async () => {
    const lines = [HEADER.trimEnd()];
    for (let n = 1; n <= 400; n++) {
      const name = n % 7 === 0 ? `"Name, with comma and ""quotes""\nover two lines"` : `Backer ${n}`;
      lines.push(n % 50 === 0 ? "" : `${n},backer${n}@example.com,${name},1Z${String(n).padStart(16, "0")}`);
    }
    const text = `\uFEFF${lines.join("\r\n")}\r\n\r\n`;
    const whole = readTrackingFile(encode(text), "t.csv");
    if (!whole.ok) throw new Error("unreadable");
    const { file, rows, turns } = await streamRows(text, 500);
    expect(turns).toBeGreaterThan(10);
    expect(rows).toEqual(whole.rows);
    expect(file).toMatchObject({ ok: true, headers: whole.headers, columns: whole.columns, rowCount: whole.rows.length, problems: whole.problems });
  });

  it("asks for a whole parse when a slice has problems, so messages keep the file's row numbers", async () => {
    const text = `${HEADER}1,a@x.org,Ada,1Z1\r\n2,b@x.org\r\n3,c@x.org,Cy,1Z3\r\n4,d@x.org,Di,1Z4\r\n`;
    expect((await streamRows(text, 10)).file).toBeNull();
    expect((await streamRows(`${HEADER}1,a@x.org,Ada,1Z1\r\n`, 1 << 20)).file).toBeNull();
  });
});
