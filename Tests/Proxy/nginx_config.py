"""Renders deploy/nginx/templates/realtime-relay.conf.template for a test nginx.

As the official nginx image does, only the template's own ${VARIABLES} are filled in. For the proxy test
(`loopback=...`) the few lines that cannot work on a CI machine are changed, each one checked to have matched:
the listen ports become loopback ports, the IPv6 listens go, the proxy timeouts are shortened, and nginx
connects to the relay from its own address (proxy_bind), as it would from its own container or pod.

    python3 nginx_config.py OUT_DIR --cert C --key K [--upstream 127.0.0.1:8080]      # production values
    (the proxy test imports render() and write() with loopback settings)

writes OUT_DIR/nginx.conf (a main config whose paths all stay in OUT_DIR) including OUT_DIR/conf.d/realtime-relay.conf.
"""
import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.join(HERE, "..", "..", "deploy", "nginx", "templates", "realtime-relay.conf.template")
VARIABLES = ("RELAY_UPSTREAM", "NGINX_SERVER_NAME", "NGINX_TLS_CERTIFICATE", "NGINX_TLS_CERTIFICATE_KEY")


def substitute(text, pattern, replacement, expected):
    """re.subn that insists on `expected` matches, so a changed template fails loudly instead of testing less."""
    result, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    if count != expected:
        raise ValueError(f"template: {pattern!r} matched {count} times, expected {expected}")
    return result


def render(values, loopback=None, template_path=TEMPLATE):
    """values: the four variables. loopback: dict(http_port, https_port, proxy_bind, read_timeout) or None."""
    with open(template_path) as file:
        text = file.read()
    missing = [name for name in VARIABLES if name not in values]
    if missing:
        raise ValueError(f"missing values for {missing}")
    for name in VARIABLES:
        text = text.replace("${" + name + "}", values[name])
    leftover = re.findall(r"\$\{[A-Z_]+\}", text)
    if leftover:
        raise ValueError(f"template variables without a value: {sorted(set(leftover))}")
    if loopback:
        text = substitute(text, r"^(\s*)listen 80;$", rf"\1listen 127.0.0.1:{loopback['http_port']};", 1)
        text = substitute(text, r"^(\s*)listen 443 ssl;$", rf"\1listen 127.0.0.1:{loopback['https_port']} ssl;", 1)
        text = substitute(text, r"^\s*listen \[::\]:\d+( ssl)?;\n", "", 2)
        timeout = loopback["read_timeout"]
        text = substitute(text, r"proxy_read_timeout \d+s;", f"proxy_read_timeout {timeout}s;", 1)
        text = substitute(text, r"proxy_send_timeout \d+s;", f"proxy_send_timeout {timeout}s;", 1)
        text = substitute(text, r"^(\s*)(proxy_pass http://realtime_relay;)$",
                          rf"\1\2\n\1proxy_bind {loopback['proxy_bind']};", 1)
    return text


def write(out_dir, site_config, worker_processes=1):
    """Writes the main config around the rendered site; returns the main config's path."""
    conf_d = os.path.join(out_dir, "conf.d")
    os.makedirs(conf_d, exist_ok=True)
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        os.makedirs(os.path.join(out_dir, "tmp", name), exist_ok=True)
    with open(os.path.join(conf_d, "realtime-relay.conf"), "w") as file:
        file.write(site_config)
    main = os.path.join(out_dir, "nginx.conf")
    with open(main, "w") as file:
        file.write(f"""# Written by Tests/Proxy/nginx_config.py: everything stays in {out_dir}.
worker_processes {worker_processes};
error_log {out_dir}/error.log info;
pid {out_dir}/nginx.pid;
events {{
    worker_connections 256;
}}
http {{
    access_log {out_dir}/access.log;
    client_body_temp_path {out_dir}/tmp/body;
    proxy_temp_path {out_dir}/tmp/proxy;
    fastcgi_temp_path {out_dir}/tmp/fastcgi;
    uwsgi_temp_path {out_dir}/tmp/uwsgi;
    scgi_temp_path {out_dir}/tmp/scgi;
    include {conf_d}/realtime-relay.conf;
}}
""")
    return main


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir")
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--upstream", default="127.0.0.1:8080")
    parser.add_argument("--server-name", default="relay.example.com")
    args = parser.parse_args()
    site = render({"RELAY_UPSTREAM": args.upstream, "NGINX_SERVER_NAME": args.server_name,
                   "NGINX_TLS_CERTIFICATE": args.cert, "NGINX_TLS_CERTIFICATE_KEY": args.key})
    print(write(os.path.abspath(args.out_dir), site))
    return 0


if __name__ == "__main__":
    sys.exit(main())
