"""A tiny HTTP service that misbehaves on purpose, for the harness's own tests.

  python3 misbehaving.py --mode MODE --marker TOKEN

Every mode serves GET /health (200) and GET /ok (200, JSON) except where the
mode says otherwise. TOKEN only makes the process findable in /proc, so tests
can prove nothing outlives grading.

  ok        behaves
  crash     GET /crash kills the process (exit code 7)
  hang      GET /hang never answers
  flood     prints to stdout without pause from the start
  orphan    spawns a child that ignores SIGTERM, then behaves
  exit      exits at once with code 3, after a message on stderr
  silent    never listens
  env       GET /env answers the environment it was given, as JSON
"""

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", required=True)
    parser.add_argument("--marker", required=True)
    args = parser.parse_args()

    if args.mode == "exit":
        print("misbehaving: refusing to start", file=sys.stderr, flush=True)
        sys.exit(3)
    if args.mode == "silent":
        while True:
            time.sleep(1)
    if args.mode == "flood":
        threading.Thread(target=flood, daemon=True).start()
    if args.mode == "orphan":
        subprocess.Popen(["sh", "-c", f"trap '' TERM; sleep 300 # {args.marker}"])

    server = ThreadingHTTPServer((os.environ["HOST"], int(os.environ["PORT"])), handler(args.mode))
    server.daemon_threads = True
    server.serve_forever()


def flood():
    line = "flood " * 40 + "\n"
    while True:
        sys.stdout.write(line)


def handler(mode):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path in ("/health", "/ok"):
                self.answer(200, {"ok": True})
            elif self.path == "/env":
                self.answer(200, dict(os.environ))
            elif self.path == "/crash" and mode == "crash":
                os._exit(7)
            elif self.path == "/hang" and mode == "hang":
                time.sleep(3600)
            else:
                self.answer(404, {"error": "not found"})

        def answer(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    return Handler


if __name__ == "__main__":
    main()
