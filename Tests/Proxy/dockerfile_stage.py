"""The Dockerfile's final (runtime) stage, read and carried out in a root folder instead of by a Docker engine.

Used by container_checks.py: a `debootstrap --variant=minbase` root of the stage's Debian release stands in for
its base image (debian:bookworm-slim is itself built from a minbase debootstrap, with documentation removed), and
the stage's own instructions are then applied to it: RUN in the root (as root, in a private mount namespace with
/proc), COPY of the binary the build stage would make and of the build context's files, and ENV, WORKDIR, USER,
EXPOSE, VOLUME, HEALTHCHECK, STOPSIGNAL, ENTRYPOINT and CMD collected as the image's configuration. An instruction
it does not know fails the check rather than being skipped, so the Dockerfile cannot drift from what CI runs.
"""
import json
import os
import re
import shlex
import shutil
import subprocess

# What the official Debian images set before any instruction of ours.
BASE_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}


def instructions(dockerfile_text):
    """[(INSTRUCTION, arguments text)] with continuation lines joined and comment lines dropped."""
    result = []
    current = ""
    for line in dockerfile_text.splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if current and stripped.startswith("#"):
            continue  # Docker drops comment lines inside a continued instruction
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        keyword, _, rest = current.partition(" ")
        result.append((keyword.upper(), rest.strip()))
        current = ""
    if current:
        raise ValueError("Dockerfile ends inside a continued line")
    return result


def final_stage(dockerfile_text):
    """The FROM image and the instructions after the last FROM."""
    items = instructions(dockerfile_text)
    last = max(i for i, (keyword, _) in enumerate(items) if keyword == "FROM")
    base = items[last][1].split()[0]
    return base, items[last + 1:]


def exec_form(text):
    text = text.strip()
    if text.startswith("["):
        return json.loads(text)
    return ["/bin/sh", "-c", text]


def parse_env(text):
    parts = shlex.split(text)
    if parts and "=" not in parts[0]:  # legacy `ENV KEY value`
        return {parts[0]: " ".join(parts[1:])}
    env = {}
    for part in parts:
        key, _, value = part.partition("=")
        env[key] = value
    return env


def in_root(root, argv, env, user=None, cwd="/", sudo=(), read_only_except=None):
    """The command that runs argv inside `root` (private mount namespace, /proc mounted) with exactly `env`, as
    `user` (uid:gid). With read_only_except=[paths], the root is mounted read-only but for those paths (volumes),
    as with `docker run --read-only` or Kubernetes' readOnlyRootFilesystem. The mounts live and die with the
    namespace: nothing is left mounted on this machine."""
    inner = ["unshare", "--mount-proc=/proc", f"--root={root}", f"--wd={cwd}"]
    if user:
        uid, _, gid = user.partition(":")
        inner += ["/usr/bin/setpriv", f"--reuid={uid}", f"--regid={gid or uid}", "--clear-groups"]
    inner += ["/usr/bin/env", "-i", *[f"{k}={v}" for k, v in env.items()], *argv]
    if read_only_except is None:
        return [*sudo, *inner]
    script = ['set -e', 'root=$1; shift', 'mount --bind "$root" "$root"']
    for path in read_only_except:
        script.append(f'mount --bind "$root{path}" "$root{path}"')
    script += ['mount -o remount,bind,ro "$root"', 'exec "$@"']
    return [*sudo, "unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", "; ".join(script), "sh", root,
            *inner]


def apply(dockerfile_path, root, binary, context, build_output="/out/realtime-relay", sudo=(), log=print):
    """Carries out the final stage in `root`; returns the image configuration (dict)."""
    with open(dockerfile_path) as file:
        base, stage = final_stage(file.read())
    config = {"base": base, "env": dict(BASE_ENV), "workdir": "/", "user": None, "expose": [], "volumes": [],
              "healthcheck": None, "stopsignal": None, "entrypoint": [], "cmd": []}
    for keyword, text in stage:
        if keyword == "RUN":
            log(f"RUN {text[:100]}{'...' if len(text) > 100 else ''}")
            subprocess.run(in_root(root, ["/bin/sh", "-c", text], config["env"], cwd=config["workdir"], sudo=sudo),
                           check=True)
        elif keyword == "COPY":
            parts = shlex.split(text)
            options = [p for p in parts if p.startswith("--")]
            sources, destination = [p for p in parts if not p.startswith("--")][:-1], parts[-1]
            from_stage = any(o.startswith("--from=") for o in options)
            unknown = [o for o in options if not o.startswith("--from=")]
            if unknown or len(sources) != 1:
                raise ValueError(f"COPY form not handled here: {text}")
            target = os.path.join(root, destination.lstrip("/"))
            if from_stage:
                if sources[0] != build_output:
                    raise ValueError(f"COPY --from of {sources[0]}: only {build_output} (the binary) is known")
                log(f"COPY (the static binary) -> {destination}")
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copy2(binary, target)
                os.chmod(target, 0o755)
            else:
                source = os.path.join(context, sources[0])
                log(f"COPY {sources[0]} -> {destination}")
                if os.path.isdir(source):
                    shutil.copytree(source, target, dirs_exist_ok=True)
                else:
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    shutil.copy2(source, target)
        elif keyword == "WORKDIR":
            config["workdir"] = text
            os.makedirs(os.path.join(root, text.lstrip("/")), exist_ok=True)
        elif keyword == "ENV":
            config["env"].update(parse_env(text))
        elif keyword == "USER":
            config["user"] = text
        elif keyword == "EXPOSE":
            config["expose"] += text.split()
        elif keyword == "VOLUME":
            config["volumes"] += exec_form(text) if text.startswith("[") else text.split()
        elif keyword == "HEALTHCHECK":
            match = re.search(r"\bCMD\s+(.*)$", text)
            if not match:
                raise ValueError(f"HEALTHCHECK without CMD: {text}")
            config["healthcheck"] = exec_form(match.group(1))
        elif keyword == "STOPSIGNAL":
            config["stopsignal"] = text
        elif keyword == "ENTRYPOINT":
            config["entrypoint"] = exec_form(text)
        elif keyword == "CMD":
            config["cmd"] = exec_form(text)
        elif keyword == "LABEL":
            pass
        else:
            raise ValueError(f"instruction {keyword} in the runtime stage is not handled by this check")
    return config
