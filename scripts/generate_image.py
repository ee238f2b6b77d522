#!/usr/bin/env python3
"""Generate an image with a Poe bot through the bridge, from the command line.

Uses only Python's standard library. The Poe API key is read from POE_API_KEY.

Examples:
    POE_API_KEY=... scripts/generate_image.py "a lighthouse at dawn"            # saves image.png
    POE_API_KEY=... scripts/generate_image.py "a fox" --model GPT-Image-1 -n 2 -o fox.png
    POE_API_KEY=... scripts/generate_image.py "a fox" --print-url               # prints the URL only
"""
import argparse
import base64
import json
import os
import sys
import urllib.error
import urllib.request

DEFAULT_BASE_URL = os.environ.get("BRIDGE_BASE_URL", "http://localhost:8080")

# File signatures, so a saved file gets the extension of what the bot really sent.
SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"GIF87a", ".gif"),
    (b"GIF89a", ".gif"),
]


def api_url(base_url, path):
    base = base_url.rstrip("/")
    if not base.endswith("/v1"):
        base += "/v1"
    return base + path


def call(url, key, payload=None, timeout=660):
    """POSTs JSON (or GETs when payload is None); returns the parsed JSON or raises SystemExit with the error."""
    data = None if payload is None else json.dumps(payload).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="GET" if payload is None else "POST")
    request.add_header("Authorization", "Bearer " + key)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.load(response)
    except urllib.error.HTTPError as e:
        body = e.read().decode("utf-8", "replace")
        try:
            error = json.loads(body)["error"]
            message = "%s (HTTP %d, %s%s)" % (error.get("message"), e.code, error.get("type"),
                                             ", code " + error["code"] if error.get("code") else "")
        except (ValueError, KeyError, TypeError):
            message = "HTTP %d: %s" % (e.code, body[:500])
        raise SystemExit("error: " + message)
    except urllib.error.URLError as e:
        raise SystemExit("error: cannot reach the bridge at %s: %s" % (url, e.reason))


def extension_of(data, default=".png"):
    for signature, ext in SIGNATURES:
        if data.startswith(signature):
            return ext
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    return default


def output_paths(output, count, data_list):
    """image.png, or image-1.png, image-2.png ... for several images; the extension follows the bytes."""
    root, ext = os.path.splitext(output)
    paths = []
    for i, data in enumerate(data_list, start=1):
        real_ext = ext or extension_of(data)
        paths.append("%s%s%s" % (root, "-%d" % i if count > 1 else "", real_ext))
    return paths


def main(argv=None):
    parser = argparse.ArgumentParser(description="Generate an image with a Poe bot through the bridge.")
    parser.add_argument("prompt", help="what to draw")
    parser.add_argument("--model", "-m", default=None, help="Poe bot name (default: the bridge's default image bot)")
    parser.add_argument("-n", type=int, default=1, help="number of images, 1-10 (default 1)")
    parser.add_argument("--output", "-o", default="image",
                        help="file to save (default image.<ext>; several images get -1, -2 ...)")
    parser.add_argument("--print-url", action="store_true",
                        help="only print the image URLs, save nothing (response_format=url)")
    parser.add_argument("--url-mode", action="store_true",
                        help="ask for URLs and download them yourself instead of b64_json")
    parser.add_argument("--base-url", default=DEFAULT_BASE_URL,
                        help="the bridge's URL (default $BRIDGE_BASE_URL or http://localhost:8080)")
    args = parser.parse_args(argv)

    key = os.environ.get("POE_API_KEY")
    if not key:
        raise SystemExit("error: set POE_API_KEY to your Poe API key (https://poe.com/api_key)")

    use_urls = args.print_url or args.url_mode
    payload = {"prompt": args.prompt, "n": args.n, "response_format": "url" if use_urls else "b64_json"}
    if args.model:
        payload["model"] = args.model
    result = call(api_url(args.base_url, "/images/generations"), key, payload)
    images = result.get("data") or []
    if not images:
        raise SystemExit("error: the bridge returned no images")

    if args.print_url:
        for image in images:
            print(image["url"])
        return 0

    if use_urls:
        blobs = []
        for image in images:
            with urllib.request.urlopen(image["url"], timeout=120) as response:
                blobs.append(response.read())
    else:
        blobs = [base64.b64decode(image["b64_json"]) for image in images]

    for path, data in zip(output_paths(args.output, len(blobs), blobs), blobs):
        with open(path, "wb") as f:
            f.write(data)
        print("saved %s (%d bytes)" % (path, len(data)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
