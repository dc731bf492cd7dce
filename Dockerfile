# syntax=docker/dockerfile:1
# One image for both processes of the workshop. The app runs by default; the finance package is
# the same image with its own command:  docker run … node --enable-source-maps dist/finance-stub/main.js
# (or build it as the default with --build-arg PROCESS=finance-stub).
#
#   docker build --platform linux/amd64 --target production --build-arg BUILD_COMMIT=$(git rev-parse HEAD) -t order-processing .
#   docker build --platform linux/amd64 --target development -t order-processing:dev .
#
# --platform linux/amd64 because that is what App Service runs: on a Mac with Apple silicon, Docker
# would otherwise build an arm64 image, which App Service cannot start.

# Node 26 is the active LTS (24 and 22, in maintenance, work too: --build-arg NODE_VERSION=24), on
# Debian 13 (trixie), the current Debian.
ARG NODE_VERSION=26

# --- build: compile TypeScript (dev dependencies; nothing native to compile: SQLite is node:sqlite) ---
FROM node:${NODE_VERSION}-trixie-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY app ./app
COPY platform ./platform
COPY finance-stub ./finance-stub
COPY local-insights ./local-insights
COPY scenarios ./scenarios
COPY scripts ./scripts
# scripts/progress.ts (npm run progress) imports it: the build compiles every script.
COPY progress ./progress
RUN npm run build

# --- production: compiled JavaScript and production dependencies only, as a non-root user ---
FROM node:${NODE_VERSION}-trixie-slim AS production
ARG BUILD_COMMIT=""
ARG PROCESS=app
ENV NODE_ENV=production \
    BUILD_COMMIT=${BUILD_COMMIT} \
    PROCESS=${PROCESS} \
    PORT=8080 \
    DATABASE_FILE=/home/data/orders.db
WORKDIR /srv/order-processing
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY views ./views
COPY public ./public
RUN mkdir -p /home/data && chown node:node /home/data
USER node
EXPOSE 8080
CMD ["sh", "-c", "exec node --enable-source-maps dist/${PROCESS}/main.js"]

# --- development: the full toolchain and the whole repository (less .dockerignore), for working
# inside a container; whatever the repository holds, so it builds from a learner's copy too ---
FROM build AS development
ENV NODE_ENV=development
COPY . .
CMD ["npm", "start"]
