#!/usr/bin/env python3
"""Chat with any Poe bot through the bridge, streaming the reply and listing file URLs as they arrive.

Uses only Python's standard library. The Poe API key is read from POE_API_KEY.

Examples:
    POE_API_KEY=... scripts/chat.py -m GPT-4o "Explain server-sent events in two sentences"
    POE_API_KEY=... scripts/chat.py -m Imagen-3-Fast "a lighthouse at dawn"          # prints the image URL
    POE_API_KEY=... scripts/chat.py -m GPT-4o --image photo.jpg "What is in this picture?"
"""
import argparse
import base64
import json
import mimetypes
import os
import re
import sys
import urllib.error
import urllib.request

LINK = re.compile(r"\]\((https?://[^)\s]+)\)")


def api_url(base_url, path):
    base = base_url.rstrip("/")
    if not base.endswith("/v1"):
        base += "/v1"
    return base + path


def image_part(path):
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    with open(path, "rb") as f:
        data = base64.b64encode(f.read()).decode("ascii")
    return {"type": "image_url", "image_url": {"url": "data:%s;base64,%s" % (content_type, data)}}


def fail_with(error_body, status):
    try:
        error = json.loads(error_body)["error"]
        raise SystemExit("error: %s (HTTP %s, %s)" % (error.get("message"), status, error.get("code") or error.get("type")))
    except (ValueError, KeyError, TypeError):
        raise SystemExit("error: HTTP %s: %s" % (status, error_body[:500]))


def main(argv=None):
    parser = argparse.ArgumentParser(description="Chat with a Poe bot through the bridge.")
    parser.add_argument("prompt")
    parser.add_argument("--model", "-m", default="GPT-4o", help="Poe bot name (default GPT-4o)")
    parser.add_argument("--system", help="a system message")
    parser.add_argument("--image", action="append", default=[], help="a local image to send (repeatable)")
    parser.add_argument("--no-stream", action="store_true", help="wait for the whole answer")
    parser.add_argument("--base-url", default=os.environ.get("BRIDGE_BASE_URL", "http://localhost:8080"))
    args = parser.parse_args(argv)
    key = os.environ.get("POE_API_KEY")
    if not key:
        raise SystemExit("error: set POE_API_KEY to your Poe API key (https://poe.com/api_key)")

    content = [{"type": "text", "text": args.prompt}] + [image_part(p) for p in args.image]
    messages = ([{"role": "system", "content": args.system}] if args.system else []) + [{"role": "user", "content": content}]
    payload = {"model": args.model, "messages": messages, "stream": not args.no_stream}
    request = urllib.request.Request(api_url(args.base_url, "/chat/completions"), method="POST",
                                     data=json.dumps(payload).encode("utf-8"))
    request.add_header("Authorization", "Bearer " + key)
    request.add_header("Content-Type", "application/json")
    try:
        response = urllib.request.urlopen(request, timeout=660)
    except urllib.error.HTTPError as e:
        fail_with(e.read().decode("utf-8", "replace"), e.code)
    except urllib.error.URLError as e:
        raise SystemExit("error: cannot reach the bridge: %s" % e.reason)

    with response:
        if args.no_stream:
            answer = json.load(response)["choices"][0]["message"]["content"]
            print(answer)
            for url in LINK.findall(answer):
                print("file: " + url, file=sys.stderr)
            return 0
        text = ""
        reported = 0
        for raw in response:
            line = raw.decode("utf-8").rstrip("\r\n")
            if not line.startswith("data:"):
                continue  # blank separators and ": keep-alive" comments
            data = line[5:].strip()
            if data == "[DONE]":
                break
            chunk = json.loads(data)
            if "error" in chunk:
                print()
                raise SystemExit("error: %s (%s)" % (chunk["error"].get("message"), chunk["error"].get("code")))
            for choice in chunk.get("choices", []):
                delta = choice.get("delta", {}).get("content")
                if delta:
                    text += delta
                    sys.stdout.write(delta)
                    sys.stdout.flush()
            urls = LINK.findall(text)
            for url in urls[reported:]:
                print("\nfile: " + url, file=sys.stderr)
            reported = len(urls)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
