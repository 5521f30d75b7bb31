"""
Parity scenario: the official AGB Python SDK (agbcloud-sdk 0.12.0), used only through its public
API the way its docs show, against agb-local. Every step prints PASS or FAIL; the exit code is 1
when any step failed. Run by scripts/parity/run.js (npm run test:parity), which starts agb-local
with its strictness options on and passes:
  AGB_ENDPOINT  agb-local's URL          AGB_API_KEY  the one accepted key
  PARITY_IMAGE  an allowed image id      PARITY_MAX_LABEL_VALUE  the label value limit
"""
import asyncio
import os
import sys
import time
import urllib.request

from agb.context import ContextListParams
from agb.context_sync import (
    BWList, ContextSync, DeletePolicy, DownloadPolicy, ExtractPolicy, Lifecycle, MappingPolicy,
    RecyclePolicy, SyncPolicy, UploadMode, UploadPolicy, WhiteList,
)
from agb.extension import ExtensionOption
from agb.session import Session
from agb.session_params import BrowserContext, CreateSessionParams

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import check, client, step, summary, tasks  # noqa: E402

IMAGE = os.environ.get("PARITY_IMAGE", "agb-code-space-1")
MAX_LABEL_VALUE = int(os.environ.get("PARITY_MAX_LABEL_VALUE", "256"))
RUN = str(int(time.time() * 1000))

agb = client()
S = {}  # state shared between steps
LABELS = {"parity-run": RUN, "team": "sdk"}


@step("create a session with labels")
def _():
    r = agb.create(CreateSessionParams(image_id=IMAGE, labels=LABELS))
    check(r.success and r.session and r.session.session_id, f"create failed: {r.error_message}")
    S["s"] = r.session


@step("get labels")
def _():
    r = S["s"].get_labels()
    check(r.success and r.data == LABELS, f"got {r.data!r} ({r.error_message})")


@step("set labels, then get them back")
def _():
    new = {**LABELS, "stage": "set"}
    r = S["s"].set_labels(new)
    check(r.success, f"set_labels failed: {r.error_message}")
    got = S["s"].get_labels()
    check(got.data == new, f"got {got.data!r}")


@step("list without a label filter")
def _():
    r = agb.list()
    check(r.success and S["s"].session_id in r.session_ids, f"{r.session_ids} ({r.error_message})")


@step("list with a label filter (match and no match)")
def _():
    r = agb.list(labels={"parity-run": RUN, "stage": "set"})
    check(r.success and r.session_ids == [S["s"].session_id], f"match: {r.session_ids} ({r.error_message})")
    none = agb.list(labels={"parity-run": "no-such-run"})
    check(none.success and none.session_ids == [], f"no match: {none.session_ids}")


@step("list with paging (limit 2, pages 1-2, past the end)")
def _():
    page_labels = {"parity-page": RUN}
    made = []
    for _ in range(3):
        r = agb.create(CreateSessionParams(image_id=IMAGE, labels=page_labels))
        check(r.success, f"create failed: {r.error_message}")
        made.append(r.session)
    S["paged"] = made
    p1 = agb.list(labels=page_labels, page=1, limit=2)
    p2 = agb.list(labels=page_labels, page=2, limit=2)
    check(p1.success and p2.success, f"{p1.error_message} {p2.error_message}")
    check(len(p1.session_ids) == 2 and len(p2.session_ids) == 1, f"pages {p1.session_ids} {p2.session_ids}")
    check(sorted(p1.session_ids + p2.session_ids) == sorted(s.session_id for s in made), "pages do not cover the sessions")
    check(p1.total_count == 3, f"total_count {p1.total_count}")
    p3 = agb.list(labels=page_labels, page=3, limit=2)
    check(not p3.success and "No more pages" in p3.error_message, f"page 3: {p3.success} {p3.error_message}")


@step("get (AGB.get) and get_session")
def _():
    r = agb.get(S["s"].session_id)
    check(r.success and r.session.session_id == S["s"].session_id, f"get: {r.error_message}")
    g = agb.get_session(S["s"].session_id)
    check(g.success and g.data.session_id == S["s"].session_id, f"get_session: {g.error_message}")
    check("resourceId=" in (g.data.resource_url or ""), f"resource_url {g.data.resource_url!r}")


@step("status is RUNNING")
def _():
    r = S["s"].get_status()
    check(r.success and r.status == "RUNNING", f"{r.status} ({r.error_message})")


@step("keep-alive")
def _():
    r = S["s"].keep_alive()
    check(r.success, r.error_message)


@step("info (getMcpResource)")
def _():
    r = S["s"].info()
    check(r.success and r.data["session_id"] == S["s"].session_id, f"{r.data} ({r.error_message})")
    check("resourceId=" in r.data["resource_url"], f"resource_url {r.data['resource_url']!r}")


@step("context get-or-create by name (twice: same id)")
def _():
    name = f"parity-{RUN}"
    a = agb.context.get(name, create=True)
    b = agb.context.get(name, create=True)
    check(a.success and b.success and a.context.id == b.context.id, f"{a.error_message} {b.error_message}")
    S["ctx"] = a.context


@step("context list (with paging parameters)")
def _():
    r = agb.context.list(ContextListParams(max_results=100))
    check(r.success and S["ctx"].id in [c.id for c in r.contexts], f"{r.error_message}")


@step("context get by name and by id")
def _():
    by_name = agb.context.get(S["ctx"].name)
    by_id = agb.context.get(context_id=S["ctx"].id)
    check(by_name.success and by_name.context.id == S["ctx"].id, f"by name: {by_name.error_message}")
    check(by_id.success and by_id.context.name == S["ctx"].name, f"by id: {by_id.error_message}")


@step("context rename")
def _():
    ctx = S["ctx"]
    ctx.name = f"parity-renamed-{RUN}"
    r = agb.context.update(ctx)
    check(r.success, r.error_message)
    got = agb.context.get(ctx.name)
    check(got.success and got.context.id == ctx.id, f"renamed lookup: {got.error_message}")


@step("context file: upload URL, PUT, listing, download URL, GET")
def _():
    cid = S["ctx"].id
    up = agb.context.get_file_upload_url(cid, "/data/hello.txt")
    check(up.success and up.url, f"upload url: {up.error_message}")
    req = urllib.request.Request(up.url, data=b"hello parity", method="PUT")
    with urllib.request.urlopen(req, timeout=30) as res:
        check(res.status == 200, f"PUT {res.status}")
    listing = agb.context.list_files(cid, "/data")
    check(listing.success and [e.file_path for e in listing.entries] == ["/data/hello.txt"], f"listing {listing.error_message}")
    down = agb.context.get_file_download_url(cid, "/data/hello.txt")
    check(down.success and down.url, f"download url: {down.error_message}")
    with urllib.request.urlopen(down.url, timeout=30) as res:
        check(res.read() == b"hello parity", "downloaded bytes differ")


@step("context file delete")
def _():
    cid = S["ctx"].id
    r = agb.context.delete_file(cid, "/data/hello.txt")
    check(r.success, r.error_message)
    listing = agb.context.list_files(cid, "/data")
    check(listing.success and listing.entries == [], f"still listed: {[e.file_path for e in listing.entries]}")


@step("context clear")
def _():
    r = agb.context.clear(S["ctx"].id, timeout=60, poll_interval=1)
    check(r.success and r.status == "available", f"{r.status} ({r.error_message})")


@step("session with context syncs using every sub-policy")
def _():
    cid = S["ctx"].id
    every = SyncPolicy(
        upload_policy=UploadPolicy(auto_upload=True, upload_mode=UploadMode.ARCHIVE),
        download_policy=DownloadPolicy(auto_download=True),
        delete_policy=DeletePolicy(sync_local_file=False),
        extract_policy=ExtractPolicy(extract=True, delete_src_file=False, extract_current_folder=True),
        recycle_policy=RecyclePolicy(lifecycle=Lifecycle.LIFECYCLE_1DAY, paths=["test-data", "logs"]),
        bw_list=BWList(white_lists=[WhiteList(path="/src", exclude_paths=["/node_modules", "/dist"])]),
        mapping_policy=MappingPolicy(path="/home/olduser/project"),
    )
    syncs = [ContextSync.new(cid, "/home/project", every), ContextSync.new(cid, "/tmp/cache", SyncPolicy())]
    r = agb.create(CreateSessionParams(image_id=IMAGE, labels={"parity-run": RUN}, context_syncs=syncs))
    check(r.success, f"create failed: {r.error_message}")
    S["synced"] = r.session
    downloads = [t for t in tasks(r.session) if t.task_type == "download"]
    check(sorted(t.path for t in downloads) == ["/home/project", "/tmp/cache"], f"download tasks {[(t.path, t.status) for t in downloads]}")
    check(all(t.status == "Success" for t in downloads), f"statuses {[t.status for t in downloads]}")


@step("browser context with an extension option")
def _():
    browser = agb.context.get(f"parity-browser-{RUN}", create=True).context
    ext = agb.context.get(f"parity-ext-{RUN}", create=True).context
    option = ExtensionOption(context_id=ext.id, extension_ids=["ext_" + "a" * 32 + ".zip"])
    bc = BrowserContext(context_id=browser.id, auto_upload=True, extension_option=option)
    r = agb.create(CreateSessionParams(image_id=IMAGE, browser_context=bc))
    check(r.success, f"create failed: {r.error_message}")
    paths = sorted(t.path for t in tasks(r.session) if t.task_type == "download")
    check(paths == ["/tmp/agb_browser_data", "/tmp/extensions/"], f"download task paths {paths}")
    d = r.session.delete()
    check(d.success, f"delete: {d.error_message}")


@step("context sync (all, and one context/path) and info")
def _():
    s = S["synced"]
    r = asyncio.run(s.context.sync())
    check(r.success, f"sync all: {r.error_message}")
    one = asyncio.run(s.context.sync(context_id=S["ctx"].id, path="/tmp/cache", mode="upload"))
    check(one.success, f"sync one: {one.error_message}")
    uploads = [t for t in tasks(s, context_id=S["ctx"].id, path="/tmp/cache", task_type="upload")]
    check(uploads and all(t.status == "Success" for t in uploads), f"upload tasks {[(t.path, t.status) for t in uploads]}")


@step("delete with sync")
def _():
    s = S["synced"]
    d = agb.delete(s, sync_context=True)
    check(d.success, d.error_message)
    g = agb.get(s.session_id)
    check(not g.success, "the deleted session is still found")


@step("error: unknown session (get, status, info)")
def _():
    g = agb.get("s-0000000000000000")
    check(not g.success and "not found" in g.error_message.lower(), f"get: {g.success} {g.error_message}")
    ghost = Session(agb, "s-0000000000000000")
    st = ghost.get_status()
    check(not st.success, "status of an unknown session succeeded")
    check(not ghost.info().success, "info of an unknown session succeeded")


@step("error: double delete")
def _():
    s = S["s"]
    first = s.delete()
    check(first.success, f"first delete: {first.error_message}")
    second = s.delete()
    check(not second.success, "second delete succeeded")


@step("error: every call on a released session fails (get, labels, keep-alive, info)")
def _():
    s = S["s"]
    check(not agb.get(s.session_id).success, "get of a released session succeeded")
    check(not agb.get_session(s.session_id).success, "get_session of a released session succeeded")
    check(not s.get_labels().success, "get_labels of a released session succeeded")
    check(not s.set_labels({"a": "b"}).success, "set_labels of a released session succeeded")
    check(not s.keep_alive().success, "keep_alive of a released session succeeded")
    check(not s.info().success, "info of a released session succeeded")
    st = s.get_status()  # the status call still reports the release (the SDK's delete loop reads it)
    check(not st.success or st.status in ("DELETING", "FINISH"), f"status {st.status}")


@step("error: empty label key and empty labels refused before any request")
def _():
    s = S["paged"][0]
    r = s.set_labels({"": "v"})
    check(not r.success and "keys cannot be empty" in r.error_message, r.error_message)
    e = s.set_labels({})
    check(not e.success and "cannot be empty" in e.error_message, e.error_message)


@step("error: empty and unknown API keys get AccessDenied")
def _():
    for key in (" ", "akm-not-a-known-key"):
        r = client(key).create(CreateSessionParams(image_id=IMAGE))
        check(not r.success, f"create with key {key!r} succeeded")
        lst = client(key).list()
        check(not lst.success, f"list with key {key!r} succeeded")
    check(client(" ").context.get("x", create=True).success is False, "GetContext with an empty key succeeded")


@step("error: label over the limit, image not allowed")
def _():
    long = agb.create(CreateSessionParams(image_id=IMAGE, labels={"k": "v" * (MAX_LABEL_VALUE + 1)}))
    check(not long.success and "labels.k" in long.error_message, f"{long.success} {long.error_message}")
    img = agb.create(CreateSessionParams(image_id="agb-no-such-image"))
    check(not img.success and "agb-no-such-image" in img.error_message, f"{img.success} {img.error_message}")


@step("context delete, then get by id fails")
def _():
    for s in S.get("paged", []):
        s.delete()
    r = agb.context.delete(S["ctx"])
    check(r.success, r.error_message)
    gone = agb.context.get(context_id=S["ctx"].id)
    check(not gone.success, "deleted context still found")


sys.exit(summary())
