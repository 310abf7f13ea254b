# sod-emulator: the same steps CI runs (npm ci builds the native addon and the TypeScript), in two stages.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY scripts ./scripts
RUN npm ci
# Generate the default seed image once at build time, so containers start fast.
COPY seeds ./seeds
RUN node dist/cli/main.js info --in-memory > /dev/null && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    SOD_HOST=0.0.0.0 \
    SOD_PORT=5080 \
    SOD_DATA=/data
# Set SOD_PUBLIC_URL to the URL both the browser and the app container use, e.g. http://sod.localhost:5080
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/seeds ./seeds
COPY certs/README.md ./certs/README.md
RUN mkdir -p /data && chown node:node /data && chown -R node:node /app/node_modules/.cache
USER node
VOLUME ["/data"]
EXPOSE 5080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.SOD_PORT||5080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/cli/main.js", "start"]
