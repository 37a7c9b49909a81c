import { config } from "zod";

// Zod compiles parsers with `new Function` after probing whether eval is allowed; under our CSP
// (no 'unsafe-eval' in production) the probe itself is reported as a violation. Its interpreted
// parsers are what it falls back to anyway.
config({ jitless: true });
