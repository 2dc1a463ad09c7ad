#!/bin/sh
# One-shot set-up of mosquitto's dynamic security plugin (the `mosquitto-init` service of docker-compose.yml):
# creates DYNSEC_FILE with an admin client and the `dockgate-bridge` client, then exits. Does nothing when
# DYNSEC_FILE exists already, so it is safe to run on every `docker compose up`; change passwords afterwards
# with `mosquitto_ctrl dynsec setClientPassword` (docs/deployment.md).
#
# The bridge's role allows what dji-bridge does: publish and subscribe under thing/# and sys/# (DJI Cloud API),
# subscribe through the shared group $share/dockgate/ (several bridges), and administer dock accounts through
# $CONTROL/dynamic-security/# (BROKER_DOCK_ACCOUNTS=dynamic-security). Docks get accounts of their own, limited
# to their own topics, created by the bridge or the operator; nothing here gives them access.
#
# POSIX sh, so it runs in the eclipse-mosquitto image (busybox) as well as on Debian.
#
# Environment:
#   MQTT_ADMIN_PASSWORD   required: password of the dynsec admin client (MQTT_ADMIN_USER, default dockgate-admin)
#   MQTT_BRIDGE_PASSWORD  required: password of the dockgate-bridge client
#   MQTT_SIM_PASSWORD     optional: also create the `dock-sim` client (any dock topic) for the simulator profile
#   DYNSEC_FILE           default /mosquitto/data/dynamic-security.json; its directory must exist
#   DYNSEC_PLUGIN         default: the plugin of the eclipse-mosquitto image or of Debian's package
#   DYNSEC_INIT_PORT      default 1884: loopback port of the temporary broker used to apply the set-up
set -eu

file=${DYNSEC_FILE:-/mosquitto/data/dynamic-security.json}
admin=${MQTT_ADMIN_USER:-dockgate-admin}
admin_password=${MQTT_ADMIN_PASSWORD:-}
bridge_password=${MQTT_BRIDGE_PASSWORD:-}
sim_password=${MQTT_SIM_PASSWORD:-}
port=${DYNSEC_INIT_PORT:-1884}

say() { echo "mosquitto-init: $*" >&2; }

if [ -s "$file" ]; then
    say "$file exists: nothing to do"
    exit 0
fi
[ -n "$admin_password" ] || { say "MQTT_ADMIN_PASSWORD is required"; exit 2; }
[ -n "$bridge_password" ] || { say "MQTT_BRIDGE_PASSWORD is required"; exit 2; }

plugin=${DYNSEC_PLUGIN:-}
if [ -z "$plugin" ]; then
    for candidate in /usr/lib/mosquitto_dynamic_security.so /usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so \
        /usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so; do
        if [ -f "$candidate" ]; then plugin=$candidate; break; fi
    done
fi
[ -n "$plugin" ] && [ -f "$plugin" ] || { say "mosquitto_dynamic_security.so not found; set DYNSEC_PLUGIN"; exit 2; }

# Work on a file next to the final one and move it into place only when everything is applied: a run that
# failed half-way leaves no file, and the next run starts again instead of skipping.
dir=$(dirname "$file")
work="$file.init"
conf="$dir/.dynsec-init.conf"
broker_pid=""
cleanup() {
    if [ -n "$broker_pid" ]; then
        kill "$broker_pid" 2>/dev/null || true
        wait "$broker_pid" 2>/dev/null || true
    fi
    rm -f "$conf" "$work" "$work.new"
}
trap cleanup EXIT INT TERM

rm -f "$work"
umask 077
# `dynsec init` writes the file itself (no broker needed), with the admin client and its admin role.
mosquitto_ctrl dynsec init "$work" "$admin" "$admin_password" >/dev/null

# Run as root, mosquitto drops to the `mosquitto` user before the plugin opens its file; the plugin rewrites the
# file on every change, so that user must own it (or the changes are lost at the next restart).
if [ "$(id -u)" = 0 ] && id mosquitto >/dev/null 2>&1; then
    chown mosquitto "$dir" "$work" 2>/dev/null || chown mosquitto "$work"
fi

cat >"$conf" <<CONF
listener $port 127.0.0.1
allow_anonymous false
persistence false
plugin $plugin
plugin_opt_config_file $work
log_dest stderr
log_type error
log_type warning
CONF
chmod 644 "$conf"
mosquitto -c "$conf" &
broker_pid=$!

# mosquitto_ctrl warns on every call that it runs without TLS; here it talks to a broker on this host's loopback
# only, so its output is shown only when a call fails. It exits 0 when the plugin refuses a command ("createRole:
# Error: Role already exists"), so the output is checked too.
ctrl() {
    output=$(mosquitto_ctrl -h 127.0.0.1 -p "$port" -u "$admin" -P "$admin_password" dynsec "$@" 2>&1) \
        && ! echo "$output" | grep -q 'Error' && return 0
    say "mosquitto_ctrl dynsec $1 failed: $(echo "$output" | grep -v -e '^Warning: You are running' \
        -e '^This means all of the configuration' -e '^$')"
    return 1
}

tries=0
until ctrl getDefaultACLAccess 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -ge 50 ] || ! kill -0 "$broker_pid" 2>/dev/null; then
        say "the temporary broker did not answer on 127.0.0.1:$port"
        exit 1
    fi
    sleep 0.2
done

ctrl createRole dockgate-bridge
for topic in 'thing/#' 'sys/#' '$CONTROL/dynamic-security/#'; do
    ctrl addRoleACL dockgate-bridge publishClientSend "$topic" allow
    ctrl addRoleACL dockgate-bridge subscribePattern "$topic" allow
done
ctrl addRoleACL dockgate-bridge subscribePattern '$share/dockgate/#' allow
# The plugin's answers come back on $CONTROL/dynamic-security/v1/response; without an explicit receive ACL the
# broker drops them for any client but the admin (checked with mosquitto 2.0.11: the request is carried out, the
# answer never arrives), even though the default publishClientReceive access is "allow".
ctrl addRoleACL dockgate-bridge publishClientReceive '$CONTROL/dynamic-security/#' allow
ctrl createClient dockgate-bridge -p "$bridge_password"
ctrl addClientRole dockgate-bridge dockgate-bridge

if [ -n "$sim_password" ]; then
    # The simulator connects all its docks with one account; a real dock never gets a role this wide.
    ctrl createRole dock-sim
    for topic in 'thing/#' 'sys/#'; do
        ctrl addRoleACL dock-sim publishClientSend "$topic" allow
        ctrl addRoleACL dock-sim subscribePattern "$topic" allow
    done
    ctrl createClient dock-sim -p "$sim_password"
    ctrl addClientRole dock-sim dock-sim
fi

kill "$broker_pid"
wait "$broker_pid" 2>/dev/null || true
broker_pid=""
grep -q '"dockgate-bridge"' "$work" || { say "the plugin did not save the set-up to $work"; exit 1; }
mv "$work" "$file"
say "created $file: admin client '$admin', client dockgate-bridge$([ -n "$sim_password" ] && echo ', client dock-sim')"
