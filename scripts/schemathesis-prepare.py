"""Prepares a schemathesis run against a Zicht demo server (see schemathesis.sh).

Waits until the server answers, signs in through the API as the demo
employee the server printed, and writes a schemathesis config whose
dictionaries hold real ids of that employee's team (clients, handovers) and
awkward dates. Without them nearly every generated id is unknown, and the
handlers behind the 404 are never reached.

Usage: schemathesis-prepare.py BASE_URL EMAIL PASSWORD CONFIG_OUT
Prints the session cookie and the CSRF token, one per line.
"""

import http.cookies
import json
import random
import sys
import time
import urllib.error
import urllib.request


def request(base, path, body=None, cookie=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method="POST" if data else "GET")
    if data:
        req.add_header("Content-Type", "application/json")
    if cookie:
        req.add_header("Cookie", cookie)
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.headers, json.loads(resp.read() or b"null")


def wait_for(base, seconds=120):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(base + "/api/openapi.yaml", timeout=5) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        if time.monotonic() > deadline:
            sys.exit(f"server at {base} did not answer within {seconds}s")
        time.sleep(0.5)


def valid_bsns(rng, count):
    """Numbers that pass the elfproef, so registering a client can succeed."""
    out = []
    while len(out) < count:
        digits = [rng.randrange(10) for _ in range(8)]
        check = sum((9 - i) * d for i, d in enumerate(digits)) % 11
        if check <= 9 and any(digits):
            out.append("".join(map(str, digits)) + str(check))
    return out


def toml_list(values):
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def main():
    base, email, password, config_out = sys.argv[1:5]
    wait_for(base)
    headers, me = request(base, "/api/session", {"email": email, "password": password})
    cookie = http.cookies.SimpleCookie(headers["Set-Cookie"])["zicht_session"].value
    session = f"zicht_session={cookie}"
    team = me["employee"]["team_id"]

    _, clients = request(base, f"/api/clients?team={team}&limit=40", cookie=session)
    _, handovers = request(base, f"/api/handovers?team={team}", cookie=session)
    _, teams = request(base, "/api/teams", cookie=session)
    _, employees = request(base, "/api/employees", cookie=session)
    client_ids = [c["id"] for c in clients]
    handover_ids = [h["id"] for h in handovers][:40]
    if not client_ids or not handover_ids:
        sys.exit(f"the demo gave team {team} no clients or handovers to test with")

    # Dates at and past the ends of what the parser accepts, in both orders.
    dates = ["2025-06-30", "30-06-2025", "1-1-1980", "2024-02-29", "0000-01-01",
             "-9999-01-01", "9999-12-31", "31-12-9999", "99999-01-01", "2025-13-01"]
    rng = random.Random(2026)
    with open(config_out, "w", encoding="utf-8") as f:
        f.write(f"""# Written by scripts/schemathesis-prepare.py for one run.
# Each run has a new server on a new port: crashes cached from an earlier
# run cannot be replayed, so keep no cache in the work tree.
[cache]
enabled = false

[dictionaries.client-ids]
values = {toml_list(client_ids)}
[dictionaries.handover-ids]
values = {toml_list(handover_ids)}
[dictionaries.team-ids]
values = {toml_list([t["id"] for t in teams])}
[dictionaries.employee-ids]
values = {toml_list([e["id"] for e in employees])}
[dictionaries.bsns]
values = {toml_list(valid_bsns(rng, 20))}
[dictionaries.dates]
values = {toml_list(dates)}
[dictionaries.contact-kinds]
values = ["gesprek", "telefoon", "e-mail", "huisbezoek", "Gesprek"]
[dictionaries.phases]
values = ["intake", "diagnose", "activering", "bemiddeling", "nazorg", "uitgestroomd"]

[parameters]
"body.bsn" = {{ dictionary = "bsns", probability = 0.5 }}
"body.birth_date" = {{ dictionary = "dates", probability = 0.5 }}
"body.date" = {{ dictionary = "dates", probability = 0.5 }}
"body.next_contact_on" = {{ dictionary = "dates", probability = 0.5 }}
"body.assessed_on" = {{ dictionary = "dates", probability = 0.5 }}
"body.kind" = {{ dictionary = "contact-kinds", probability = 0.7 }}
"body.phase" = {{ dictionary = "phases", probability = 0.5 }}
"body.to_team_id" = {{ dictionary = "team-ids", probability = 0.7 }}
"body.to_employee_id" = {{ dictionary = "employee-ids", probability = 0.5 }}
"body.employee_id" = {{ dictionary = "employee-ids", probability = 0.5 }}
"body.owner_employee_id" = {{ dictionary = "employee-ids", probability = 0.5 }}
"query.from" = {{ dictionary = "dates", probability = 0.5 }}
"query.to" = {{ dictionary = "dates", probability = 0.5 }}
"query.owner" = {{ dictionary = "employee-ids", probability = 0.5 }}
"query.team" = {{ dictionary = "team-ids", probability = 0.5 }}
"query.client" = {{ dictionary = "client-ids", probability = 0.5 }}

[[operations]]
include-path-regex = "^/clients/\\\\{{id\\\\}}"
parameters = {{ "path.id" = {{ dictionary = "client-ids", probability = 0.8 }} }}

[[operations]]
include-path-regex = "^/handovers/\\\\{{id\\\\}}"
parameters = {{ "path.id" = {{ dictionary = "handover-ids", probability = 0.8 }} }}
""")
    print(session)
    print(me["csrf_token"])


if __name__ == "__main__":
    main()
