#!/usr/bin/env bash
# Local Synapse homeserver for tuteur's tests and for trying the bot by hand.
#
#   scripts/synapse.sh install            venv at .venv with pinned Synapse + matrix-nio
#   scripts/synapse.sh start              write .synapse/, start on 127.0.0.1:$SYNAPSE_PORT,
#                                         register the test users, write .synapse/env
#   scripts/synapse.sh stop               stop it (SIGTERM, bounded wait, then SIGKILL)
#   scripts/synapse.sh reset              stop + delete .synapse/
#   scripts/synapse.sh status             running or not
#   scripts/synapse.sh register USER PASSWORD [admin]
#
# Environment: SYNAPSE_PORT (default 8448), SYNAPSE_DATA (default .synapse; a test that
# stops its homeserver runs one of its own there), PYTHON (default python3).
# The server only listens on 127.0.0.1, has no federation listener and talks to no
# other server. Every rate limit is relaxed: this is a test server, never expose it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
DATA="${SYNAPSE_DATA:-$ROOT/.synapse}"
PORT="${SYNAPSE_PORT:-8448}"
PYTHON="${PYTHON:-python3}"
HOST=127.0.0.1
BASE="http://$HOST:$PORT"

SYNAPSE_VERSION="1.163.2"
NIO_VERSION="0.26.0"
PYLD_VERSION="3.3.0"
# matrix-nio's e2e extra uses the vodozemac wheel (no libolm needed). PyLD is the JSON-LD
# processor the export test (tests/commons_jsonld.rs) reads the commons' export with.
PACKAGES=("matrix-synapse==$SYNAPSE_VERSION" "matrix-nio[e2e]==$NIO_VERSION" "PyLD==$PYLD_VERSION")
MARKER="$VENV/.tuteur-synapse-installed"
# Versions of their dependencies as installed and tested on 2026-11-22 (pip freeze,
# Python 3.11), so that a new Twisted or pydantic cannot break CI overnight. If they
# cannot be installed (another Python version), install retries without them.
CONSTRAINTS="
aiofiles==25.1.0
aiohappyeyeballs==2.7.1
aiohttp==3.14.5
aiohttp_socks==0.12.0
aiosignal==1.4.0
annotated-types==0.8.0
atomicwrites==1.4.1
attrs==26.1.0
Automat==25.4.16
bcrypt==5.0.0
bleach==6.4.0
cachetools==8.0.1
canonicaljson==2.0.0
certifi==2026.10.18
cffi==2.1.1
charset-normalizer==3.5.2
constantly==23.10.4
cryptography==50.0.2
frozenlist==1.8.0
h11==0.16.0
h2==4.4.1
hpack==4.2.0
hyperframe==6.1.0
hyperlink==21.0.0
idna==3.20
ijson==3.6.0
immutabledict==4.3.1
Incremental==24.11.0
Jinja2==3.1.6
jsonschema==4.26.0
jsonschema-specifications==2025.9.1
MarkupSafe==3.0.4
matrix-common==1.3.0
msgpack==1.2.4
multidict==7.2.1
multipart==2.0.1
netaddr==1.3.0
packaging==26.3
peewee==3.19.0
phonenumbers==9.0.43
pillow==13.0.0
prometheus_client==0.26.0
propcache==0.5.4
pyasn1==0.6.5
pyasn1_modules==0.4.2
pycparser==3.12
pycryptodome==4.4.0
pydantic==2.14.3
pydantic_core==2.50.4
pymacaroons==0.13.0
PyNaCl==1.6.2
pyOpenSSL==26.4.0
pyparsing==3.3.3
pyrsistent==0.20.0
python-multipart==0.0.34
python-socks==3.2.1
PyYAML==6.0.3
referencing==0.37.0
requests==2.34.2
rpds-py==2026.9.1
semantic-version==2.10.0
service-identity==26.1.0
setuptools-rust==1.13.0
signedjson==1.1.4
six==1.17.0
sortedcontainers==2.4.0
treq==26.7.0
Twisted==26.10.0
typing-inspection==0.4.5
typing_extensions==4.16.0
unpaddedbase64==2.1.0
urllib3==2.8.0
vodozemac==0.10.0
webencodings==0.6.1
yarl==1.25.1
zope.interface==8.7
"

TEST_USERS=(tuteur alice bob carol dominique eve)
TEST_PASSWORD="tuteur-test-password"
START_TIMEOUT=60
STOP_TIMEOUT=20

log() { printf 'synapse.sh: %s\n' "$*" >&2; }
die() {
    printf 'synapse.sh: ERROR: %s\n' "$*" >&2
    exit 1
}

marker_content() {
    printf '%s\n' "${PACKAGES[@]}" "$CONSTRAINTS"
}

cmd_install() {
    if [[ -f "$MARKER" && -x "$VENV/bin/python" ]] &&
        [[ "$(cat "$MARKER")" == "$(marker_content)" ]] &&
        "$VENV/bin/python" -c 'import synapse, nio' 2>/dev/null; then
        log "Synapse $SYNAPSE_VERSION already installed in $VENV"
        return 0
    fi
    command -v "$PYTHON" >/dev/null || die "$PYTHON not found (Python >= 3.10 needed)"
    "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' ||
        die "Synapse $SYNAPSE_VERSION needs Python >= 3.10, $PYTHON is $("$PYTHON" -V 2>&1)"
    if [[ ! -x "$VENV/bin/python" ]]; then
        log "creating venv $VENV"
        "$PYTHON" -m venv "$VENV" ||
            die "python3 -m venv failed (on Debian: apt-get install -y python3-venv)"
    fi
    rm -f "$MARKER"
    log "installing ${PACKAGES[*]} into $VENV"
    local constraints="$VENV/tuteur-constraints.txt"
    printf '%s\n' "$CONSTRAINTS" >"$constraints"
    if ! "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        --only-binary=matrix-synapse -c "$constraints" "${PACKAGES[@]}"; then
        log "WARNING: install with the pinned dependency versions failed; retrying without them"
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
            --only-binary=matrix-synapse "${PACKAGES[@]}" ||
            die "pip install failed"
    fi
    "$VENV/bin/python" -c 'import synapse, nio, pyld' || die "installed packages do not import"
    marker_content >"$MARKER"
    log "installed: $("$VENV/bin/python" -c 'from importlib.metadata import version as v; print("matrix-synapse", v("matrix-synapse"), "matrix-nio", v("matrix-nio"))')"
}

need_venv() {
    [[ -x "$VENV/bin/python" && -f "$MARKER" ]] ||
        die "Synapse is not installed: run scripts/synapse.sh install"
}

pid_of_running() {
    local pid
    [[ -f "$DATA/homeserver.pid" ]] || return 1
    pid="$(cat "$DATA/homeserver.pid" 2>/dev/null)" || return 1
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    printf '%s\n' "$pid"
}

secret() {
    local file="$DATA/$1"
    [[ -s "$file" ]] || "$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(32))' >"$file"
    cat "$file"
}

write_config() {
    mkdir -p "$DATA/media_store"
    chmod 700 "$DATA"
    local reg_secret macaroon form
    reg_secret="$(secret registration_shared_secret)"
    macaroon="$(secret macaroon_secret_key)"
    form="$(secret form_secret)"
    if [[ ! -s "$DATA/localhost.signing.key" ]]; then
        "$VENV/bin/generate_signing_key" -o "$DATA/localhost.signing.key"
    fi

    cat >"$DATA/log.yaml" <<EOF
version: 1
formatters:
  precise:
    format: '%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(message)s'
handlers:
  file:
    class: logging.FileHandler
    formatter: precise
    filename: $DATA/homeserver.log
    encoding: utf8
root:
  level: WARNING
  handlers: [file]
disable_existing_loggers: false
EOF

    # A rate limit that never bites: 'per_second' and 'burst_count' very high.
    local rl='{per_second: 100000, burst_count: 100000}'
    cat >"$DATA/homeserver.yaml" <<EOF
# Written by scripts/synapse.sh: a throw-away TEST homeserver. Do not expose it.
server_name: localhost
pid_file: $DATA/homeserver.pid
public_baseurl: $BASE/
listeners:
  - port: $PORT
    bind_addresses: ['$HOST']
    type: http
    tls: false
    x_forwarded: false
    resources:
      - names: [client]
        compress: false
database:
  name: sqlite3
  args:
    database: $DATA/homeserver.db
log_config: $DATA/log.yaml
media_store_path: $DATA/media_store
signing_key_path: $DATA/localhost.signing.key
registration_shared_secret: "$reg_secret"
macaroon_secret_key: "$macaroon"
form_secret: "$form"
enable_registration: false
allow_guest_access: false
# Fast password hashing: logins take ~5 ms instead of ~240 ms. Test server only.
bcrypt_rounds: 4
report_stats: false
enable_metrics: false
url_preview_enabled: false
suppress_key_server_warning: true
trusted_key_servers: []
federation_domain_whitelist: []
serve_server_wellknown: false
user_directory:
  enabled: true
  search_all_users: true
# No presence: users going idle would move the sync stream by themselves, and the test of
# a kill between two syncs needs a server where nothing happens unless a test acts.
presence:
  enabled: false
rc_message: $rl
rc_registration: $rl
rc_registration_token_validity: $rl
rc_login:
  address: $rl
  account: $rl
  failed_attempts: $rl
rc_admin_redaction: $rl
rc_joins:
  local: $rl
  remote: $rl
rc_joins_per_room: $rl
rc_3pid_validation: $rl
rc_invites:
  per_room: $rl
  per_user: $rl
  per_issuer: $rl
rc_third_party_invite: $rl
rc_media_create: $rl
rc_federation:
  window_size: 1000
  sleep_limit: 100000
  sleep_delay: 1
  reject_limit: 100000
  concurrent: 100000
rc_presence:
  per_user: $rl
rc_delayed_event_mgmt: $rl
rc_reports: $rl
rc_room_creation: $rl
rc_key_requests: $rl
rc_user_directory: $rl
rc_profile: $rl
EOF
}

http_ok() {
    "$VENV/bin/python" - "$1" <<'EOF'
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
        sys.exit(0 if r.status == 200 else 1)
except Exception:
    sys.exit(1)
EOF
}

show_log_tail() {
    local f
    for f in "$DATA/start.out" "$DATA/homeserver.log"; do
        if [[ -s "$f" ]]; then
            printf '\n----- tail of %s -----\n' "$f" >&2
            tail -n 60 "$f" >&2
        fi
    done
}

cmd_start() {
    need_venv
    local pid
    if pid="$(pid_of_running)"; then
        log "already running (pid $pid) on $BASE"
        write_env
        return 0
    fi
    write_config
    rm -f "$DATA/homeserver.pid"
    # Fail early and clearly if something else holds the port.
    if http_ok "$BASE/_matrix/client/versions"; then
        die "something already answers on $BASE (another Synapse?); set SYNAPSE_PORT"
    fi
    log "starting Synapse $SYNAPSE_VERSION on $BASE (data in $DATA)"
    # Run from the data dir so nothing is written into the repository.
    if ! (cd "$DATA" && "$VENV/bin/python" -m synapse.app.homeserver \
        -c "$DATA/homeserver.yaml" --daemonize) >"$DATA/start.out" 2>&1; then
        show_log_tail
        die "Synapse failed to start (see above)"
    fi
    local deadline=$((SECONDS + START_TIMEOUT)) daemon_pid=""
    until http_ok "$BASE/_matrix/client/versions"; do
        if ((SECONDS >= deadline)); then
            show_log_tail
            [[ -z "$daemon_pid" ]] || kill -KILL "$daemon_pid" 2>/dev/null || true
            die "Synapse did not answer on $BASE within ${START_TIMEOUT}s"
        fi
        if [[ -z "$daemon_pid" && -s "$DATA/homeserver.pid" ]]; then
            daemon_pid="$(cat "$DATA/homeserver.pid")"
        fi
        if [[ -n "$daemon_pid" ]] && ! kill -0 "$daemon_pid" 2>/dev/null; then
            show_log_tail
            die "Synapse exited during start-up"
        fi
        sleep 0.2
    done
    log "up on $BASE (pid $(pid_of_running || echo '?'))"
    register_many "${TEST_USERS[@]}"
    write_env
}

write_env() {
    cat >"$DATA/env" <<EOF
export TUTEUR_TEST_HOMESERVER=$BASE
export TUTEUR_TEST_SERVER_NAME=localhost
export TUTEUR_TEST_PASSWORD=$TEST_PASSWORD
export TUTEUR_TEST_USERS="${TEST_USERS[*]}"
export TUTEUR_TEST_REGISTRATION_SECRET=$(cat "$DATA/registration_shared_secret")
export TUTEUR_TEST_SYNAPSE_LOG=$DATA/homeserver.log
EOF
}

# Registers users through the shared-secret admin API, like register_new_matrix_user
# does, but all in one Python process (one start-up instead of six).
# Arguments: "user:password:admin(0|1)" ...  An already taken user id is fine.
register_specs() {
    "$VENV/bin/python" - "$BASE" "$DATA/registration_shared_secret" "$@" <<'EOF'
import hashlib, hmac, json, sys, urllib.error, urllib.request

base, secret_file, specs = sys.argv[1], sys.argv[2], sys.argv[3:]
secret = open(secret_file).read().strip().encode()
url = base + "/_synapse/admin/v1/register"

def call(method, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")

failed = False
for spec in specs:
    user, rest = spec.split(":", 1)
    password, admin_flag = rest.rsplit(":", 1)
    admin = admin_flag == "1"
    status, body = call("GET")
    if status != 200:
        print(f"getting a nonce failed: HTTP {status} {body}", file=sys.stderr)
        sys.exit(1)
    nonce = body["nonce"]
    parts = (nonce, user, password, "admin" if admin else "notadmin")
    mac = hmac.new(secret, b"\x00".join(p.encode() for p in parts), hashlib.sha1)
    status, body = call("POST", {"nonce": nonce, "username": user, "password": password,
                                 "admin": admin, "mac": mac.hexdigest()})
    if status == 200:
        print(f"registered @{user}:localhost" + (" (admin)" if admin else ""))
    elif body.get("errcode") == "M_USER_IN_USE":
        print(f"@{user}:localhost already exists")
    else:
        print(f"registering {user} failed: HTTP {status} {body}", file=sys.stderr)
        failed = True
sys.exit(1 if failed else 0)
EOF
}

register_many() {
    local specs=() u
    for u in "$@"; do specs+=("$u:$TEST_PASSWORD:0"); done
    register_specs "${specs[@]}" >&2 || die "registering test users failed"
}

cmd_register() {
    [[ $# -ge 2 && $# -le 3 ]] || die "usage: synapse.sh register USER PASSWORD [admin]"
    need_venv
    pid_of_running >/dev/null || die "Synapse is not running: run scripts/synapse.sh start"
    local admin=0
    if [[ $# -eq 3 ]]; then
        [[ "$3" == admin ]] || die "third argument must be 'admin'"
        admin=1
    fi
    [[ "$1" != *:* && "$2" != *$'\n'* ]] || die "user must be a bare localpart"
    register_specs "$1:$2:$admin"
}

cmd_stop() {
    local pid
    if ! pid="$(pid_of_running)"; then
        log "not running"
        rm -f "$DATA/homeserver.pid"
        return 0
    fi
    log "stopping pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + STOP_TIMEOUT))
    while kill -0 "$pid" 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            log "still running after ${STOP_TIMEOUT}s: SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.5
            break
        fi
        sleep 0.2
    done
    rm -f "$DATA/homeserver.pid"
    log "stopped"
}

cmd_reset() {
    cmd_stop
    if [[ -d "$DATA" ]]; then
        rm -rf "$DATA"
        log "deleted $DATA"
    fi
}

cmd_status() {
    local pid
    if pid="$(pid_of_running)"; then
        if [[ -x "$VENV/bin/python" ]] && http_ok "$BASE/_matrix/client/versions"; then
            echo "running (pid $pid) on $BASE"
        else
            echo "running (pid $pid) but not answering on $BASE"
        fi
    else
        echo "not running"
        return 3
    fi
}

case "${1:-}" in
install) cmd_install ;;
start) cmd_start ;;
stop) cmd_stop ;;
reset) cmd_reset ;;
status) cmd_status ;;
register)
    shift
    cmd_register "$@"
    ;;
*)
    sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
