# syntax=docker/dockerfile:1
# Gatehouse as a container: compiled with the dev toolchain, run on production dependencies only, as the
# image's non-root `node` user, its data (SQLite file, generated secret key) in the /app/data volume.
# compose.yaml runs it beside PostgreSQL 15. test/e2e/container.e2e-spec.ts checks this file.

ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
# sqlite3 compiles from source when no prebuilt binary fits the platform: python3, make, g++.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY prisma-free-schemas ./prisma-free-schemas
COPY libs ./libs
COPY apps ./apps
# Compile, then drop the dev dependencies (the compiled sqlite3 binding stays).
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=sqlite:/app/data/gatehouse.sqlite
WORKDIR /app
# The application files stay root-owned (read-only to the server); only the data folder is the node user's.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY openapi.yaml ./openapi.yaml
COPY scripts/healthcheck.js ./scripts/healthcheck.js
RUN mkdir -p /app/data \
 && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 3000
# Slim images have no curl: node itself asks GET /readyz (listening, database reachable, migrations applied).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["node", "scripts/healthcheck.js"]
# The start command of package.json's "main" (what `npm start` and the process tests run), without npm in
# between, so SIGTERM reaches the server and it drains.
CMD ["node", "dist/apps/gatehouse/src/main.js"]
