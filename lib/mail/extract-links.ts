const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/g;
// Sentence punctuation right after a link in prose belongs to the sentence, not the URL.
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

/** The distinct http(s) links in a plain-text email, in order of appearance. */
export function extractLinks(text: string): string[] {
  const links: string[] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    let link = match[0].replace(TRAILING_PUNCTUATION, "");
    // Keep a closing parenthesis that closes one inside the URL (Wikipedia-style links).
    const opened = (match[0].match(/\(/g) ?? []).length;
    if (opened > (link.match(/\)/g) ?? []).length && match[0].slice(link.length).startsWith(")")) link += ")";
    if (!links.includes(link)) links.push(link);
  }
  return links;
}
