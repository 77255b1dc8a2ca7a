# Shared by the .ci scripts (source it): finding a started relay's port, installing Debian's nginx.

# wait_for_relay_port LOG: prints the port from the relay's "listening" line in LOG (waits up to 10 s);
# fails when none appears.
wait_for_relay_port() {
    local log=$1 port=""
    for _ in $(seq 1 100); do
        port=$(grep -m1 "listening" "$log" | grep -o '127\.0\.0\.1:[0-9]*' | head -1 | cut -d: -f2 || true)
        if [ -n "$port" ]; then echo "$port"; return 0; fi
        sleep 0.1
    done
    return 1
}

# install_nginx SUDO: Debian's nginx when it is missing, without letting the package start an nginx of its
# own on port 80 (a policy-rc.d that forbids starting services, only for this install).
install_nginx() {
    local sudo=$1 policy=""
    if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then return 0; fi
    echo "installing nginx (Debian)"
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        policy=/usr/sbin/policy-rc.d
        printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
        $sudo chmod 0755 "$policy"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get install -y -q --no-install-recommends nginx || { $sudo apt-get update -q && $sudo apt-get install -y -q --no-install-recommends nginx; }
    if [ -n "$policy" ]; then $sudo rm -f "$policy"; fi
}
