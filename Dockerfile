# Pledgehouse: one image for the web process, the mail worker and the migrator. A thin wrapper over
# the project's own scripts (`npm run build` makes the bundle; CI runs that bundle without Docker in
# tests/production/check-production-bundle.ts), so what is tested is what ships.

# --- build: the whole toolchain, thrown away afterwards -------------------------------------------
FROM node:24-slim AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
# The schema first: `npm install` runs `prisma generate` (postinstall).
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma/schema.prisma prisma/schema.prisma
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build

# --- runtime: node and the bundle, nothing else ---------------------------------------------------
FROM node:24-slim AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# The bundle: web.mjs, worker.mjs, prisma/migrate.mjs, prisma/migrations, .next, traced node_modules.
COPY --from=build --chown=node:node /src/.next/standalone ./
# The image's own `node` user (uid 1000): nothing runs as root.
USER node
EXPOSE 3000
# Liveness of the web process; the worker's service overrides it (see docker-compose.yml).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "web.mjs"]
