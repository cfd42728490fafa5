#!/usr/bin/env python3
"""Smoke test of the local Synapse started by scripts/synapse.sh.

Logs every test user in, then sends 30 messages in a row as alice and fails if any
request is refused (a 429 would mean a rate limit is still active). Standard library
only; talks to TUTEUR_TEST_HOMESERVER (from .synapse/env), i.e. 127.0.0.1.

    bash scripts/synapse.sh start && . .synapse/env && python3 scripts/synapse-smoke.py
"""

import json
import os
import sys
import time
import urllib.error
import urllib.request

BASE = os.environ.get("TUTEUR_TEST_HOMESERVER", "http://127.0.0.1:8448")
PASSWORD = os.environ.get("TUTEUR_TEST_PASSWORD", "tuteur-test-password")
USERS = os.environ.get("TUTEUR_TEST_USERS", "tuteur alice bob carol dominique eve").split()


def call(method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.load(resp)
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


def login(user):
    status, body = call("POST", "/_matrix/client/v3/login", {
        "type": "m.login.password",
        "identifier": {"type": "m.id.user", "user": user},
        "password": PASSWORD,
    })
    if status != 200:
        sys.exit(f"login {user}: HTTP {status} {body}")
    return body["access_token"]


def main():
    if not BASE.startswith(("http://127.0.0.1:", "http://localhost:")):
        sys.exit(f"refusing to talk to {BASE}: this smoke test is for the local server only")
    tokens = {user: login(user) for user in USERS}
    print(f"{len(tokens)} users logged in: {' '.join(USERS)}")

    alice = tokens["alice"]
    status, body = call("POST", "/_matrix/client/v3/createRoom", {"name": "smoke"}, alice)
    if status != 200:
        sys.exit(f"createRoom: HTTP {status} {body}")
    room = body["room_id"]

    started = time.monotonic()
    refused = []
    for i in range(30):
        status, body = call(
            "PUT",
            f"/_matrix/client/v3/rooms/{room}/send/m.room.message/smoke-{i}",
            {"msgtype": "m.text", "body": f"smoke {i}"},
            alice,
        )
        if status != 200:
            refused.append((i, status, body.get("errcode")))
    elapsed = time.monotonic() - started
    if refused:
        sys.exit(f"{len(refused)} of 30 messages refused: {refused[:5]}")
    print(f"30 of 30 messages accepted in {elapsed * 1000:.0f} ms (no rate limit)")


if __name__ == "__main__":
    main()
