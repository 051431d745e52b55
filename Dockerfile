# syntax=docker/dockerfile:1
#
# One image for every role: `--role api`, `--role worker` or `--role all` (the default).
#   docker build -t signin-triage .
#   docker run --env-file .env -p 127.0.0.1:3000:3000 signin-triage --role api
# NODE_ENV=production (below): .env must hold the secrets (start-up names any missing one) and
# ADMIN_USER + ADMIN_PASSWORD, or /metrics answers 401 to everyone. Publish on 127.0.0.1 and put
# a TLS reverse proxy in front; the healthcheck below needs no credentials (/healthz).
# The server is TypeScript run by tsx (a production dependency), so it has no build step and the
# image holds exactly the sources the tests ran against. The sidebar app is the exception: the
# server serves its page at /app/sidebar (Zendesk signed URLs), so its generated assets (main.js,
# the bundled ZAF SDK, logos) are built in the `app` stage and copied into the image.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- deps: production node_modules only --------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: nothing in the production tree needs an install script (esbuild and msgpackr
# take prebuilt binaries from optional dependencies), and skipping them matches npm 11's default.
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

# --- runtime -----------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    DOTENV_CONFIG_QUIET=true \
    PORT=3000 \
    HOST=0.0.0.0
WORKDIR /app

# Root owns the code and node_modules; the `node` user (uid 1000, from the base image) can read
# but not modify them. tsx keeps its compile cache in /tmp, which stays writable.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY worker ./worker
# What /app/sidebar serves (src/runtime/start-service.ts reads app/assets next to src/).
COPY --from=app /app/app/assets ./app/assets

USER node
EXPOSE 3000

# Liveness of the HTTP server (api and all roles); docker-compose.yml points the api at /readyz.
# The slim image has no curl, so node's own fetch does the probe.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

ENTRYPOINT ["node", "--import", "tsx", "src/main.ts"]
CMD ["--role", "all"]
