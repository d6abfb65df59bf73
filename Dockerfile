# syntax=docker/dockerfile:1
# Build stage: install everything, typecheck and build (`npm run build`: a broken tree never becomes an image).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY bin ./bin
COPY src ./src
COPY adapters ./adapters
RUN npm run build

# Runtime stage: the compiled build (dist/) with production dependencies only, non-root.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    STEWARD_DATA_DIR=/data \
    STEWARD_HTTP_HOST=0.0.0.0 \
    STEWARD_HTTP_PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
COPY migrations ./migrations
COPY assets ./assets
RUN mkdir -p /data && chown -R node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# Migrations are applied at start (under an advisory lock, so replicas can start together).
CMD ["node", "bin/steward.js", "start"]
