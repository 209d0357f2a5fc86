#!/usr/bin/python3
"""Executes one cell on a running Jupyter server through its REST and websocket API.

Usage: jupyter_exec.py URL TOKEN KERNEL CODE EXPECT

Starts a kernel named KERNEL, sends CODE as an execute_request over the kernel's websocket
channel, and exits 0 when the reply is "ok" and the cell's output contains EXPECT; otherwise
it prints what came back and exits 1. Then it saves a notebook holding that cell through the
contents API (what the UI's Save does), as test_image.sh's check that edits reach the mounted
folder. scripts/test_image.sh runs it from the host against `make lab`'s server in a container.
Uses only tornado, which Debian's jupyter-notebook brings.
"""
import json
import sys
import uuid

from tornado import httpclient, ioloop, websocket


async def main(url, token, kernel, code, expect):
    http = httpclient.AsyncHTTPClient()
    headers = {"Authorization": "token " + token, "Content-Type": "application/json"}
    resp = await http.fetch(url + "/api/kernels", method="POST", headers=headers,
                            body=json.dumps({"name": kernel}), request_timeout=60)
    kid = json.loads(resp.body)["id"]
    ws_url = url.replace("http", "ws", 1) + "/api/kernels/%s/channels?token=%s" % (kid, token)
    conn = await websocket.websocket_connect(ws_url, connect_timeout=60)
    msg_id = uuid.uuid4().hex
    conn.write_message(json.dumps({
        "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex,
                   "msg_type": "execute_request", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": True,
                    "user_expressions": {}, "allow_stdin": False},
    }))
    output, status = "", None
    while status is None:
        raw = await conn.read_message()
        if raw is None:
            break
        msg = json.loads(raw)
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = msg["header"]["msg_type"]
        if kind == "stream":
            output += msg["content"]["text"]
        elif kind == "error":
            output += "\n".join(msg["content"].get("traceback", []))
        elif kind == "execute_reply":
            status = msg["content"]["status"]
    conn.close()
    await http.fetch(url + "/api/kernels/" + kid, method="DELETE", headers=headers)
    if status != "ok" or expect not in output:
        print("jupyter_exec: cell status %s, output %r (want %r)" % (status, output, expect))
        return 1
    print("jupyter_exec: kernel %s ran the cell over the websocket: %r" % (kernel, output.strip()))
    nb = {"type": "notebook", "content": {
        "cells": [{"cell_type": "code", "source": code, "metadata": {}, "outputs": [],
                   "execution_count": None}],
        "metadata": {"kernelspec": {"name": kernel, "display_name": kernel}},
        "nbformat": 4, "nbformat_minor": 5}}
    await http.fetch(url + "/api/contents/edited_in_container.ipynb", method="PUT",
                     headers=headers, body=json.dumps(nb))
    print("jupyter_exec: saved edited_in_container.ipynb through the contents API")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    sys.exit(ioloop.IOLoop.current().run_sync(lambda: main(*sys.argv[1:]), timeout=300))
