"""
The official AGB Python SDK as a command for the parity jest tests (public API only). Prints one
JSON line on stdout, prefixed with RESULT, and exits 0; SDK log lines go elsewhere.
  examples <contexts-json>   create a session for each example of the SDK's session-parameter docs
                             (in order), delete it, print {"sessionIds": [...]}
  use <sessionId>            get, get_labels, context.sync and context.info on a session made by
                             someone else; print what worked
  create-synced <contextId> <path>  create a session with one default-policy context sync
Environment: AGB_ENDPOINT, AGB_API_KEY.
"""
import asyncio
import json
import os
import sys

from agb import AGB
from agb.config import Config
from agb.context_sync import ContextSync, Lifecycle, RecyclePolicy, SyncPolicy, UploadMode, UploadPolicy
from agb.extension import ExtensionOption
from agb.session_params import BrowserContext, CreateSessionParams

agb = AGB(api_key=os.environ["AGB_API_KEY"], cfg=Config(endpoint=os.environ["AGB_ENDPOINT"], timeout_ms=60000))


def out(value):
    print("RESULT " + json.dumps(value), flush=True)


def documented_examples(ctx):
    """The usage examples of the SDK's session-parameter API reference, with our context ids."""
    ext_ids = ctx["extensionIds"]
    yield "basic", CreateSessionParams(image_id="agb-code-space-1")
    yield "archive upload mode", CreateSessionParams(
        image_id="agb-code-space-1",
        labels={"project": "my-app", "environment": "development"},
        context_syncs=[ContextSync.new(
            context_id=ctx["project"], path="/workspace/project",
            policy=SyncPolicy(upload_policy=UploadPolicy(auto_upload=True, upload_mode=UploadMode.ARCHIVE)),
        )],
    )
    yield "recycle LIFECYCLE_1DAY", CreateSessionParams(
        image_id="agb-code-space-1",
        labels={"type": "cache", "retention": "1day"},
        context_syncs=[ContextSync.new(ctx["cache"], "/tmp/cache", SyncPolicy(
            recycle_policy=RecyclePolicy(lifecycle=Lifecycle.LIFECYCLE_1DAY, paths=["test-data", "logs"]),
        ))],
    )
    yield "basic browser context", CreateSessionParams(
        image_id="agb-code-space-1",
        browser_context=BrowserContext(context_id=ctx["browser"], auto_upload=True),
    )
    yield "browser context with extensions", CreateSessionParams(
        image_id="agb-code-space-1",
        browser_context=BrowserContext(
            context_id=ctx["browser"], auto_upload=True,
            extension_option=ExtensionOption(context_id=ctx["extensions"], extension_ids=ext_ids),
        ),
    )
    yield "complete browser session", CreateSessionParams(
        image_id="agb-code-space-1",
        labels={"type": "browser_automation", "extensions": "enabled"},
        browser_context=BrowserContext(
            context_id=ctx["mainBrowser"], auto_upload=True,
            extension_option=ExtensionOption(context_id=ctx["browserExtensions"], extension_ids=ext_ids),
        ),
    )


def examples(ctx):
    ids = []
    for name, params in documented_examples(ctx):
        r = agb.create(params)
        if not r.success:
            raise SystemExit(f"example {name}: create failed: {r.error_message}")
        ids.append(r.session.session_id)
        r.session.delete()
    out({"sessionIds": ids})


def use(session_id):
    got = agb.get(session_id)
    result = {"get": got.success, "error": got.error_message}
    if got.success:
        s = got.session
        labels = s.get_labels()
        result["labels"] = labels.data if labels.success else None
        sync = asyncio.run(s.context.sync())
        result["sync"] = sync.success
        info = s.context.info(task_type="upload")
        result["uploads"] = [{"contextId": t.context_id, "path": t.path, "status": t.status} for t in info.context_status_data] if info.success else None
    out(result)


def create_synced(context_id, path):
    r = agb.create(CreateSessionParams(image_id="agb-code-space-1", labels={"made-by": "sdk"}, context_syncs=[ContextSync.new(context_id, path, SyncPolicy())]))
    if not r.success:
        raise SystemExit(f"create failed: {r.error_message}")
    out({"sessionId": r.session.session_id})


cmd = sys.argv[1]
if cmd == "examples":
    examples(json.loads(sys.argv[2]))
elif cmd == "use":
    use(sys.argv[2])
elif cmd == "create-synced":
    create_synced(sys.argv[2], sys.argv[3])
else:
    raise SystemExit(f"unknown command {cmd}")
