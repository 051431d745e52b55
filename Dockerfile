# syntax=docker/dockerfile:1
#
# One image for every role: `--role api`, `--role worker` or `--role all` (the default).
#   docker build -t signin-triage .
#   docker run --env-file .env -p 127.0.0.1:3000:3000 signin-triage --role api
# NODE_ENV=production (below): .env must hold the secrets (start-up names any missing one) and
# ADMIN_USER + ADMIN_PASSWORD, or /metrics answers 401 to everyone. Publish on 127.0.0.1 and put
# a TLS reverse proxy in front; the healthcheck below needs no credentials (/healthz).
# The server is compiled once, in the `build` stage (`npm run build`: esbuild to dist/), and the image
# runs plain `node dist/src/main.js`: no TypeScript loader at start, and tsx/esbuild/typescript are
# devDependencies that never reach it. The sidebar's generated main.js is built in the `app` stage
# and lands with the committed page, style and logos in dist/app/assets, where the compiled server
# reads them (the server serves them at /app/sidebar; the ZAF SDK comes from Zendesk's asset host).

ARG NODE_IMAGE=node:20-bookworm-slim

# --- deps: production node_modules only --------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: nothing in the production tree needs an install script (msgpackr takes its
# prebuilt binary from an optional dependency). package.json's allowScripts says the same for
# npm 11, which still runs unlisted scripts (it warns) and only skips those listed as false.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# --- app: the sidebar's generated asset (npm run app:build: esbuild → app/assets/main.js) ---------
FROM ${NODE_IMAGE} AS app
WORKDIR /app
COPY package.json package-lock.json ./
# The full tree: esbuild is a devDependency. Nothing of it reaches the image. (The ZAF SDK is
# loaded from Zendesk's asset host; the logos are committed in app/assets.)
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund
COPY scripts/build-app.ts ./scripts/build-app.ts
COPY scripts/lib ./scripts/lib
COPY app ./app
RUN npm run app:build

# --- build: the server compiled to JavaScript (npm run build: tsc + the files read at run time) --
FROM app AS build
COPY tsconfig.json ./
COPY scripts/build.ts ./scripts/build.ts
COPY src ./src
COPY worker ./worker
RUN npm run build

# --- runtime -----------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    DOTENV_CONFIG_QUIET=true \
    PORT=3000 \
    HOST=0.0.0.0
WORKDIR /app

# Root owns the code and node_modules; the `node` user (uid 1000, from the base image) can read
# but not modify them. No sources: bin/signin-triage.js (the CLI, e.g. zendesk:install) then
# runs the compiled build too.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY bin ./bin
# The compiled service with the playbook, model and sidebar assets it reads (dist/app/assets).
COPY --from=build /app/dist ./dist

USER node
EXPOSE 3000

# Liveness of the HTTP server (api and all roles); docker-compose.yml points the api at /readyz.
# The slim image has no curl, so node's own fetch does the probe.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

ENTRYPOINT ["node", "dist/src/main.js"]
CMD ["--role", "all"]
