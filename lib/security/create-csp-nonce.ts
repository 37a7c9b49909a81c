/** 128 random bits, base64: unguessable, and valid in a CSP 'nonce-…' source. */
export function createCspNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
