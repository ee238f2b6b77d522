#!/usr/bin/env node
// A Poe stand-in on Node.js (20+, core modules only), for the benchmark's `--upstream node`: the neutral harness of
// issue 14 put the bridge in front of a stand-in like this one. Its SSE route costs the same as its plain JSON route
// (one write of a prepared body), so nothing but the transport differs between them.
//
//     node bench/node_poe.js PORT FILES_DIR
//
// POST /bot/Stream-Bot | /bot/Slow-Bot   the streaming bots of bench/slow_poe.py (timestamped text events; pings)
// POST /bot/<any other bot>              meta, text, file (this server's /files/cat.png), done: the nginx stand-in's reply
// POST /json                             the same reply size as plain JSON (what "costs the same" is checked against)
// GET  /files/cat.png                    the image, from FILES_DIR/files/cat.png
// GET  /v1/models                        one bot
// GET  /stats                            connections opened and requests served since start (keep-alive check)
//
// NODE_POE_CHUNKED=1 writes the bot reply event by event (chunked, one write each), as a server that streams does.
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');

const port = Number(process.argv[2]);
const files = process.argv[3] || '.';
const cat = fs.readFileSync(path.join(files, 'files', 'cat.png'));

const sse = Buffer.from('event: meta\ndata: {"content_type": "text/markdown"}\n\n'
  + 'event: text\ndata: {"text": "Here you go"}\n\n'
  + `event: file\ndata: {"url": "http://127.0.0.1:${port}/files/cat.png", "content_type": "image/png", "name": "cat.png"}\n\n`
  + 'event: done\ndata: {}\n\n');
const json = Buffer.from(JSON.stringify({ text: 'Here you go', url: `http://127.0.0.1:${port}/files/cat.png`,
  pad: 'x'.repeat(Math.max(0, sse.length - 80)) }));
const models = Buffer.from('{"object":"list","data":[{"id":"Bench-Bot","object":"model","created":1,"owned_by":"bench"}]}');

const sseEvents = sse.toString().split(/(?<=\n\n)/);
const chunked = process.env.NODE_POE_CHUNKED === '1';
const stats = { connections: 0, open: 0, requests: 0 };

function send(res, type, body) {
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length });
  res.end(body);
}

// The streaming bots write event by event, as slow_poe.py does.
function stream(res, bot) {
  res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  res.write('event: meta\ndata: {"content_type": "text/markdown"}\n\n');
  let i = 0;
  const timer = bot === 'Stream-Bot'
    ? setInterval(() => {
      if (i === 50) { clearInterval(timer); res.end('event: done\ndata: {}\n\n'); return; }
      res.write(`event: text\ndata: ${JSON.stringify({ text: `[${i++}:${process.hrtime.bigint() + offsetNs}]` })}\n\n`);
    }, 20)
    : setInterval(() => {
      if (++i === 9) { clearInterval(timer); res.end('event: done\ndata: {}\n\n'); return; }
      res.write('event: ping\ndata: {}\n\n');
    }, 5000);
  res.on('close', () => clearInterval(timer));
}
// Wall-clock nanoseconds (what the benchmark's client compares with time.time_ns()) from the monotonic clock.
const offsetNs = BigInt(Date.now()) * 1000000n - process.hrtime.bigint();

const server = http.createServer((req, res) => {
  stats.requests++;
  const url = req.url;
  req.on('data', () => {});
  req.on('end', () => {
    if (req.method === 'POST' && url.startsWith('/bot/')) {
      const bot = url.slice(5);
      if (bot === 'Stream-Bot' || bot === 'Slow-Bot') stream(res, bot);
      else if (chunked) {
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        for (let i = 0; i < sseEvents.length - 1; i++) res.write(sseEvents[i]);
        res.end(sseEvents[sseEvents.length - 1]);
      } else send(res, 'text/event-stream', sse);
    } else if (url === '/json') {
      send(res, 'application/json', json);
    } else if (url === '/files/cat.png') {
      send(res, 'image/png', cat);
    } else if (url === '/v1/models') {
      send(res, 'application/json', models);
    } else if (url === '/stats') {
      send(res, 'application/json', Buffer.from(JSON.stringify(stats)));
    } else {
      res.writeHead(404).end();
    }
  });
});
server.on('connection', (socket) => {
  stats.connections++;
  stats.open++;
  socket.on('close', () => stats.open--);
});
server.listen(port, '127.0.0.1', 8192);
