# syntax=docker/dockerfile:1
# One image for both processes of the workshop. The app runs by default; the finance package is
# the same image with its own command:  docker run … node --enable-source-maps dist/finance-stub/main.js
# (or build it as the default with --build-arg PROCESS=finance-stub).
#
#   docker build --target production --build-arg BUILD_COMMIT=$(git rev-parse HEAD) -t order-processing .
#   docker build --target development -t order-processing:dev .

ARG NODE_VERSION=22

# --- build: compile TypeScript (dev dependencies, native build tools for better-sqlite3) ---
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY app ./app
COPY finance-stub ./finance-stub
COPY local-insights ./local-insights
COPY scenarios ./scenarios
COPY scripts ./scripts
RUN npm run build

# --- production: compiled JavaScript and production dependencies only, as a non-root user ---
FROM node:${NODE_VERSION}-bookworm-slim AS production
ARG BUILD_COMMIT=""
ARG PROCESS=app
ENV NODE_ENV=production \
    BUILD_COMMIT=${BUILD_COMMIT} \
    PROCESS=${PROCESS} \
    PORT=8080 \
    DATABASE_FILE=/home/data/orders.db
WORKDIR /srv/order-processing
COPY package.json package-lock.json ./
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
    && npm ci --omit=dev --no-audit --no-fund \
    && npm cache clean --force \
    && apt-get purge -y python3 make g++ && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
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
