"""A small Python language host for the pinned Pulumi CLI (started as `pulumi-language-python`).

Why it exists: Pulumi's own Python host (module github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3)
is refused by the Go module proxy this project can reach (docs/engine-behaviours.md §12), so the CLI could
neither run a `runtime: python` program nor `pulumi import` into one (the CLI loads the project's
language host for every command that touches the program). The `pulumi` package from PyPI already
carries a LanguageRuntime server for Automation API inline programs (pulumi.automation._server, a
private module of the pinned 3.272.0); this host serves it over gRPC and makes its program the
project's own entry point (`__main__.py` in the project folder; a `main` in Pulumi.yaml is passed
through but not covered by a test), run as `python <folder>` would. The CLI reads the port from the first line of stdout.

Not done: installing dependencies (`pulumi install`), `pulumi new` templates, packing, code
generation (`pulumi import` ends with "error: Method not implemented!" after importing; use
--generate-code=false),
`pulumi about` details. The host exits when the CLI that started it is gone (not covered by a test).
"""
import os
import runpy
import signal
import threading
import time
from concurrent import futures

import grpc
from pulumi.automation._server import LanguageServer
from pulumi.runtime.proto import language_pb2_grpc

# Large enough for big stacks' config and outputs (the Automation API uses the same limit).
MAX_MESSAGE_BYTES = 400 * 1024 * 1024


class ProjectLanguageServer(LanguageServer):
    """Runs the program of each Run request: the entry point the CLI names, in its folder."""

    def __init__(self) -> None:
        super().__init__(program=lambda: None)

    def Run(self, request, context):
        folder = request.info.program_directory or request.pwd
        path = os.path.normpath(os.path.join(folder, request.info.entry_point or "."))
        if request.pwd:
            os.chdir(request.pwd)
        # runpy on a folder runs its __main__.py with the folder first on sys.path, as `python <folder>` does.
        self.program = lambda: runpy.run_path(path, run_name="__main__")
        return super().Run(request, context)


def exit_when_orphaned(parent: int) -> None:
    """The CLI ends its plugins when it finishes; a killed CLI does not, so watch for it."""
    while True:
        time.sleep(2)
        if os.getppid() != parent:
            os._exit(0)


def main() -> None:
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=4),
        options=[("grpc.max_receive_message_length", MAX_MESSAGE_BYTES), ("grpc.max_send_message_length", MAX_MESSAGE_BYTES)],
    )
    language_pb2_grpc.add_LanguageRuntimeServicer_to_server(ProjectLanguageServer(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(port, flush=True)
    threading.Thread(target=exit_when_orphaned, args=(os.getppid(),), daemon=True).start()
    # The CLI ends its plugins with SIGINT/SIGTERM once it is done: a normal end, not an error to print.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: os._exit(0))
    server.wait_for_termination()


if __name__ == "__main__":
    main()
