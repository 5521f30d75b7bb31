"""A persistent AGB context and a session that syncs it.

Stack config (optional): imageId (default agb-code-space-1), team (the session's `team` label,
default quickstart). Provider config: agb:apiKey (secret) and agb:endpoint.
"""
import pulumi
import pulumi_agb as agb

config = pulumi.Config()
prefix = f"{pulumi.get_project()}-{pulumi.get_stack()}"

# Persistent storage that outlives any one sandbox.
work = agb.Context("work", name=f"{prefix}-work")

# A sandbox for an agent, with the context synced at /home/wuying/work.
sandbox = agb.Session(
    "sandbox",
    image_id=config.get("imageId") or "agb-code-space-1",
    labels={"team": config.get("team") or "quickstart"},
    context_syncs=[agb.ContextSyncArgs(context_id=work.id, path="/home/wuying/work")],
)

pulumi.export("contextId", work.id)
pulumi.export("sessionId", sandbox.session_id)
pulumi.export("sessionStatus", sandbox.status)
