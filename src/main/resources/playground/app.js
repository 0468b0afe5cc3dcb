// The playground's page: a conversation of Responses API turns (streamed, in the background so that they can
// be cancelled), each continuing from an earlier one with previous_response_id; edits, masks, branches,
// uploads, MCP approvals and web search, all through Easel's public API.

import { ApiError, apiKey, call, readFile, setApiKey, stream } from "./api.js";
import { el, Turn } from "./conversation.js";
import { History } from "./history.js";
import { MaskPainter } from "./mask.js";
import { ToolsPanel } from "./tools.js";

const FOCUS = "easel.focus";
const $ = (id) => document.getElementById(id);

const state = {
  /** Response id → response object, as last seen. */
  responses: new Map(),
  /** The turns shown, root first. */
  path: [],
  /** The turn and image the next turn continues from (null: a new conversation). */
  from: null,
  mask: null,
  upload: null,
  running: null,
};

const painter = new MaskPainter(document);
const tools = new ToolsPanel(document);
const history = new History(document, { open: (id) => openConversation(id), deleted, report });
const actions = {
  editFrom,
  answer,
  canAnswer: (turn) => !state.running && state.path.at(-1) === turn,
  verifyNew: true,
};

function report(message) {
  $("status").textContent = message;
}

function persistFocus() {
  try {
    const leaf = state.path.at(-1)?.id;
    if (leaf) {
      localStorage.setItem(FOCUS, leaf);
    } else {
      localStorage.removeItem(FOCUS);
    }
  } catch {
    // storage off: nothing is restored on reload
  }
}

// ---- models and key ----

async function loadModels() {
  let models;
  try {
    models = (await call("GET", "/v1/models")).data;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      report("This server needs an API key: enter it above.");
      $("api-key").focus();
    } else {
      report(`Models: ${error.message}`);
    }
    return false;
  }
  const images = models.filter((m) => m.easel_kind === "image");
  const planners = models.filter((m) => m.easel_kind === "planner" || m.easel_kind === "direct");
  fill($("image-model"), images, (m) => m.easel_default);
  fill($("planner"), planners, (m) => m.easel_kind === "planner");
  showNotice(images);
  $("image-model").onchange = () => showNotice(images);
  return true;
}

function fill(select, models, preferred) {
  const keep = select.value;
  select.replaceChildren(...models.map((m) => el("option", { value: m.id, text: m.id })));
  const chosen = models.find((m) => m.id === keep) || models.find(preferred) || models[0];
  if (chosen) {
    select.value = chosen.id;
  }
}

function showNotice(images) {
  const notice = images.find((m) => m.id === $("image-model").value)?.easel_notice;
  $("model-notice").hidden = !notice;
  $("model-notice").textContent = notice || "";
}

$("key-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  setApiKey($("api-key").value.trim());
  if (await loadModels()) {
    report("Key accepted.");
    await history.refresh();
  }
});

// ---- the composer ----

function context() {
  const box = $("context");
  box.replaceChildren();
  const chip = (text, label, clear, image) => box.append(el("span", { class: "chip" },
    image ? el("img", { src: image, alt: "", class: "thumb" }) : null,
    el("span", { text }),
    el("button", { type: "button", class: "clear", text: "×", "aria-label": label, onclick: clear })));
  if (state.from) {
    const n = state.path.indexOf(state.from.turn) + 1;
    const branch = state.from.turn !== state.path.at(-1);
    chip(`${branch ? "Branches from" : "Continues"} turn ${n}`, "Start a new conversation instead",
      () => newConversation());
  }
  if (state.mask) {
    chip("Masked edit", "Drop the mask", () => {
      state.mask = null;
      context();
    }, state.mask);
    box.lastChild.querySelector("img").id = "mask-preview";
  }
  if (state.upload) {
    chip(`Starts from ${state.upload.name}`, "Drop the uploaded image", () => {
      state.upload = null;
      $("upload").value = "";
      context();
    }, state.upload.src);
  }
  $("send").textContent = state.from || state.upload ? "Edit" : "Generate";
}

function newConversation() {
  state.from = null;
  state.mask = null;
  state.path = [];
  $("turns").replaceChildren();
  $("empty").hidden = false;
  persistFocus();
  context();
}

async function editFrom(turn, item, { mask, src }) {
  state.from = { turn, item };
  state.mask = null;
  if (mask) {
    try {
      state.mask = await painter.open(src);
    } catch (error) {
      report(error.message);
    }
  }
  context();
  $("prompt").focus();
}

$("upload").addEventListener("change", async () => {
  const file = $("upload").files[0];
  state.upload = file ? { name: file.name, src: await readFile(file) } : null;
  context();
});

$("new-conversation").addEventListener("click", () => {
  newConversation();
  $("prompt").focus();
});

$("prompt").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    $("composer").requestSubmit();
  }
});

$("composer").addEventListener("submit", (e) => {
  e.preventDefault();
  const prompt = $("prompt").value.trim();
  if (!prompt || state.running) {
    return;
  }
  send({ prompt });
});

$("cancel").addEventListener("click", async () => {
  const running = state.running;
  if (!running) {
    return;
  }
  report("Cancelling…");
  if (running.turn.id) {
    try {
      await call("POST", `/v1/responses/${encodeURIComponent(running.turn.id)}/cancel`);
      return; // the stream ends with the cancelled response
    } catch (error) {
      report(`Cancel: ${error.message}`);
    }
  }
  running.controller.abort();
});

function imageTool() {
  const tool = {
    type: "image_generation",
    model: $("image-model").value || undefined,
    size: $("size").value.trim() || "auto",
    quality: $("quality").value,
    output_format: $("format").value,
    background: $("background").value,
    partial_images: Number($("partials").value || 0),
  };
  if ($("seed").value !== "") {
    tool.seed = Number($("seed").value);
  }
  if (state.from || state.upload) {
    tool.input_fidelity = $("fidelity").value;
  }
  if (state.mask) {
    tool.input_image_mask = { image_url: state.mask };
  }
  return tool;
}

function request({ prompt, approval }) {
  const body = {
    model: $("planner").value || "direct",
    stream: true,
    background: true,
    store: true,
    tools: [imageTool(), ...tools.tools()],
  };
  const choice = tools.toolChoice();
  if (choice) {
    body.tool_choice = choice;
  }
  if (state.from) {
    body.previous_response_id = state.from.turn.id;
  }
  if (approval) {
    body.input = [{ type: "mcp_approval_response", approval_request_id: approval.id, approve: approval.approve }];
    return body;
  }
  const content = [{ type: "input_text", text: prompt }];
  if (state.upload) {
    content.push({ type: "input_image", image_url: state.upload.src });
  }
  const items = [];
  const images = state.from?.turn.images || [];
  if (state.from && images.length > 1 && images.at(-1) !== state.from.item) {
    items.push({ type: "image_generation_call", id: state.from.item.id }); // not the turn's latest image
  }
  body.input = items.length || state.upload ? [...items, { role: "user", content }] : prompt;
  return body;
}

function answer(turn, item, approve) {
  if (state.running) {
    return;
  }
  state.from = { turn, item: turn.images.at(-1) };
  state.mask = null;
  send({ prompt: `${approve ? "Approved" : "Denied"}: ${item.server_label}.${item.name}`,
    approval: { id: item.id, approve } });
}

async function send({ prompt, approval }) {
  const body = request({ prompt, approval });
  // A turn from an earlier one starts a branch there: the view keeps the path up to it.
  const at = state.from ? state.path.indexOf(state.from.turn) : -1;
  state.path.splice(at + 1);
  const detail = state.upload ? el("img", { class: "thumb", src: state.upload.src, alt: "Uploaded image" })
    : state.mask ? el("img", { class: "thumb", src: state.mask, alt: "The mask of this edit" }) : null;
  const turn = new Turn(actions, { number: state.path.length + 1, prompt, detail });
  turn.live = true;
  render();
  $("turns").append(turn.node);
  $("empty").hidden = true;
  state.path.push(turn);
  const controller = new AbortController();
  state.running = { turn, controller };
  $("cancel").disabled = false;
  $("send").disabled = true;
  report(`Turn ${state.path.length}: generating…`);
  state.upload = null;
  state.mask = null;
  $("upload").value = "";
  try {
    await stream("/v1/responses", body, (type, data) => turn.onEvent(type, data), controller.signal);
    if (turn.id && ["queued", "in_progress"].includes(turn.response?.status)) {
      turn.setResponse(await call("GET", `/v1/responses/${encodeURIComponent(turn.id)}`));
    }
    report(`Turn ${state.path.length}: ${turn.response?.status || "ended"}.`);
  } catch (error) {
    turn.fail(error.name === "AbortError" ? "Cancelled." : error.message);
    report(`Turn ${state.path.length}: ${error.message}`);
  } finally {
    state.running = null;
    $("cancel").disabled = true;
    $("send").disabled = false;
  }
  if (turn.response) {
    state.responses.set(turn.id, turn.response);
    history.prepend(turn.response);
    state.from = { turn, item: turn.images.at(-1) };
    persistFocus();
    // Re-drawn so that only the latest turn offers its approvals, and the branches show.
    turn.live = false;
    render();
  } else {
    // Refused before it was made: the attempt stays in view with its error until the next turn, outside the path.
    state.path.pop();
    state.from = state.path.length ? { turn: state.path.at(-1), item: state.path.at(-1).images.at(-1) } : null;
  }
  context();
}

// ---- showing stored conversations ----

async function response(id) {
  if (!state.responses.has(id)) {
    state.responses.set(id, await call("GET", `/v1/responses/${encodeURIComponent(id)}`));
  }
  return state.responses.get(id);
}

async function promptOf(id) {
  const items = (await call("GET", `/v1/responses/${encodeURIComponent(id)}/input_items?order=asc&limit=100`)).data;
  const words = [];
  let image = false;
  for (const item of items) {
    if (item.type === "message" && item.role === "user") {
      const content = typeof item.content === "string" ? [{ type: "input_text", text: item.content }] : item.content;
      for (const part of content) {
        if (part.type === "input_text") {
          words.push(part.text);
        } else if (part.type === "input_image") {
          image = true;
        }
      }
    } else if (item.type === "mcp_approval_response") {
      words.push(item.approve ? "Approved" : "Denied");
    }
  }
  return { prompt: words.join("\n"), image };
}

/** Shows the conversation that ends at `id`: its chain back to the root, each turn as stored. */
async function openConversation(id) {
  if (state.running) {
    report("Wait for the running turn, or cancel it, before opening another conversation.");
    return;
  }
  try {
    const chain = [];
    for (let next = id; next && chain.length < 100; next = (await response(next)).previous_response_id) {
      chain.unshift(next);
    }
    const turns = [];
    for (const [i, rid] of chain.entries()) {
      const { prompt, image } = await promptOf(rid);
      const turn = new Turn(actions, { number: i + 1, prompt,
        detail: image ? el("span", { class: "help", text: "with an input image" }) : null });
      turns.push(turn);
    }
    state.path = turns;
    render();
    turns.forEach((turn, i) => turn.setResponse(state.responses.get(chain[i])));
    state.from = { turn: turns.at(-1), item: turns.at(-1).images.at(-1) };
    persistFocus();
    context();
    report(`Opened a conversation of ${turns.length} turn(s).`);
    await branches();
  } catch (error) {
    report(`Open: ${error.message}`);
  }
}

/** Draws the path's turns (numbered) and their branch switchers. */
function render() {
  $("turns").replaceChildren(...state.path.map((turn, i) => {
    turn.setNumber(i + 1);
    return turn.node;
  }));
  $("empty").hidden = state.path.length > 0;
  for (const turn of state.path) {
    if (turn.response) {
      // Approval buttons only on the latest turn.
      turn.slots.forEach((slot, index) => {
        const item = turn.response.output?.[index];
        if (item?.type === "mcp_approval_request") {
          turn.approval(slot, item);
        }
      });
    }
  }
  branches();
}

async function branches() {
  const leaf = state.path.at(-1);
  if (!leaf?.id || state.running) {
    return;
  }
  let tree;
  try {
    tree = await call("GET", `/v1/responses/${encodeURIComponent(leaf.id)}/tree`);
  } catch {
    return; // the switchers are a convenience; the conversation stands without them
  }
  const nodes = new Map(tree.nodes.map((n) => [n.id, n]));
  state.path.forEach((turn, i) => {
    const children = nodes.get(turn.id)?.children || [];
    turn.setBranches(children, state.path[i + 1]?.id, async (child) => {
      let end = child;
      while (nodes.get(end)?.children.length) {
        end = nodes.get(end).children.at(-1); // the newest branch below
      }
      await openConversation(end);
    });
  });
}

function deleted(id) {
  state.responses.delete(id);
  const at = state.path.findIndex((t) => t.id === id);
  if (at >= 0) {
    state.path.splice(at);
    const last = state.path.at(-1);
    state.from = last ? { turn: last, item: last.images.at(-1) } : null;
    persistFocus();
    render();
    context();
  }
  report("Deleted.");
}

// ---- start ----

$("api-key").value = apiKey();
context();
(async () => {
  if (await loadModels()) {
    await history.refresh();
    let focus = null;
    try {
      focus = localStorage.getItem(FOCUS);
    } catch {
      // storage off
    }
    if (focus) {
      await openConversation(focus).catch(() => null);
    }
  }
})();
