# realtime-relay container image (first version; the container issue completes it).
# Build:  docker build -t realtime-relay .
# Run:    docker run --rm -p 8080:8080 realtime-relay serve --simulator

FROM swift:6.2-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libssl-dev zlib1g-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product realtime-relay --static-swift-stdlib \
    && install -D .build/release/realtime-relay /out/realtime-relay

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libssl3 zlib1g ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app relay
WORKDIR /app
COPY --from=build /out/realtime-relay /usr/local/bin/realtime-relay
COPY Public ./Public
USER relay
ENV PORT=8080 RELAY_LOG_FORMAT=json
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s CMD ["realtime-relay", "healthcheck"]
# SIGTERM drains: /readyz turns 503, requests in flight finish, exit 0 within --drain-timeout.
STOPSIGNAL SIGTERM
ENTRYPOINT ["realtime-relay"]
CMD ["serve"]
