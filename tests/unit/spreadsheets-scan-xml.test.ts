import { describe, expect, it } from "vitest";
import {
  createXmlScanner,
  decodeXmlText,
  xmlAttribute,
  XmlDoctypeError,
  XmlSyntaxError,
} from "@/lib/spreadsheets/scan-xml";

/** Scans `xml` fed in pieces of `size` characters, and lists what it saw. */
function scan(xml: string, size = xml.length): string[] {
  const seen: string[] = [];
  let text = "";
  const flush = () => {
    if (text !== "") seen.push(`text:${decodeXmlText(text)}`);
    text = "";
  };
  const scanner = createXmlScanner({
    open(name, attributes, selfClosing) {
      flush();
      seen.push(`open:${name}${attributes}${selfClosing ? "/" : ""}`);
    },
    close(name) {
      flush();
      seen.push(`close:${name}`);
    },
    text(raw) {
      text += raw;
    },
  });
  for (let at = 0; at < xml.length; at += size) scanner.write(xml.slice(at, at + size));
  scanner.close();
  flush();
  return seen;
}

const SAMPLE = `<?xml version="1.0"?><!-- saved by Excel --><x:row r="2" spans="1:3"><c r="A2" t="inlineStr"><is><t>Fish &amp; Chips &#x1F41F; &lt;b&gt;</t></is></c><c r="B2" t="s" s="3"/><c r='C2' note="a>b"><v><![CDATA[1 < 2 & 3]]></v></c></x:row>`;

describe("the workbook XML scanner", () => {
  it("reads elements, attributes, entities, CDATA and comments the same whatever the chunk size", () => {
    const whole = scan(SAMPLE);
    expect(whole).toEqual([
      'open:x:row r="2" spans="1:3"',
      'open:c r="A2" t="inlineStr"',
      "open:is",
      "open:t",
      "text:Fish & Chips 🐟 <b>",
      "close:t",
      "close:is",
      "close:c",
      'open:c r="B2" t="s" s="3"/',
      "close:c",
      `open:c r='C2' note="a>b"`,
      "open:v",
      "text:1 < 2 & 3",
      "close:v",
      "close:c",
      "close:x:row",
    ]);
    for (const size of [1, 2, 3, 7, 16]) expect(scan(SAMPLE, size)).toEqual(whole);
  });

  it("reads attribute values by name, decoded", () => {
    expect(xmlAttribute(' name="Fish &amp; Chips" r:id="rId1" id="x"', "id")).toBe("x");
    expect(xmlAttribute(' name="Fish &amp; Chips"', "name")).toBe("Fish & Chips");
    expect(xmlAttribute(" r = 'B7'", "r")).toBe("B7");
    expect(xmlAttribute(' rr="1"', "r")).toBeUndefined();
  });

  it("refuses a document type declaration, even split across chunks, and unknown entities", () => {
    const laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><sst><si><t>&lol;</t></si></sst>';
    for (const size of [1, 5, laughs.length]) expect(() => scan(laughs, size)).toThrow(XmlDoctypeError);
    expect(() => decodeXmlText("&lol;")).toThrow(XmlSyntaxError);
    expect(() => scan("<row><c")).toThrow(XmlSyntaxError);
  });
});
