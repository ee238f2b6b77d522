#!/usr/bin/env python3
"""Edit local images with a Poe image bot through the bridge, and save the result.

Uses only Python's standard library. The Poe API key is read from POE_API_KEY.

Examples:
    POE_API_KEY=... scripts/edit_image.py cat.png "make the cat blue"                   # saves edited.png
    POE_API_KEY=... scripts/edit_image.py a.jpg b.png "both on one sofa" -m GPT-Image-1 -o sofa.png
"""
import argparse
import base64
import json
import mimetypes
import os
import sys
import urllib.error
import urllib.request
import uuid

DEFAULT_BASE_URL = os.environ.get("BRIDGE_BASE_URL", "http://localhost:8080")


def api_url(base_url, path):
    base = base_url.rstrip("/")
    if not base.endswith("/v1"):
        base += "/v1"
    return base + path


def multipart(fields, files):
    """Encodes text fields and (field, path) files as multipart/form-data; returns (body, content type)."""
    boundary = "----bridge-" + uuid.uuid4().hex
    parts = []
    for name, value in fields:
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                      % (boundary, name, value)).encode("utf-8"))
    for name, path in files:
        with open(path, "rb") as f:
            data = f.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        head = ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\nContent-Type: %s\r\n\r\n"
                % (boundary, name, os.path.basename(path), content_type)).encode("utf-8")
        parts.append(head + data + b"\r\n")
    parts.append(("--%s--\r\n" % boundary).encode("utf-8"))
    return b"".join(parts), "multipart/form-data; boundary=" + boundary


def extension_of(data):
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if data.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    if data.startswith(b"GIF8"):
        return ".gif"
    return ".png"


def main(argv=None):
    parser = argparse.ArgumentParser(description="Edit local images with a Poe image bot through the bridge.")
    parser.add_argument("images", nargs="+", help="one or more image files (PNG, JPEG, WEBP, GIF), then the prompt")
    parser.add_argument("--model", "-m", default=None, help="Poe bot name (default: the bridge's edit bot)")
    parser.add_argument("-n", type=int, default=1, help="number of results, 1-10 (default 1)")
    parser.add_argument("--output", "-o", default="edited", help="file to save (default edited.<ext>)")
    parser.add_argument("--base-url", default=DEFAULT_BASE_URL,
                        help="the bridge's URL (default $BRIDGE_BASE_URL or http://localhost:8080)")
    args = parser.parse_args(argv)
    if len(args.images) < 2:
        parser.error("give at least one image file and a prompt")
    *paths, prompt = args.images
    key = os.environ.get("POE_API_KEY")
    if not key:
        raise SystemExit("error: set POE_API_KEY to your Poe API key (https://poe.com/api_key)")
    for path in paths:
        if not os.path.isfile(path):
            raise SystemExit("error: no such file: " + path)

    fields = [("prompt", prompt), ("n", str(args.n)), ("response_format", "b64_json")]
    if args.model:
        fields.append(("model", args.model))
    field_name = "image" if len(paths) == 1 else "image[]"
    body, content_type = multipart(fields, [(field_name, p) for p in paths])
    request = urllib.request.Request(api_url(args.base_url, "/images/edits"), data=body, method="POST")
    request.add_header("Authorization", "Bearer " + key)
    request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=660) as response:
            result = json.load(response)
    except urllib.error.HTTPError as e:
        text = e.read().decode("utf-8", "replace")
        try:
            error = json.loads(text)["error"]
            raise SystemExit("error: %s (HTTP %d, %s)" % (error.get("message"), e.code, error.get("code") or error.get("type")))
        except (ValueError, KeyError, TypeError):
            raise SystemExit("error: HTTP %d: %s" % (e.code, text[:500]))
    except urllib.error.URLError as e:
        raise SystemExit("error: cannot reach the bridge: %s" % e.reason)

    images = [base64.b64decode(item["b64_json"]) for item in result.get("data", [])]
    root, ext = os.path.splitext(args.output)
    for i, data in enumerate(images, start=1):
        path = "%s%s%s" % (root, "-%d" % i if len(images) > 1 else "", ext or extension_of(data))
        with open(path, "wb") as f:
            f.write(data)
        print("saved %s (%d bytes)" % (path, len(data)))
    return 0 if images else 1


if __name__ == "__main__":
    sys.exit(main())
