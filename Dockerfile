# realtime-relay container image.
#
#   docker build -t realtime-relay .
#   docker run --rm -p 8080:8080 realtime-relay serve --simulator           # try it: no Azure account needed
#   docker run --rm -p 8080:8080 -v relay-logs:/app/logs \
#       -e AZURE_OPENAI_ENDPOINT=https://NAME.openai.azure.com -e AZURE_OPENAI_API_KEY=... realtime-relay
#
# Two stages: the official Swift image builds a release binary with the Swift runtime linked in
# (--static-swift-stdlib), and a slim Debian runtime carries only that binary, Public/ and the shared libraries it
# needs. `.ci/container-checks.sh` proves the runtime side without a Docker engine: it builds the same binary,
# checks what it links, runs it with an empty environment, and carries out this file's runtime stage in a
# debootstrap'ed bookworm minbase root, where it runs the relay as the image would (user, workdir, env, read-only
# root with the log volume writable).
#
# Configuration is by environment variables (all listed below) or by arguments after the image name
# (`docker run IMAGE serve --simulator --max-sessions 50`; `realtime-relay serve --help` lists them).

ARG SWIFT_VERSION=6.3
FROM swift:${SWIFT_VERSION}-bookworm AS build
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update -q \
    && apt-get install -y -q --no-install-recommends libssl-dev zlib1g-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The manifest first, so the dependency checkout is a cached layer until Package.swift changes.
# Package.resolved is not copied (see .dockerignore): versions resolve from Package.swift's requirements.
COPY Package.swift ./
RUN swift package resolve
# Package.swift declares the test targets too, so their folders must exist for the manifest to load.
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product realtime-relay --static-swift-stdlib \
    && install -D -m 0755 .build/release/realtime-relay /out/realtime-relay

FROM debian:bookworm-slim
# What the binary links besides glibc: libssl.so.3 and libcrypto.so.3 (libssl3), libz.so.1 (zlib1g), and the C++
# runtime the statically linked Swift runtime uses (libstdc++6, libgcc-s1: already in the base image, named here
# so that stays true). ca-certificates is the trust store for wss:// to Azure and for Entra ID token endpoints.
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update -q \
    && apt-get install -y -q --no-install-recommends ca-certificates libssl3 zlib1g libstdc++6 libgcc-s1 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 relay \
    && useradd --system --uid 10001 --gid relay --home-dir /app --no-create-home --shell /usr/sbin/nologin relay \
    && mkdir -p /app/logs \
    && chown relay:relay /app/logs \
    && chmod 0700 /app/logs
COPY --from=build /out/realtime-relay /usr/local/bin/realtime-relay
# Owned by root and read-only for the relay: the page cannot be changed by the process that serves it.
COPY Public /app/Public
WORKDIR /app

# ---- Environment: every variable the relay reads -----------------------------------------------------------
# Set by this image:
#   PORT=8080                  the port `serve` listens on (and `healthcheck` probes) when --port is not given;
#                              platforms that assign a port (Container Apps, Cloud Run) set it. Keep it and
#                              EXPOSE in step: change the port with PORT, not --port, or HEALTHCHECK probes 8080.
#   RELAY_LOG_DIR=/app/logs    frame logs (--log-dir): one JSON Lines file per session, every frame both ways,
#                              including the users' audio. A volume; see VOLUME below.
#   RELAY_LOG_FORMAT=json      server log lines on stderr as JSON (--log-format; `text` for people).
# Upstream (Azure OpenAI); without --simulator, `serve` needs AZURE_OPENAI_ENDPOINT:
#   AZURE_OPENAI_ENDPOINT         https://NAME.openai.azure.com (http:// only for local tests)
#   AZURE_OPENAI_DEPLOYMENT_NAME  the realtime deployment (default gpt-realtime)
#   OPENAI_API_VERSION            unset: the GA protocol; set (e.g. 2025-04-01-preview): the preview protocol
#   AZURE_OPENAI_API_KEY          sent as api-key; when unset, a Microsoft Entra ID token is used instead
#   SSL_CERT_FILE, SSL_CERT_DIR   CA certificates to trust instead of the system store (OpenSSL's variables)
# Microsoft Entra ID, as Azure Identity's DefaultAzureCredential reads them (docs/upstream.md):
#   AZURE_TOKEN_CREDENTIALS       pin the chain: prod, dev, or one of EnvironmentCredential,
#                                 WorkloadIdentityCredential, ManagedIdentityCredential, AzureCliCredential,
#                                 AzureDeveloperCliCredential (in a container: the one you mean, for clear errors)
#   AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET        service principal with a secret, or with
#   AZURE_CLIENT_CERTIFICATE_PATH, AZURE_CLIENT_CERTIFICATE_PASSWORD, AZURE_CLIENT_SEND_CERTIFICATE_CHAIN
#   AZURE_AUTHORITY_HOST          the Entra ID authority (default https://login.microsoftonline.com)
#   AZURE_FEDERATED_TOKEN_FILE    workload identity (AKS): set by the webhook with AZURE_CLIENT_ID and AZURE_TENANT_ID
#   IDENTITY_ENDPOINT, IDENTITY_HEADER   managed identity on Container Apps / App Service: set by the platform;
#                                 AZURE_CLIENT_ID then picks a user-assigned identity
#   AZURE_POD_IDENTITY_AUTHORITY_HOST    another host for the IMDS managed identity endpoint
# The relay's own settings (each also a `serve` option):
#   RELAY_INSTRUCTIONS, RELAY_INSTRUCTIONS_FILE   the operator's session instructions, or a file holding them
#   RELAY_SESSION_CONFIG          a JSON session policy file (docs/session-policy.md)
#   RELAY_ACCESS_TOKENS_FILE      client access tokens, one per line: sessions then need one
#   RELAY_TRUSTED_PROXIES         reverse proxies whose X-Forwarded-For / -Proto / Forwarded are believed (CIDRs)
#   RELAY_LOG_VIEWER_TOKENS_FILE  turns on the log viewer at /logs, guarded by these tokens
#   RELAY_LOG_LEVEL               trace ... error (default info)
#   RELAY_LOG_WRITERS             frame-log writer threads (--log-writers; default one per event loop)
#   NO_COLOR                      no colour in `replay` and `doctor` output
# Mount files (instructions, policies, token lists, certificates) read-only, e.g. under /run/secrets.
ENV PORT=8080 \
    RELAY_LOG_DIR=/app/logs \
    RELAY_LOG_FORMAT=json

# Frame logs outlive the container only on a volume (docker run -v relay-logs:/app/logs). They hold people's voices:
# keep them where access is controlled, and bound them (--log-max-age, --log-max-bytes) or turn them off
# (--no-frame-log).
VOLUME ["/app/logs"]
# Numeric, so Kubernetes' runAsNonRoot can check it without a passwd lookup.
USER 10001:10001
EXPOSE 8080
# The binary probes GET /healthz itself: the image needs no curl.
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 CMD ["realtime-relay", "healthcheck"]
# SIGTERM drains: /readyz turns 503, the listeners close, sessions go on until --drain-timeout (default 10 s), then
# both sides get close 1001 and the process exits 0. Give the container longer than that to stop
# (docker stop -t 15, Kubernetes terminationGracePeriodSeconds). The relay handles signals itself as PID 1.
STOPSIGNAL SIGTERM
ENTRYPOINT ["realtime-relay"]
CMD ["serve"]
