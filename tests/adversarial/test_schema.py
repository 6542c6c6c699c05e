"""Schemathesis against the OpenAPI document Tend serves (/api/openapi.yaml): every operation,
every default check (not_a_server_error, status_code_conformance, content_type_conformance,
response_headers_conformance, response_schema_conformance, positive_data_acceptance,
negative_data_rejection, missing_required_header, unsupported_method, use_after_free,
ensure_resource_availability, ...), through every default phase (examples, coverage, fuzzing,
stateful), once with the space locked and once unlocked.

The run is bounded: a fixed seed, derandomised generation, at most MAX_EXAMPLES examples per
operation, and MAX_SECONDS per state (examples, coverage and fuzzing finish in a few seconds; the
stateful phase is open-ended and is what the time cap stops). "Locked" means the space is set up
and the client has its anti-forgery cookie and token but no session cookie. The unlocked run
leaves out lockSpace (it would end the unlock the run depends on). Failures are collected, one
line per distinct (operation, check, title) with the first request that showed it, into one
message. test_api_hostile_values then sends the values generators rarely reach (null, -1,
Int.max, Int.max + 1, 1e30, 1e308, 100 kB) through schemathesis' checks and judges them against
the document.

    .venv-adv/bin/pytest tests/adversarial/test_schema.py -q

Environment: TEND_SCHEMA_MAX_EXAMPLES (default 50), TEND_SCHEMA_MAX_SECONDS (default 30),
TEND_SCHEMA_SEED (default 20270115).
"""

import json
import os
import time

import pytest
import requests

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.engine import Status, events  # noqa: E402

from conftest import CSRF_COOKIE, SESSION_COOKIE, TendClient  # noqa: E402

OPENAPI_PATH = "/api/openapi.yaml"
MAX_EXAMPLES = int(os.environ.get("TEND_SCHEMA_MAX_EXAMPLES", "50"))
MAX_SECONDS = int(os.environ.get("TEND_SCHEMA_MAX_SECONDS", "30"))
SEED = int(os.environ.get("TEND_SCHEMA_SEED", "20270115"))


def schemathesis_config(headers: dict, exclude_operation_ids=()):
    data = {
        "seed": SEED,
        "max-time": MAX_SECONDS,
        "headers": headers,
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
        "request-timeout": 10,
        "output": {"sanitization": {"enabled": False}},
        "warnings": False,
        # A body over Tend's size limit is refused with 413 before it is read: a rejection too.
        "checks": {"negative_data_rejection": {"expected-statuses": [
            "400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]}},
    }
    if exclude_operation_ids:
        data["operations"] = [{"include-operation-id": list(exclude_operation_ids), "enabled": False}]
    return schemathesis.Config.from_dict(data)


def clip(text, limit=300) -> str:
    text = text if isinstance(text, str) else repr(text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} chars)"


def describe_request(case) -> str:
    body = getattr(case, "body", None)
    try:
        from schemathesis.core import NOT_SET
        if body is NOT_SET:
            body = None
    except ImportError:
        pass
    shown = "" if body is None else " body=" + clip(json.dumps(body, default=str) if not isinstance(body, (bytes, str)) else body, 200)
    path = case.formatted_path if hasattr(case, "formatted_path") else case.path
    query = f" query={case.query}" if getattr(case, "query", None) else ""
    # Only headers schemathesis generated; the cookie and token we pass are the same every time.
    generated = {k: v for k, v in (case.headers or {}).items() if k.lower() not in ("cookie",)}
    headers = f" headers={clip(generated, 120)}" if generated else ""
    return f"{case.method.upper()} {path}{query}{headers}{shown}"


def run_schemathesis(base_url: str, headers: dict, exclude_operation_ids=()):
    """Runs the schemathesis engine (what `st run` runs) and returns (failures, stats)."""
    config = schemathesis_config(headers, exclude_operation_ids)
    schema = schemathesis.openapi.from_url(base_url + OPENAPI_PATH, config=config)
    failures = {}   # (operation, check, title) -> line
    errors = []
    stats = {"scenarios": 0, "requests": 0, "operations": set(), "stop": None, "by_phase": {}}
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            stats["scenarios"] += 1
            stats["by_phase"].setdefault(str(event.phase.value), [0, 0])
            stats["by_phase"][str(event.phase.value)][0] += 1
            stats["by_phase"][str(event.phase.value)][1] += len(event.recorder.interactions)
            recorder = event.recorder
            stats["requests"] += len(recorder.interactions)
            stats["operations"].add(recorder.label)
            for case_id, checks in recorder.checks.items():
                for check in checks:
                    if check.status != Status.FAILURE or check.failure_info is None:
                        continue
                    failure = check.failure_info.failure
                    key = (recorder.label, check.name, failure.title)
                    if key in failures:
                        continue
                    node = recorder.cases.get(case_id)
                    interaction = recorder.interactions.get(case_id)
                    response = interaction.response if interaction else None
                    answered = ""
                    if response is not None:
                        try:
                            text = response.content.decode("utf-8", "replace") if response.content else ""
                        except Exception:  # noqa: BLE001
                            text = ""
                        answered = f" -> {response.status_code} {clip(text, 200)}"
                    request = describe_request(node.value) if node else "?"
                    failures[key] = (f"[{recorder.label}] {check.name}: {failure.title} — {clip(failure.message, 240)}\n"
                                     f"      {request}{answered}")
        elif isinstance(event, events.NonFatalError):
            errors.append(f"[{event.label}] error: {clip(str(event.value), 400)}")
        elif isinstance(event, events.FatalError):
            errors.append(f"fatal: {clip(repr(event.exception), 600)}")
        elif isinstance(event, events.EngineFinished):
            stats["stop"] = str(event.stop_reason)
            for failure in event.failures:
                failures[("run", failure.title, failure.message)] = f"[run] {failure.title} — {clip(failure.message, 240)}"
    return list(failures.values()) + errors, stats


def client_headers(client: requests.Session, with_session: bool) -> dict:
    """The Cookie and X-CSRF-Token headers a browser-like client would send."""
    token = client.cookies.get(CSRF_COOKIE)
    cookies = [f"{CSRF_COOKIE}={token}"]
    if with_session:
        session = client.cookies.get(SESSION_COOKIE)
        assert session, "no session cookie after unlocking"
        cookies.append(f"{SESSION_COOKIE}={session}")
    return {"Cookie": "; ".join(cookies), "X-CSRF-Token": token}


@pytest.mark.parametrize("state", ["locked", "unlocked"])
def test_api_conforms_to_its_openapi_document(state, tend_server, set_up_space):
    began = time.monotonic()
    owner = set_up_space(tend_server)
    # Something to list and show: one finished session, one open one.
    for finish in (True, False):
        started = owner.api("POST", "sessions", {"mode": "solo"})
        assert started.status_code == 201, started.text
        if finish:
            ended = owner.api("POST", f"sessions/{started.json()['id']}/events", {"intent": "end"})
            assert ended.status_code == 200, ended.text

    document = requests.get(tend_server.url + OPENAPI_PATH, timeout=10)
    assert document.status_code == 200, f"{OPENAPI_PATH}: {document.status_code}"

    if state == "locked":
        # A browser with an anti-forgery token but no unlock.
        client = TendClient(tend_server)
        status = client.get("/api/v1/space")
        assert status.json()["state"] == "locked", status.text
        headers = client_headers(client, with_session=False)
        excluded = ()
    else:
        headers = client_headers(owner, with_session=True)
        # Locking would end the unlock the rest of the run depends on; the locked run covers it.
        excluded = ("lockSpace",)

    failures, stats = run_schemathesis(tend_server.url, headers, excluded)
    elapsed = time.monotonic() - began
    print(f"schemathesis ({state}): {len(stats['operations'])} operations, {stats['scenarios']} scenarios, "
          f"{stats['requests']} requests (scenarios/requests by phase {stats['by_phase']}), stopped: {stats['stop']}, "
          f"{elapsed:.1f} s")

    problems = list(failures)
    if not tend_server.running():
        problems.insert(0, f"tend serve exited (code {tend_server.process.returncode}) during the run")
    elif state == "unlocked":
        still = requests.get(tend_server.url + "/api/v1/space", headers={"Cookie": headers["Cookie"]}, timeout=10)
        if still.json().get("state") != "unlocked":
            problems.append(f"the space was no longer unlocked after the run: {still.text[:200]}")
    if problems:
        pytest.fail(f"schemathesis found {len(problems)} distinct problem(s) with the API while {state} "
                    f"(seed {SEED}, ≤{MAX_EXAMPLES} examples per operation):\n  " + "\n  ".join(problems), pytrace=False)


# --- hostile values the generators rarely reach ---------------------------------------------
# Each is sent through schemathesis (so every response check runs on it) and also judged against
# the document directly: a body the schema forbids must get a 4xx; a body that is valid JSON must
# never be called "not valid JSON", and a 400 for it must name the field it is about.

INT_MAX = 9223372036854775807
EVENTS = "/api/v1/sessions/{id}/events"
EDGE_CASES = [
    # (operation path, method, body, schema-valid?, field the answer should name if refused)
    ("/api/v1/sessions", "POST", {"mode": None}, False, "mode"),
    ("/api/v1/sessions", "POST", {"mode": "solo", "unknown": [1e308, None]}, False, "unknown"),
    (EVENTS, "POST", {"intent": "pause", "seenVersion": -1}, False, "seenVersion"),
    (EVENTS, "POST", {"intent": "pause", "seenVersion": -7}, False, "seenVersion"),
    (EVENTS, "POST", {"intent": "pause", "seenVersion": 1_000_000}, True, "seenVersion"),
    (EVENTS, "POST", {"intent": "pause", "seenVersion": INT_MAX}, False, "seenVersion"),
    (EVENTS, "POST", {"intent": "pause", "seenVersion": INT_MAX + 1}, False, "seenVersion"),
    (EVENTS, "POST", {"intent": "pause", "seenVersion": 10 ** 30}, False, "seenVersion"),
    (EVENTS, "POST", {"intent": "pause", "seenVersion": 1e308}, False, "seenVersion"),
    (EVENTS, "POST", {"intent": "pause", "seenVersion": None}, False, "seenVersion"),
    (EVENTS, "POST", {"intent": "rate", "tension": 11}, False, "tension"),
    (EVENTS, "POST", {"intent": "rate", "pain": -1}, False, "pain"),
    (EVENTS, "POST", {"intent": "rate", "tension": INT_MAX}, False, "tension"),
    (EVENTS, "POST", {"intent": "rate", "tension": 10 ** 30}, False, "tension"),
    (EVENTS, "POST", {"intent": "rate", "pain": 1e308}, False, "pain"),
    (EVENTS, "POST", {"intent": None}, False, "intent"),
    (EVENTS, "POST", {"intent": "reflect", "reflection": {"note": "x" * 100_000}}, False, "note"),
    (EVENTS, "POST", {"intent": "reflect", "reflection": {"note": "x" * 10_001}}, False, "note"),
    (EVENTS, "POST", {"intent": "reflect", "reflection": {"emotions": None}}, False, "emotions"),
    (EVENTS, "POST", [], False, None),
    ("/api/v1/space/unlock", "POST", {"passphrase": None}, False, "passphrase"),
    ("/api/v1/space/unlock", "POST", {"passphrase": "x" * 100_000}, True, None),
]


def edge_case_problems(base_url: str, headers: dict, session_id: str):
    config = schemathesis_config(headers)
    schema = schemathesis.openapi.from_url(base_url + OPENAPI_PATH, config=config)
    problems = []
    for path, method, body, valid, field in EDGE_CASES:
        operation = schema[path][method]
        parameters = {"id": session_id} if "{id}" in path else {}
        case = operation.Case(path_parameters=parameters, headers=dict(headers), body=body, media_type="application/json")
        shown = clip(json.dumps(body), 120)
        try:
            response = case.call(base_url=base_url, timeout=10)
        except Exception as error:  # noqa: BLE001 — a dropped connection is a finding, not a test error
            problems.append(f"{method} {path} {shown}: no answer ({clip(repr(error), 200)})")
            continue
        try:
            case.validate_response(response, headers=dict(headers))
        except (AssertionError, BaseExceptionGroup) as failure:  # schemathesis: Failure or FailureGroup
            found = getattr(failure, "exceptions", None) or [failure]
            for each in found:
                title = getattr(each, "title", type(each).__name__)
                message = getattr(each, "message", str(each))
                problems.append(f"{method} {path} {shown}: schemathesis: {title} — {clip(message, 200)} "
                                f"(answered {response.status_code})")
        status = response.status_code
        text = response.content.decode("utf-8", "replace") if response.content else ""
        if not valid and status < 400:
            problems.append(f"{method} {path} {shown}: the document forbids this body, yet it was answered {status}")
        if status == 400 and "not valid JSON" in text:
            problems.append(f"{method} {path} {shown}: valid JSON answered 400 “not valid JSON” — {clip(text, 160)}")
        elif status == 400 and field and field not in text:
            problems.append(f"{method} {path} {shown}: 400 does not name the field `{field}` — {clip(text, 160)}")
        if valid and status == 400:
            problems.append(f"{method} {path} {shown}: the document allows this body, yet it was refused 400 "
                            f"(document it, e.g. a maximum) — {clip(text, 160)}")
    return problems


def test_api_hostile_values(tend_server, set_up_space):
    owner = set_up_space(tend_server)
    started = owner.api("POST", "sessions", {"mode": "solo"})
    assert started.status_code == 201, started.text
    session_id = started.json()["id"]
    owner.api("POST", f"sessions/{session_id}/events", {"intent": "start"})  # started already, or now
    problems = edge_case_problems(tend_server.url, client_headers(owner, with_session=True), session_id)
    if not tend_server.running():
        problems.insert(0, f"tend serve exited (code {tend_server.process.returncode})")
    if problems:
        pytest.fail(f"{len(problems)} hostile API value(s) handled wrongly:\n  " + "\n  ".join(problems), pytrace=False)


# --- practitioners and sharing, on a hosted Tend ---------------------------------------------

def test_practitioner_and_sharing_api_conforms_to_its_openapi_document(start_tend):
    """The same run over the paths only a hosted Tend answers: once as a practitioner with a
    linked person, once as that person, each with something to read (a share, an offer)."""
    from test_hosted import sign_up
    from conftest import new_passphrase, totp

    began = time.monotonic()
    server = start_tend("--hosted", "--sign-up", "open")
    sam = TendClient(server)
    secret = sam.api("GET", "practitioners/sign-up").json()["codeSecret"]
    made = sam.api("POST", "practitioners/sign-up", {
        "name": "sam", "passphrase": new_passphrase(), "displayName": "Sam, physiotherapist", "codeSecret": secret,
        "code": totp(secret)})
    assert made.status_code == 201, made.text[:300]
    link_code = sam.api("POST", "practitioner/link-codes").json()["linkCode"]
    willow = sign_up(server, "willow", "")
    link = willow.api("POST", "sharing/links", {"linkCode": link_code, "pseudonym": "Willow"}).json()["linkID"]
    today = time.strftime("%Y-%m-%d")
    year_ago = time.strftime("%Y-%m-%d", time.localtime(time.time() - 365 * 86400))  # a share covers at most ten years
    assert willow.api("POST", f"sharing/links/{link}/shares", {"from": year_ago, "to": today, "contents": {"frequency": True}}).status_code == 201
    program = willow.api("GET", "programmes").json()["programmes"][0]["program"]
    assert sam.api("POST", f"practitioner/people/{link}/offers", {"program": program}).status_code == 201

    problems = []
    for who, client in (("practitioner", sam), ("person", willow)):
        # Locking, or ending the link, would end what the rest of the run reads.
        excluded = ("lockSpace", "endLinkAsPerson", "endLinkAsPractitioner")
        failures, stats = run_schemathesis(server.url, client_headers(client, with_session=True), excluded)
        print(f"schemathesis (hosted, {who}): {len(stats['operations'])} operations, {stats['scenarios']} scenarios, "
              f"{stats['requests']} requests, stopped: {stats['stop']}, {time.monotonic() - began:.1f} s")
        problems += [f"as the {who}: {failure}" for failure in failures]
    if not server.running():
        problems.insert(0, f"tend serve exited (code {server.process.returncode}) during the run")
    if problems:
        pytest.fail(f"schemathesis found {len(problems)} distinct problem(s) with the hosted API "
                    f"(seed {SEED}, ≤{MAX_EXAMPLES} examples per operation):\n  " + "\n  ".join(problems), pytrace=False)
