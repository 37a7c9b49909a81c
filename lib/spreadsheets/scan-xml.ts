/**
 * A small streaming XML scanner for the parts of a workbook: elements, their raw attribute text
 * and raw text, fed a chunk at a time. It is several times faster than a general SAX parser on
 * sheet XML (hundreds of thousands of `<c>` elements), which matters because a sheet is most of a
 * workbook upload's work. It understands no DTD: a document type declaration is refused outright
 * (`XmlDoctypeError`), so no entity can ever be declared, let alone expanded; only XML's five
 * predefined entities and character references are decoded (see `decodeXmlText`).
 */

export type XmlScanHandlers = {
  /** An element opens; `attributes` is its raw attribute text (decode values with `xmlAttribute`). */
  open: (name: string, attributes: string, selfClosing: boolean) => void;
  close: (name: string) => void;
  /** Raw text between tags, in pieces: join them, then `decodeXmlText`. CDATA arrives already escaped. */
  text: (raw: string) => void;
};

/** The part declares a document type (which is how entity-expansion attacks begin). */
export class XmlDoctypeError extends Error {}
/** The part is not XML this scanner can read (a tag that never ends, an unknown entity). */
export class XmlSyntaxError extends Error {}

/** Longest single tag (with its attributes) or comment accepted; a real workbook's are well under 1 KB. */
const MAX_TAG_CHARS = 1024 * 1024;

export type XmlScanner = { write: (chunk: string) => void; close: () => void };

export function createXmlScanner(handlers: XmlScanHandlers): XmlScanner {
  let pending = "";
  const { open, close, text } = handlers;

  function scan(input: string, final: boolean): string {
    let at = 0;
    const length = input.length;
    while (at < length) {
      const lt = input.indexOf("<", at);
      if (lt === -1) {
        text(input.slice(at));
        return "";
      }
      if (lt > at) text(input.slice(at, lt));
      at = lt;
      const next = input.charCodeAt(at + 1);
      if (next === 33 /* ! */) {
        if (input.startsWith("<!--", at)) {
          const end = input.indexOf("-->", at + 4);
          if (end === -1) return keep(input, at, final);
          at = end + 3;
          continue;
        }
        if (input.startsWith("<![CDATA[", at)) {
          const end = input.indexOf("]]>", at + 9);
          if (end === -1) return keep(input, at, final);
          text(
            input
              .slice(at + 9, end)
              .replace(/&/g, "&amp;")
              .replace(/</g, "&lt;"),
          );
          at = end + 3;
          continue;
        }
        if (at + 9 > length && !final) return input.slice(at);
        if (input.slice(at + 2, at + 9).toUpperCase() === "DOCTYPE")
          throw new XmlDoctypeError("document type declaration");
        throw new XmlSyntaxError("unknown markup declaration");
      }
      if (next === 63 /* ? */) {
        const end = input.indexOf("?>", at + 2);
        if (end === -1) return keep(input, at, final);
        at = end + 2;
        continue;
      }
      // A tag: its end is the first ">" outside a quoted attribute value.
      let end = input.indexOf(">", at + 1);
      while (end !== -1 && unbalancedQuotes(input, at, end)) end = input.indexOf(">", end + 1);
      if (end === -1) return keep(input, at, final);
      if (next === 47 /* / */) {
        close(input.slice(at + 2, end).trim());
      } else {
        const selfClosing = input.charCodeAt(end - 1) === 47;
        const inner = selfClosing ? input.slice(at + 1, end - 1) : input.slice(at + 1, end);
        let nameEnd = 0;
        while (nameEnd < inner.length) {
          const c = inner.charCodeAt(nameEnd);
          if (c === 32 || c === 9 || c === 10 || c === 13) break;
          nameEnd++;
        }
        const name = inner.slice(0, nameEnd);
        open(name, inner.slice(nameEnd), selfClosing);
        if (selfClosing) close(name);
      }
      at = end + 1;
    }
    return "";
  }

  function keep(input: string, from: number, final: boolean): string {
    if (final || input.length - from > MAX_TAG_CHARS) throw new XmlSyntaxError("a tag or comment never ends");
    return input.slice(from);
  }

  return {
    write(chunk) {
      pending = scan(pending === "" ? chunk : pending + chunk, false);
    },
    close() {
      if (pending !== "") pending = scan(pending, true);
    },
  };
}

/** Whether a ">" at `to` sits inside a quoted attribute value of the tag starting at `from`. */
function unbalancedQuotes(input: string, from: number, to: number): boolean {
  let quote = 0;
  for (let i = from; i < to; i++) {
    const c = input.charCodeAt(i);
    if (quote === 0) {
      if (c === 34 || c === 39) quote = c;
    } else if (c === quote) quote = 0;
  }
  return quote !== 0;
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Text with XML's predefined entities and character references decoded. */
export function decodeXmlText(raw: string): string {
  if (raw.indexOf("&") === -1) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, (whole, entity: string) => {
    if (entity.charCodeAt(0) === 35) {
      const code = entity.charCodeAt(1) === 120 ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    const named = NAMED[entity];
    if (named === undefined) throw new XmlSyntaxError(`unknown entity &${entity};`);
    return named;
  });
}

/** One attribute's decoded value from a tag's raw attribute text, or undefined. */
export function xmlAttribute(attributes: string, name: string): string | undefined {
  let from = 0;
  for (;;) {
    const found = attributes.indexOf(name, from);
    if (found === -1) return undefined;
    const before = found === 0 ? 32 : attributes.charCodeAt(found - 1);
    let at = found + name.length;
    while (attributes.charCodeAt(at) === 32) at++;
    if ((before === 32 || before === 9 || before === 10 || before === 13) && attributes.charCodeAt(at) === 61 /* = */) {
      at++;
      while (attributes.charCodeAt(at) === 32) at++;
      const quote = attributes.charCodeAt(at);
      if (quote !== 34 && quote !== 39) return undefined;
      const end = attributes.indexOf(quote === 34 ? '"' : "'", at + 1);
      if (end === -1) return undefined;
      return decodeXmlText(attributes.slice(at + 1, end));
    }
    from = found + name.length;
  }
}

/** An element's name without its namespace prefix ("x:row" → "row"). */
export function localXmlName(name: string): string {
  const colon = name.indexOf(":");
  return colon === -1 ? name : name.slice(colon + 1);
}
