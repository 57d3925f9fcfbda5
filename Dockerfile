# syntax=docker/dockerfile:1
#
# Countersign's console and worker, started exactly as `npm start` starts them (scripts/start.ts),
# against your PostgreSQL (DATABASE_URL, DATABASE_MIGRATION_URL) and your identity provider (OIDC_*).
# The container runs as an unprivileged user and needs no writable file other than /data (a volume),
# /tmp and /app/.next/cache (tmpfs), so it can run with a read-only root file system: compose.yaml
# shows how, and the README's "Container" section lists the settings.

ARG NODE_IMAGE=node:20-bookworm-slim

# Everything, dev dependencies included, to build the console.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
# The workspaces (the agents' SDK and MCP server) are type-checked with the rest, so they install too.
COPY packages ./packages
RUN npm ci --no-audit --no-fund
COPY . .
# Built through the launcher's own check, which stamps the build with the hash of its sources: the
# start below finds the stamp current and never rebuilds (it could not, on a read-only file system).
RUN node node_modules/tsx/dist/cli.mjs --eval 'import("./scripts/lib/production-build.ts").then((m) => m.ensureProductionBuild(console.log))' \
 && test -f .next/countersign-build.sha256

# Runtime dependencies only.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# The console runs none of the workspaces (they are for agents), so only the root's dependencies.
RUN npm ci --omit=dev --workspaces=false --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    COUNTERSIGN_DATA_DIR=/data
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/.next ./.next
# The sources the launcher, worker and CLI run through tsx, and that the build stamp was taken over.
COPY package.json package-lock.json next.config.js proxy.ts instrumentation.ts postcss.config.mjs tsconfig.json ./
COPY app ./app
COPY components ./components
COPY lib ./lib
COPY db ./db
COPY scripts ./scripts
# /data keeps secrets the launcher generates for settings not given (one replica only; replicas must
# share AUTH_SECRET, MASKING_KEY and SIGNING_KEY from the environment). Next.js caches under .next/cache.
RUN mkdir -p /data .next/cache && chown node:node /data .next/cache
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `npm start` without npm: signals reach the launcher directly, and npm writes no log into a
# read-only home. The launcher stops the console and worker on SIGTERM.
CMD ["node", "node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "scripts/start.ts"]
