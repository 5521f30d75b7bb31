"""Step bookkeeping for the parity scenario: each step runs at once and prints PASS or FAIL."""
import os

from agb import AGB
from agb.config import Config

ENDPOINT = os.environ["AGB_ENDPOINT"]
KEY = os.environ["AGB_API_KEY"]

results = []


def step(name):
    """Decorator: runs the step at once, records PASS/FAIL with the reason."""
    def run(fn):
        try:
            fn()
            results.append((name, True, ""))
            print(f"PASS {len(results):2d} {name}", flush=True)
        except Exception as e:  # a failed check or an SDK exception both fail the step
            results.append((name, False, str(e)))
            print(f"FAIL {len(results):2d} {name}: {e}", flush=True)
        return fn
    return run


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def client(key=KEY):
    """An SDK client for agb-local with `key` (the accepted one by default)."""
    return AGB(api_key=key, cfg=Config(endpoint=ENDPOINT, timeout_ms=60000))


def tasks(session, **kw):
    """The session's sync tasks through Session.context.info (filters as keyword arguments)."""
    r = session.context.info(**kw)
    check(r.success, f"context.info failed: {r.error_message}")
    return r.context_status_data


def summary():
    """Prints the totals; returns the exit code (1 when any step failed)."""
    failed = [r for r in results if not r[1]]
    print(f"parity scenario: {len(results)} steps, {len(results) - len(failed)} passed, {len(failed)} failed", flush=True)
    return 1 if failed else 0

