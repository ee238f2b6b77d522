#!/usr/bin/env python3
"""A Poe stand-in for streaming measurements (standard library, asyncio), behind the benchmark's nginx stand-in.

POST /bot/Stream-Bot: meta, then EVENTS text events EVERY_MS apart, each carrying the time it was sent
                      (time.time_ns()), then done.
POST /bot/Slow-Bot:   meta, then a ping every 5 s for HOLD_S seconds, then done: an image bot at work.
"""
import asyncio
import json
import sys
import time

EVENTS = 50
EVERY_MS = 20
HOLD_S = 45


async def handle(reader, writer):
    try:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        path = lines[0].split(" ")[1]
        length = 0
        for line in lines[1:]:
            if line.lower().startswith("content-length:"):
                length = int(line.split(":", 1)[1])
        if length:
            await reader.readexactly(length)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                     b"Connection: close\r\n\r\n")

        async def send(text):
            data = text.encode("utf-8")
            writer.write(b"%x\r\n%s\r\n" % (len(data), data))
            await writer.drain()

        await send('event: meta\ndata: {"content_type": "text/markdown"}\n\n')
        if path.startswith("/bot/Stream-Bot"):
            for i in range(EVENTS):
                await asyncio.sleep(EVERY_MS / 1000)
                await send("event: text\ndata: %s\n\n" % json.dumps({"text": "[%d:%d]" % (i, time.time_ns())}))
        else:
            for _ in range(HOLD_S // 5):
                await asyncio.sleep(5)
                await send("event: ping\ndata: {}\n\n")
        await send("event: done\ndata: {}\n\n")
        writer.write(b"0\r\n\r\n")
        await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main(port):
    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=4096)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
