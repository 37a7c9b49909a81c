import { clipValue } from "@/lib/csv/file-problem";

// Scripts a letter in an email is likely to come from. Letters of any other script are left out of
// the comparison rather than guessed at, so a rare script never causes a false warning.
const SCRIPTS = [
  "Latin",
  "Cyrillic",
  "Greek",
  "Armenian",
  "Georgian",
  "Hebrew",
  "Arabic",
  "Syriac",
  "Thaana",
  "Devanagari",
  "Bengali",
  "Gurmukhi",
  "Gujarati",
  "Oriya",
  "Tamil",
  "Telugu",
  "Kannada",
  "Malayalam",
  "Sinhala",
  "Thai",
  "Lao",
  "Tibetan",
  "Myanmar",
  "Khmer",
  "Mongolian",
  "Ethiopic",
  "Cherokee",
  "Han",
  "Hiragana",
  "Katakana",
  "Bopomofo",
  "Hangul",
].map((name) => ({ name, pattern: new RegExp(`^\\p{Script=${name}}$`, "u") }));

// Japanese writes Han, Hiragana and Katakana side by side, Chinese adds Bopomofo and Korean mixes
// Hangul with Han: together they are one writing system, not a mix worth a warning.
const EAST_ASIAN = new Set(["Han", "Hiragana", "Katakana", "Bopomofo", "Hangul"]);
const family = (script: string) => (EAST_ASIAN.has(script) ? "East Asian" : script);

// Letters that render (nearly) identically in Latin and Cyrillic or Greek, the usual way a wrong
// address slips past the eye.
const LOOKALIKES = [
  // Latin and Cyrillic
  "aа eе oо pр cс yу xх sѕ iі jј dԁ hһ lӏ qԛ wԝ AА BВ EЕ KК MМ HН OО PР CС TТ XХ YУ IІ JЈ SЅ",
  // Latin and Greek
  "aα oο vν pρ iι kκ uυ AΑ BΒ EΕ ZΖ HΗ IΙ KΚ MΜ NΝ OΟ PΡ TΤ YΥ XΧ",
]
  .join(" ")
  .split(" ")
  .map((pair) => Array.from(pair) as [latin: string, other: string]);

function lookalikeIn(char: string, script: string): string | null {
  for (const [latin, other] of LOOKALIKES) {
    if (char === other && script === "Latin") return latin;
    if (char === latin && scriptOf(other) === script) return other;
  }
  return null;
}

function scriptOf(char: string): string | null {
  if (char.charCodeAt(0) < 0x80) return /[a-z]/i.test(char) ? "Latin" : null;
  if (!/\p{L}/u.test(char)) return null;
  return SCRIPTS.find(({ pattern }) => pattern.test(char))?.name ?? null;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13 ? "th" : (({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th");
  return `${n}${suffix}`;
}

const listNames = (names: string[]) =>
  names.length <= 2 ? names.join(" and ") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;

type Letter = { char: string; position: number; script: string };

/**
 * Describes an email whose local part, or one label of whose domain, mixes letters of different
 * scripts (such as a Cyrillic "а" among Latin letters), naming the first letter that stands out and
 * where it is; null when each part is written in one script. Digits and punctuation do not count,
 * and a wholly non-Latin address (Cyrillic, Greek, Chinese) is not a mix. `email` is the address as
 * the person typed it, so positions match what they see.
 */
export function describeMixedScriptEmail(email: string): string | null {
  // Nearly every address is plain ASCII, and ASCII letters are all Latin.
  if (/^[\x00-\x7f]*$/.test(email)) return null;

  const chars = Array.from(email);
  const at = chars.lastIndexOf("@");
  // The local part is one name; each domain label is registered on its own (IDN rules are per label).
  const parts: Letter[][] = [[]];
  chars.forEach((char, index) => {
    if (index === at || (index > at && at !== -1 && /[.。．｡]/u.test(char))) {
      parts.push([]);
      return;
    }
    const script = scriptOf(char);
    if (script !== null) parts[parts.length - 1].push({ char, position: index + 1, script });
  });

  let named: { base: string; odd: Letter[]; scripts: string[] } | null = null;
  let oddCount = 0;
  for (const letters of parts) {
    const counts = new Map<string, number>();
    for (const { script } of letters) counts.set(family(script), (counts.get(family(script)) ?? 0) + 1);
    if (counts.size < 2) continue;
    // The script most of the part is written in is the intended one; on a tie Latin is, since
    // lookalikes are usually slipped into Latin addresses.
    let base = "";
    for (const [name, count] of counts) {
      const best = counts.get(base) ?? 0;
      if (count > best || (count === best && name === "Latin")) base = name;
    }
    const odd = letters.filter((letter) => family(letter.script) !== base);
    oddCount += odd.length;
    if (named === null) {
      const baseName = base === "East Asian" ? letters.find((letter) => family(letter.script) === base)!.script : base;
      named = { base: baseName, odd, scripts: [baseName, ...new Set(odd.map((letter) => letter.script))] };
    }
  }
  if (named === null) return null;

  const { char, position, script } = named.odd[0];
  const codePoint = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  const lookalike = lookalikeIn(char, named.base);
  const looks = lookalike === null ? "" : `, although it looks like a ${named.base} "${lookalike}"`;
  const more = oddCount - 1;
  const others = more === 0 ? "" : ` ${more} more ${more === 1 ? "letter stands" : "letters stand"} out the same way.`;
  return `"${clipValue(email, 60)}" mixes ${listNames(named.scripts)} letters: the ${ordinal(position)} character "${char}" is ${script} (${codePoint})${looks}.${others}`;
}
