// One turn of the conversation: the user's words and the response's output items, drawn as the response's
// events arrive (partial images first, then the final image) or from a stored response. Everything the server
// or a tool returns is shown as text (textContent), never as HTML.

import { call, dataUrl } from "./api.js";

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === "class") {
      node.className = value;
    } else if (name === "text") {
      node.textContent = value;
    } else if (name.startsWith("on")) {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? "" : value);
    }
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function short(value, max = 400) {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text && text.length > max ? `${text.slice(0, max)}…` : text ?? "";
}

/**
 * A turn. `actions` is the page's: editFrom(turn, item, {mask}), answer(turn, request, approve),
 * branches(turn) (the switcher's nodes, or null).
 */
export class Turn {
  constructor(actions, { number, prompt, detail }) {
    this.actions = actions;
    this.id = null;
    this.response = null;
    this.slots = new Map();
    this.images = [];
    this.node = el("li", { class: "turn", "aria-busy": "true" });
    this.heading = el("h3", { class: "turn-title", text: `Turn ${number}` });
    this.status = el("span", { class: "turn-status", text: "sending…" });
    this.you = el("div", { class: "you" }, el("p", { class: "prompt", text: prompt || "(no text)" }));
    if (detail) {
      this.you.append(detail);
    }
    this.outputs = el("div", { class: "outputs" });
    this.errorLine = el("p", { class: "error", role: "alert", hidden: true });
    this.branchNav = el("nav", { class: "branches", "aria-label": `Branches after turn ${number}`, hidden: true });
    this.node.append(el("header", { class: "turn-head" }, this.heading, this.status), this.you, this.outputs,
      this.errorLine, this.branchNav);
  }

  setNumber(number) {
    this.heading.textContent = `Turn ${number}`;
    this.branchNav.setAttribute("aria-label", `Branches after turn ${number}`);
  }

  /** One server-sent event of this turn's response. */
  onEvent(type, data) {
    if (data.response) {
      this.setResponse(data.response);
    }
    switch (type) {
      case "response.output_item.added":
        this.item(data.output_index, data.item, false);
        break;
      case "response.output_item.done":
        this.item(data.output_index, data.item, true);
        break;
      case "response.image_generation_call.partial_image":
        this.partial(data.output_index, data.partial_image_b64, data.partial_image_index);
        break;
      case "response.output_text.delta":
        this.slot(data.output_index)?.text?.append(data.delta);
        break;
      case "error":
        this.fail(data.message || data.error?.message || "The stream ended with an error.");
        break;
      default:
        break;
    }
  }

  /** A response object: from the stream's lifecycle events, or stored. */
  setResponse(response) {
    this.response = response;
    this.id = response.id;
    this.node.dataset.responseId = response.id;
    this.node.dataset.status = response.status;
    const done = !["queued", "in_progress"].includes(response.status);
    this.node.setAttribute("aria-busy", String(!done));
    this.status.textContent = response.status.replace("_", " ");
    if (response.status === "failed" && response.error) {
      this.fail(response.error.message);
    }
    if (done) {
      (response.output || []).forEach((item, i) => this.item(i, item, true));
    }
  }

  fail(message) {
    this.errorLine.hidden = false;
    this.errorLine.textContent = message;
    this.node.setAttribute("aria-busy", "false");
  }

  slot(index) {
    return this.slots.get(index);
  }

  /** An output item at its index: as added (final false: it may still change), or done. */
  item(index, item, final) {
    const known = this.slots.get(index);
    if (known && known.final) {
      return;
    }
    let slot = known;
    if (!slot) {
      slot = { node: el("div", { class: `item ${item.type}` }) };
      this.slots.set(index, slot);
      const after = [...this.slots.keys()].filter((k) => k > index).sort((a, b) => a - b)[0];
      this.outputs.insertBefore(slot.node, after === undefined ? null : this.slots.get(after).node);
    }
    switch (item.type) {
      case "image_generation_call":
        this.image(slot, item, final);
        break;
      case "message":
        this.message(slot, item, final);
        break;
      case "mcp_approval_request":
        this.approval(slot, item);
        break;
      default:
        this.toolCard(slot, item);
        break;
    }
    slot.final = final;
  }

  image(slot, item, final) {
    if (!slot.figure) {
      slot.film = el("div", { class: "film", role: "list", "aria-label": "Partial images" });
      slot.picture = el("img", { class: "preview", alt: "The image forming" });
      slot.caption = el("figcaption", {}, el("span", { text: "generating…" }));
      slot.figure = el("figure", { "data-item-id": item.id }, slot.picture, slot.film, slot.caption);
      slot.node.append(slot.figure);
    }
    if (!final) {
      return;
    }
    if (item.status === "failed" || !item.result) {
      slot.caption.replaceChildren(el("span", { class: "error", text: "The image failed." }));
      return;
    }
    const src = dataUrl(item.result, item.output_format);
    slot.picture.className = "final";
    slot.picture.src = src;
    slot.picture.alt = `Generated image: ${item.revised_prompt || "no prompt"}`;
    this.images.push(item);
    const parameters = [item.size, item.quality, item.output_format, item.background, item.action]
      .filter(Boolean).join(" · ");
    const provenance = el("p", { class: "provenance" });
    const check = el("button", { type: "button", text: "Check provenance",
      onclick: () => this.provenance(src, provenance, check) });
    slot.caption.replaceChildren(
      el("p", { class: "revised" }, el("span", { class: "label", text: "Revised prompt: " }),
        el("span", { text: item.revised_prompt || "—" })),
      el("p", { class: "params", text: parameters }),
      provenance,
      el("div", { class: "actions" },
        el("button", { type: "button", text: "Edit from here", class: "edit",
          onclick: () => this.actions.editFrom(this, item, { mask: false }) }),
        el("button", { type: "button", text: "Paint a mask", class: "mask",
          onclick: () => this.actions.editFrom(this, item, { mask: true, src }) }),
        el("a", { class: "button", href: src, download: `${item.id}.${item.output_format || "png"}`,
          text: "Download" }),
        check));
    if (this.actions.verifyNew && this.live) {
      this.provenance(src, provenance, check);
    }
  }

  partial(index, b64, number) {
    const slot = this.slot(index);
    if (!slot?.film) {
      return;
    }
    const format = this.response?.tools?.find((t) => t.type === "image_generation")?.output_format;
    const src = dataUrl(b64, format);
    slot.picture.src = src;
    slot.picture.alt = `Partial image ${number + 1}`;
    slot.film.append(el("img", { class: "partial", role: "listitem", src, alt: `Partial image ${number + 1}` }));
  }

  async provenance(src, line, button) {
    button.disabled = true;
    line.textContent = "Checking provenance…";
    try {
      const p = await call("POST", "/v1/easel/verify", { image_url: src });
      const c2pa = p.c2pa?.present
        ? `C2PA: ${p.c2pa.valid ? "valid" : "invalid"}${p.c2pa.trusted ? ", trusted" : ""}`
          + (p.c2pa.signer ? ` (${p.c2pa.signer})` : "")
        : "C2PA: none";
      const mark = p.watermark?.present
        ? `watermark: present (confidence ${Number(p.watermark.confidence).toFixed(2)})`
        : `watermark: ${p.watermark?.checked === false ? "not checked" : "absent"}`;
      line.textContent = `${c2pa} · ${mark}`;
      line.dataset.c2pa = String(Boolean(p.c2pa?.valid));
      line.dataset.watermark = String(Boolean(p.watermark?.present));
    } catch (error) {
      line.textContent = `Provenance unavailable: ${error.message}`;
    } finally {
      button.disabled = false;
    }
  }

  message(slot, item, final) {
    if (!slot.text) {
      slot.text = el("p", { class: "text" });
      slot.sources = el("ul", { class: "sources", "aria-label": "Sources" });
      slot.node.append(slot.text, slot.sources);
    }
    if (!final) {
      return;
    }
    const parts = (item.content || []).filter((p) => p.type === "output_text");
    slot.text.textContent = parts.map((p) => p.text).join("\n");
    slot.node.hidden = !slot.text.textContent;
    const seen = new Set();
    for (const a of parts.flatMap((p) => p.annotations || [])) {
      if (a.type === "url_citation" && /^https?:/.test(a.url) && !seen.has(a.url)) {
        seen.add(a.url);
        slot.sources.append(el("li", {}, el("a", { href: a.url, rel: "noopener noreferrer", target: "_blank",
          text: a.title || a.url })));
      }
    }
    if (seen.size) {
      slot.node.hidden = false;
    }
  }

  approval(slot, item) {
    slot.node.replaceChildren(
      el("p", { class: "card-title", text: `${item.server_label} asks to run ${item.name}` }),
      el("pre", { class: "args", text: short(item.arguments) }));
    slot.node.dataset.approvalId = item.id;
    if (this.actions.canAnswer(this)) {
      const buttons = el("div", { class: "actions" },
        el("button", { type: "button", class: "primary approve", text: "Approve",
          onclick: () => this.actions.answer(this, item, true) }),
        el("button", { type: "button", class: "deny", text: "Deny",
          onclick: () => this.actions.answer(this, item, false) }));
      slot.node.append(buttons);
    }
  }

  toolCard(slot, item) {
    const card = el("details", { class: "card" });
    let title;
    let body;
    switch (item.type) {
      case "mcp_list_tools":
        title = `Tools of ${item.server_label}: ${(item.tools || []).map((t) => t.name).join(", ") || "none"}`;
        body = item.error ? `Error: ${short(item.error)}` : (item.tools || []).map((t) => `${t.name}: ${
          t.description || ""}`).join("\n");
        break;
      case "mcp_call":
        title = `${item.server_label}.${item.name} ${item.error ? "failed" : item.status === "in_progress"
          ? "running…" : "answered"}`;
        body = `Arguments: ${short(item.arguments)}\n${item.error ? `Error: ${short(item.error)}` : `Result: ${
          short(item.output, 2000)}`}`;
        break;
      case "web_search_call": {
        const query = item.action?.query || item.action?.queries?.join("; ");
        title = query ? `Searched the web: ${query}` : `Web search ${item.status}`;
        body = (item.action?.sources || []).map((s) => s.url).join("\n") || "";
        break;
      }
      default:
        title = `${item.type} ${item.status || ""}`;
        body = short(item, 2000);
    }
    card.append(el("summary", { text: title }), el("pre", { class: "args", text: body }));
    slot.node.replaceChildren(card);
  }

  /** The branch switcher under this turn: its children in the conversation tree, when there are several. */
  setBranches(children, shown, onPick) {
    this.branchNav.replaceChildren();
    this.branchNav.hidden = children.length < 2;
    if (children.length < 2) {
      return;
    }
    this.branchNav.append(el("span", { text: `${children.length} branches:` }));
    children.forEach((child, i) => {
      this.branchNav.append(el("button", { type: "button", class: "branch", text: `Branch ${i + 1}`,
        "aria-pressed": String(child === shown), "data-response-id": child, onclick: () => onPick(child) }));
    });
  }
}
