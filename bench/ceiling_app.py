"""The ceiling: a bare Flask application served by gunicorn exactly as the real one is.

It answers every address the load test uses with the least a browser needs to carry on: a GET
gets a tiny page with the two hidden fields the participants read (a CSRF token and the
round) and the marker the phone's script follows the room by; the room's address answers with
a few fields of JSON that never move it; a POST has its form parsed and is redirected, as the
real answer form is. No session, no database, no templates. The same participants and facilitator run against it, so the app's
throughput divided by this one's is the share of the machine's ceiling the app reaches.
"""

from __future__ import annotations

from flask import Flask, jsonify, redirect, request

app = Flask(__name__)

PAGE = ('<!DOCTYPE html><html lang="en"><title>Bare</title><form method="post">'
        '<input type="hidden" name="csrf_token" value="bare-token">'
        '<input type="hidden" name="round" value="1"></form>'
        '<div id="room-follow" data-room-url="/join/bare/room" data-room-key="bare"></div></html>')


@app.get("/health")
def health():
    return "ok"


@app.get("/join/<code>/room")
def room(code: str):
    return jsonify({"key": "bare", "descriptor": None, "round": 0, "shown": False, "agreed": False, "url": None})


@app.get("/", defaults={"path": ""})
@app.get("/<path:path>")
def page(path: str):
    return PAGE


@app.post("/<path:path>")
def form(path: str):
    request.form  # parsed, as the real form is  # noqa: B018
    return redirect("/done")
