// The playground's only way to the server: Easel's public HTTP API, with the key the user typed (if any)
// as a bearer token. Streams are read from fetch's body (EventSource cannot POST).

const KEY = "easel.apiKey";

export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = error?.code ?? null;
    this.param = error?.param ?? null;
    this.type = error?.type ?? null;
  }
}

/** The key requests carry: the browser's stored one, or one typed in while storage is off. */
let memoryKey = storedKey();

function storedKey() {
  try {
    return localStorage.getItem(KEY) || "";
  } catch {
    return ""; // storage off (private mode, policy): no stored key
  }
}

export function apiKey() {
  return memoryKey;
}

export function setApiKey(key) {
  memoryKey = key;
  try {
    if (key) {
      localStorage.setItem(KEY, key);
    } else {
      localStorage.removeItem(KEY);
    }
  } catch {
    // storage off: the key lasts for this page only
  }
}

function headers(json) {
  const h = {};
  if (memoryKey) {
    h.Authorization = `Bearer ${memoryKey}`;
  }
  if (json) {
    h["Content-Type"] = "application/json";
  }
  return h;
}

async function failure(response) {
  let error = null;
  try {
    error = (await response.json()).error;
  } catch {
    // not OpenAI's error object: the status says it
  }
  return new ApiError(response.status, error);
}

/** A JSON request; resolves to the parsed body, rejects with an ApiError carrying OpenAI's error object. */
export async function call(method, path, body, signal) {
  const response = await fetch(path, {
    method,
    headers: headers(body !== undefined),
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (!response.ok) {
    throw await failure(response);
  }
  return response.json();
}

/**
 * POSTs a streaming request and calls onEvent(type, data) for each server-sent event, in order; SSE comment
 * lines (the server's keep-alives and step ticks) are skipped. Resolves when the stream ends.
 */
export async function stream(path, body, onEvent, signal) {
  const response = await fetch(path, {
    method: "POST",
    headers: { ...headers(true), Accept: "text/event-stream" },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok) {
    throw await failure(response);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      break;
    }
    buffer += value;
    let end;
    while ((end = blockEnd(buffer)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(buffer.startsWith("\r\n", end) ? end + 4 : end + 2);
      dispatch(block, onEvent);
    }
  }
  if (buffer.trim()) {
    dispatch(buffer, onEvent);
  }
}

function blockEnd(buffer) {
  const lf = buffer.indexOf("\n\n");
  const crlf = buffer.indexOf("\r\n\r\n");
  if (lf < 0) {
    return crlf;
  }
  return crlf < 0 ? lf : Math.min(lf, crlf);
}

function dispatch(block, onEvent) {
  let type = "message";
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith(":") || line === "") {
      continue;
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") {
      type = value;
    } else if (field === "data") {
      data.push(value);
    }
  }
  if (data.length) {
    onEvent(type, JSON.parse(data.join("\n")));
  }
}

/** The data URL of an image result (base64 of the given format). */
export function dataUrl(b64, format) {
  const type = format === "jpeg" || format === "jpg" ? "image/jpeg" : format === "webp" ? "image/webp" : "image/png";
  return `data:${type};base64,${b64}`;
}

/** A file as a data URL. */
export function readFile(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
