# sod-emulator: the same steps CI runs (npm ci builds the native addon and the TypeScript), in two stages.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY scripts ./scripts
RUN npm ci
# Generate the default seed image once at build time, so containers start fast. The runtime image gets
# production dependencies only, without better-sqlite3's sources and build intermediates (only the addon
# build/Release/better_sqlite3.node is loaded), and the seed cache apart, so it can be owned by node.
COPY seeds ./seeds
RUN node dist/cli/main.js info --in-memory > /dev/null && npm prune --omit=dev \
 && cd node_modules/better-sqlite3 && rm -rf deps src binding.gyp \
 && find build -mindepth 1 -maxdepth 1 ! -name Release -exec rm -rf {} + \
 && find build/Release -mindepth 1 -maxdepth 1 ! -name better_sqlite3.node -exec rm -rf {} + \
 && cd /app && mv node_modules/.cache /app/seed-cache && find node_modules -depth -type d -empty -delete \
 && mkdir -p /app/empty

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    SOD_HOST=0.0.0.0 \
    SOD_PORT=5080 \
    SOD_DATA=/data
# SOD_PUBLIC_URL: the URL the browser uses (e.g. http://localhost:5080). An app container that reaches the
# emulator by a service name sets SOD_BACKCHANNEL=dynamic and SOD_ALLOWED_HOSTS=<service name> (README, Docker).
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/seed-cache ./node_modules/.cache
COPY --from=build /app/dist ./dist
COPY --from=build /app/seeds ./seeds
COPY certs/README.md ./certs/README.md
# An empty /data owned by node: a named volume copies it (and its owner) on first use.
COPY --from=build --chown=node:node /app/empty /data
USER node
VOLUME ["/data"]
EXPOSE 5080
# Probed every second while starting (Compose's service_healthy passes as soon as /health answers), then every 30 s.
# No --start-interval: Docker Engine 24 and podman 4 (Debian 12) refuse to build with it. A 5 s interval
# gets Compose's service_healthy within seconds of ready; a Compose file may add start_interval itself.
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.SOD_PORT||5080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/cli/main.js", "start"]
