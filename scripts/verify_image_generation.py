#!/usr/bin/env python3
"""Check a running bridge end to end: models are listed, an image URL comes back, b64_json decodes to an image.

Uses only Python's standard library. Exit code 0 when every check passes, 1 otherwise.

    POE_API_KEY=... scripts/verify_image_generation.py --base-url http://localhost:8080 [--model Imagen-3-Fast]
"""
import argparse
import base64
import json
import os
import sys
import urllib.error
import urllib.request

IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF8", b"RIFF")


def request(method, url, key=None, payload=None, timeout=660):
    data = None if payload is None else json.dumps(payload).encode("utf-8")
    req = urllib.request.Request(url, data=data, method=method)
    if key:
        req.add_header("Authorization", "Bearer " + key)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as e:
        body = e.read().decode("utf-8", "replace")
        try:
            return e.code, json.loads(body)
        except ValueError:
            return e.code, {"raw": body[:300]}


class Checks:
    def __init__(self):
        self.failed = 0

    def check(self, name, ok, detail=""):
        print("%s %s%s" % ("PASS" if ok else "FAIL", name, (": " + detail) if detail else ""))
        if not ok:
            self.failed += 1
        return ok


def main(argv=None):
    parser = argparse.ArgumentParser(description="Verify a running Poe-to-OpenAI bridge end to end.")
    parser.add_argument("--base-url", default=os.environ.get("BRIDGE_BASE_URL", "http://localhost:8080"))
    parser.add_argument("--model", default=None, help="image bot to try (default: the bridge's default)")
    parser.add_argument("--skip-b64", action="store_true", help="skip the b64_json check (saves one generation)")
    args = parser.parse_args(argv)
    key = os.environ.get("POE_API_KEY")
    if not key:
        print("FAIL POE_API_KEY is not set")
        return 1

    base = args.base_url.rstrip("/")
    if base.endswith("/v1"):
        base = base[:-3]
    checks = Checks()

    try:
        status, body = request("GET", base + "/v1/models")
    except urllib.error.URLError as e:
        checks.check("bridge reachable at " + base, False, str(e.reason))
        return 1
    checks.check("GET /v1/models answers 200 with a list", status == 200 and body.get("object") == "list"
                 and isinstance(body.get("data"), list) and len(body["data"]) > 0, "HTTP %s" % status)

    payload = {"prompt": "a small red apple on a white table", "n": 1}
    if args.model:
        payload["model"] = args.model
    status, body = request("POST", base + "/v1/images/generations", key, dict(payload, response_format="url"))
    url = None
    if status == 200 and body.get("data"):
        url = body["data"][0].get("url")
    checks.check("images/generations returns an image URL", isinstance(url, str) and url.startswith(("http://", "https://")),
                 url if url else "HTTP %s %s" % (status, json.dumps(body)[:300]))
    checks.check("the response has OpenAI's 'created'", isinstance(body.get("created"), int))

    if not args.skip_b64:
        status, body = request("POST", base + "/v1/images/generations", key, dict(payload, response_format="b64_json"))
        data = b""
        if status == 200 and body.get("data"):
            try:
                data = base64.b64decode(body["data"][0].get("b64_json", ""), validate=True)
            except ValueError:
                data = b""
        checks.check("b64_json decodes to an image", data.startswith(IMAGE_SIGNATURES),
                     "%d bytes" % len(data) if data else "HTTP %s %s" % (status, json.dumps(body)[:300]))

    status, body = request("POST", base + "/v1/images/generations", None, payload)
    checks.check("a request without a key is refused with an OpenAI error", status == 401 and "error" in body,
                 "HTTP %s" % status)

    print("%d check(s) failed" % checks.failed if checks.failed else "all checks passed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
