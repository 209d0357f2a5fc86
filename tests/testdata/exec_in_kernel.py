"""Executes code cells in a running Jupyter kernel and prints their output (used by lab_test.go).

usage: python3 exec_in_kernel.py CONNECTION_FILE CELL_FILE...
Exit status 1 if a cell reports an error.
"""
import sys

import jupyter_client

kc = jupyter_client.BlockingKernelClient(connection_file=sys.argv[1])
kc.load_connection_file()
kc.start_channels()
kc.wait_for_ready(timeout=120)
failed = False
for path in sys.argv[2:]:
    with open(path) as f:
        msg_id = kc.execute(f.read())
    while True:
        msg = kc.get_iopub_msg(timeout=600)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "stream":
            print(msg["content"]["text"], end="")
        elif kind == "error":
            print("ERROR:", msg["content"]["ename"], msg["content"]["evalue"])
            failed = True
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            break
sys.exit(1 if failed else 0)
