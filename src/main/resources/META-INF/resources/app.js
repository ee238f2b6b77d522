// The playground: a plain client of the bridge's public OpenAI API, on the same origin (CORS stays off).
// No framework and no build step, so the page works from the jar as is. Text that comes from a bot or from the bridge
// is only ever put into the page as textContent or as attributes of elements created here (never innerHTML), so a
// bot's answer cannot inject markup or script.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const KEY_STORAGE = "poe-bridge-playground.api-key";

  const keyInput = $("api-key");
  const remember = $("remember");
  const modelInput = $("model");
  const statusLine = $("status");
  const progressBar = $("progress");
  const cancelButton = $("cancel");
  const errorBox = $("error");
  const results = $("results");
  const transcript = $("transcript");
  const busyButtons = [$("generate"), $("edit"), $("send")];

  // ---- API key ------------------------------------------------------------------------------------------------

  // The key is kept in localStorage only while "Remember" is ticked; unticking forgets it at once. Storage may be
  // switched off (private modes, blocked cookies: it throws or is null): the page then works without remembering.
  const storage = {
    get(name) { try { return window.localStorage ? localStorage.getItem(name) : null; } catch (e) { return null; } },
    set(name, value) { try { if (window.localStorage) localStorage.setItem(name, value); } catch (e) { /* not kept */ } },
    remove(name) { try { if (window.localStorage) localStorage.removeItem(name); } catch (e) { /* nothing kept */ } },
  };
  const storedKey = storage.get(KEY_STORAGE);
  if (storedKey) {
    keyInput.value = storedKey;
    remember.checked = true;
  }
  function saveKey() {
    if (remember.checked && keyInput.value) {
      storage.set(KEY_STORAGE, keyInput.value);
    } else {
      storage.remove(KEY_STORAGE);
    }
  }
  keyInput.addEventListener("input", saveKey);
  remember.addEventListener("change", saveKey);

  function authHeaders() {
    const key = keyInput.value.trim();
    return key ? { Authorization: "Bearer " + key } : {};
  }

  // The readiness check is public and says whether the bridge holds the Poe key itself; then callers present one of
  // its bridge keys instead of a Poe key, and the hint (the field's description) says so; the label stays "API key". A 503 (not ready) still carries the data, so the status code is not checked.
  fetch("/q/health/ready", { headers: { Accept: "application/json" } })
    .then((response) => response.json())
    .then((health) => {
      const config = (health.checks || []).find((check) => check.name === "configuration");
      if (config && config.data && config.data.keys === "server-held") {
        $("api-key-hint").textContent =
          "This bridge holds its own Poe key: enter one of its bridge keys, not a Poe key.";
      }
    })
    .catch(() => { /* an older bridge or a proxy in front: keep the default wording */ });

  // ---- Models ---------------------------------------------------------------------------------------------------

  // Suggestions only: the field takes any bot name, since Poe's public list does not name every bot.
  fetch("/v1/models", { headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : { data: [] }))
    .then((list) => {
      const options = (list.data || []).map((model) => {
        const option = document.createElement("option");
        option.value = String(model.id);
        return option;
      });
      $("model-list").replaceChildren(...options);
    })
    .catch(() => { /* no suggestions; free text still works */ });

  // ---- Waiting, cancelling, errors -------------------------------------------------------------------------------

  // One request at a time: the single Cancel button then always means "the request you are waiting for".
  let running = null;

  function startWaiting(label) {
    const controller = new AbortController();
    const started = Date.now();
    const tick = () => {
      const seconds = Math.floor((Date.now() - started) / 1000);
      statusLine.textContent = label + "… " + seconds + " s";
    };
    tick();
    running = { controller, timer: setInterval(tick, 1000) };
    errorBox.textContent = "";
    progressBar.hidden = false;
    cancelButton.hidden = false;
    busyButtons.forEach((button) => { button.disabled = true; });
    return controller.signal;
  }

  function stopWaiting(finalStatus) {
    if (running) {
      clearInterval(running.timer);
      running = null;
    }
    statusLine.textContent = finalStatus;
    progressBar.hidden = true;
    cancelButton.hidden = true;
    busyButtons.forEach((button) => { button.disabled = false; });
  }

  // Aborting the fetch closes the connection; the bridge then closes its Poe call.
  cancelButton.addEventListener("click", () => {
    if (running) {
      running.controller.abort();
    }
  });

  function showError(message) {
    errorBox.textContent = message;
  }

  // Every error the bridge sends is OpenAI-shaped; anything else (a proxy's HTML page) is reported by its status.
  async function errorMessage(response) {
    try {
      const body = await response.json();
      if (body && body.error && body.error.message) {
        return String(body.error.message);
      }
    } catch (ignored) { /* not JSON */ }
    return "The bridge answered " + response.status + " " + response.statusText;
  }

  // Runs one request: progress while waiting, the final status line, errors in the page (never an alert box).
  async function run(label, work) {
    const signal = startWaiting(label);
    try {
      await work(signal);
      stopWaiting("Done.");
    } catch (failure) {
      if (failure && failure.name === "AbortError") {
        stopWaiting("Cancelled.");
      } else {
        stopWaiting("Failed.");
        showError(failure && failure.message ? failure.message : String(failure));
      }
    }
  }

  class BridgeError extends Error {}

  async function postOrFail(path, body, signal, json) {
    const headers = authHeaders();
    if (json) {
      headers["Content-Type"] = "application/json";
    }
    const response = await fetch(path, { method: "POST", headers, body, signal });
    if (!response.ok) {
      throw new BridgeError(await errorMessage(response));
    }
    return response;
  }

  // ---- Images -----------------------------------------------------------------------------------------------------

  function httpUrl(text) {
    try {
      const url = new URL(text, location.href);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (ignored) {
      return null;
    }
  }

  // b64_json carries no media type unless the answer names output_format; the first bytes tell PNG, JPEG, WebP, GIF.
  function imageType(b64, outputFormat) {
    if (outputFormat) return "image/" + outputFormat;
    if (b64.startsWith("/9j/")) return "image/jpeg";
    if (b64.startsWith("UklGR")) return "image/webp";
    if (b64.startsWith("R0lGOD")) return "image/gif";
    return "image/png";
  }

  function showImages(answer, prompt) {
    const figures = (answer.data || []).map((item, index) => {
      // Exact bytes as a data URL when the answer has them, so the download link saves the image itself; a remote
      // URL is on another origin, where browsers ignore the download attribute and just open the image.
      const src = item.b64_json
        ? "data:" + imageType(item.b64_json, answer.output_format) + ";base64," + item.b64_json
        : httpUrl(item.url || "");
      if (!src) return null;
      const figure = document.createElement("figure");
      const img = document.createElement("img");
      img.src = src;
      img.alt = prompt;
      const link = document.createElement("a");
      link.href = src;
      link.download = "image-" + (index + 1) + "." + (imageType(item.b64_json || "", answer.output_format).split("/")[1]);
      link.rel = "noopener noreferrer";
      // A remote URL cannot be downloaded in place: open it beside the page rather than navigating away from it.
      if (!src.startsWith("data:")) link.target = "_blank";
      link.textContent = "Download image " + (index + 1);
      const caption = document.createElement("figcaption");
      caption.append(link);
      figure.append(img, caption);
      return figure;
    }).filter(Boolean);
    results.replaceChildren(...figures);
  }

  function imageCount() {
    const n = Number.parseInt($("count").value, 10);
    return Number.isFinite(n) ? n : 1;
  }

  $("generate-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const prompt = $("prompt").value;
    const request = { prompt, n: imageCount(), size: $("size").value };
    if (modelInput.value.trim()) {
      request.model = modelInput.value.trim(); // without one the bridge uses its default image bot
    }
    run("Generating", async (signal) => {
      const response = await postOrFail("/v1/images/generations", JSON.stringify(request), signal, true);
      showImages(await response.json(), prompt);
    });
  });

  // ---- Edits: pick or drop images -------------------------------------------------------------------------------

  let editFiles = [];
  const dropZone = $("drop-zone");

  function setEditFiles(files) {
    editFiles = Array.from(files).filter((file) => file.type.startsWith("image/"));
    const items = editFiles.map((file) => {
      const item = document.createElement("li");
      item.textContent = file.name;
      return item;
    });
    $("edit-file-list").replaceChildren(...items);
  }

  $("edit-images").addEventListener("change", (event) => setEditFiles(event.target.files));
  // dragover must be cancelled, or the browser opens the dropped file instead of handing it to the page.
  dropZone.addEventListener("dragover", (event) => {
    event.preventDefault();
    dropZone.classList.add("dragging");
  });
  dropZone.addEventListener("dragleave", () => dropZone.classList.remove("dragging"));
  dropZone.addEventListener("drop", (event) => {
    event.preventDefault();
    dropZone.classList.remove("dragging");
    setEditFiles(event.dataTransfer.files);
  });

  $("edit-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (editFiles.length === 0) {
      showError("Choose or drop at least one image to edit.");
      return;
    }
    const prompt = $("edit-prompt").value;
    const form = new FormData();
    // One file goes as "image", several as "image[]", the way the OpenAI SDKs send them.
    const field = editFiles.length === 1 ? "image" : "image[]";
    editFiles.forEach((file) => form.append(field, file, file.name));
    form.append("prompt", prompt);
    form.append("n", String(imageCount()));
    form.append("size", $("size").value);
    if (modelInput.value.trim()) {
      form.append("model", modelInput.value.trim());
    }
    // No Content-Type header: the browser sets multipart/form-data with its boundary.
    run("Editing", async (signal) => {
      const response = await postOrFail("/v1/images/edits", form, signal, false);
      showImages(await response.json(), prompt);
    });
  });

  // ---- Chat ---------------------------------------------------------------------------------------------------------

  const history = [];

  // Renders a bot's markdown text safely: images ![alt](url) become <img>, links [name](url) become <a>, the rest stays
  // text. Only http(s) URLs are used. Image elements are kept per URL, so re-rendering as text streams in does not
  // reload them.
  const LINK = /(!?)\[([^\]\n]*)\]\(([^)\s]+)\)/g;
  function renderMarkdown(target, text, images) {
    const nodes = [];
    let last = 0;
    for (const match of text.matchAll(LINK)) {
      const url = httpUrl(match[3]);
      if (!url) continue;
      nodes.push(document.createTextNode(text.slice(last, match.index)));
      if (match[1]) {
        let img = images.get(url);
        if (!img) {
          img = document.createElement("img");
          img.src = url;
          img.alt = match[2];
          images.set(url, img);
        }
        nodes.push(img);
      } else {
        const link = document.createElement("a");
        link.href = url;
        link.textContent = match[2] || url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        nodes.push(link);
      }
      last = match.index + match[0].length;
    }
    nodes.push(document.createTextNode(text.slice(last)));
    target.replaceChildren(...nodes);
  }

  function addMessage(role, text) {
    const entry = document.createElement("div");
    entry.className = "message " + role;
    const who = document.createElement("strong");
    who.textContent = role === "user" ? "You" : "Bot";
    const body = document.createElement("div");
    body.className = "message-text";
    body.textContent = text;
    entry.append(who, body);
    transcript.append(entry);
    return body;
  }

  // Reads an SSE body as it arrives and calls onData with each event's data. fetch + ReadableStream rather than
  // EventSource, because EventSource can only GET and cannot send the Authorization header.
  async function readEvents(response, onData) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value.replace(/\r\n?/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        // Comment lines (": keep-alive") carry nothing; data lines of one event are joined by newlines.
        const data = event.split("\n").filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).replace(/^ /, "")).join("\n");
        if (data && onData(data) === false) {
          await reader.cancel();
          return;
        }
      }
    }
  }

  $("chat-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const model = modelInput.value.trim();
    if (!model) {
      showError("Choose a model to chat with.");
      return;
    }
    const message = $("message");
    const text = message.value;
    history.push({ role: "user", content: text });
    addMessage("user", text);
    message.value = "";
    const answerNode = addMessage("assistant", "");
    const images = new Map();
    let answer = "";
    run("Waiting for " + model, async (signal) => {
      const request = { model, messages: history.slice(), stream: true };
      const response = await postOrFail("/v1/chat/completions", JSON.stringify(request), signal, true);
      try {
        await readEvents(response, (data) => {
          if (data === "[DONE]") return false;
          const chunk = JSON.parse(data);
          // A failure after the stream started comes in-band as an OpenAI error, and the stream then ends.
          if (chunk.error) throw new BridgeError(String(chunk.error.message || "The stream failed."));
          const delta = chunk.choices && chunk.choices[0] && chunk.choices[0].delta;
          if (delta && delta.content) {
            answer += delta.content;
            renderMarkdown(answerNode, answer, images);
            transcript.scrollTop = transcript.scrollHeight;
          }
          return true;
        });
      } finally {
        // Whatever arrived is part of the conversation, so the next message has the bot's (partial) answer as context.
        if (answer) {
          history.push({ role: "assistant", content: answer });
        } else {
          // Nothing came back (refused, failed, cancelled): the turn is taken back, so the next message does not
          // follow an unanswered one, and the empty bubble says so.
          history.pop();
          answerNode.textContent = "(no answer)";
        }
      }
    });
  });
})();
