"""Runs cells in a Jupyter kernel, then asks it to complete and to inspect (used by lab_completion_test.go).

usage: python3 complete_in_kernel.py CONNECTION_FILE TO_COMPLETE TO_INSPECT CELL_FILE...
Executes each CELL_FILE, then sends a complete_request for the cell TO_COMPLETE (cursor at its
end) until some match comes back or 90 s pass (the kernel's gopls loads the packages first), then
an inspect_request for the cell TO_INSPECT (cursor on its last letter). GoNB answers both only for
cells that parse as Go. Prints one JSON object: {"matches": [...], "inspect": {...}}.
Exit status 1 if a cell reports an error.
"""
import json
import sys
import time

import jupyter_client

kc = jupyter_client.BlockingKernelClient(connection_file=sys.argv[1])
kc.load_connection_file()
kc.start_channels()
kc.wait_for_ready(timeout=120)
to_complete, to_inspect = sys.argv[2], sys.argv[3]
for path in sys.argv[4:]:
    with open(path) as f:
        msg_id = kc.execute(f.read())
    while True:
        msg = kc.get_iopub_msg(timeout=600)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "error":
            print("ERROR in", path, msg["content"]["ename"], msg["content"]["evalue"], file=sys.stderr)
            sys.exit(1)
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            break

matches = []
deadline = time.time() + 90
while not matches and time.time() < deadline:
    reply = kc.complete(to_complete, cursor_pos=len(to_complete), reply=True, timeout=60)
    matches = reply["content"].get("matches", [])
    if not matches:
        time.sleep(1)

reply = kc.inspect(to_inspect, cursor_pos=len(to_inspect) - 1, detail_level=0, reply=True, timeout=60)
inspect = reply["content"]
print(json.dumps({"matches": matches, "inspect": inspect}))
