// History: the stored responses of this key (GET /v1/responses, newest first), each reopened as its
// conversation or deleted (DELETE /v1/responses/{id}).

import { call, dataUrl } from "./api.js";
import { el } from "./conversation.js";

const PAGE = 20;

export class History {
  constructor(root, { open, deleted, report }) {
    this.list = root.getElementById("history");
    this.more = root.getElementById("history-more");
    this.open = open;
    this.deleted = deleted;
    this.report = report;
    this.last = null;
    root.getElementById("history-refresh").addEventListener("click", () => this.refresh());
    this.more.addEventListener("click", () => this.load(this.last));
  }

  async refresh() {
    this.list.replaceChildren();
    this.last = null;
    await this.load(null);
  }

  async load(after) {
    const query = new URLSearchParams({ limit: String(PAGE), order: "desc" });
    if (after) {
      query.set("after", after);
    }
    let page;
    try {
      page = await call("GET", `/v1/responses?${query}`);
    } catch (error) {
      this.report(`History: ${error.message}`);
      return;
    }
    for (const response of page.data) {
      this.list.append(this.entry(response));
    }
    this.last = page.last_id;
    this.more.hidden = !page.has_more;
  }

  entry(response) {
    const image = (response.output || []).find((i) => i.type === "image_generation_call" && i.result);
    const asks = (response.output || []).find((i) => i.type === "mcp_approval_request");
    const words = image?.revised_prompt || (asks ? `${asks.server_label} asks to run ${asks.name}` : response.status);
    const when = new Date(response.created_at * 1000).toLocaleString();
    const open = el("button", { type: "button", class: "open", "data-response-id": response.id,
      onclick: () => this.open(response.id) },
    image ? el("img", { src: dataUrl(image.result, image.output_format), alt: "" }) : null,
    el("span", { class: "what", text: words }),
    el("span", { class: "when", text: `${when} · ${response.status}` }));
    const remove = el("button", { type: "button", class: "delete", text: "Delete" });
    remove.setAttribute("aria-label", `Delete: ${words} (${when})`);
    let armed = null;
    remove.addEventListener("click", async () => {
      if (!armed) {
        remove.textContent = "Confirm delete";
        armed = setTimeout(() => {
          armed = null;
          remove.textContent = "Delete";
        }, 5000);
        return;
      }
      clearTimeout(armed);
      try {
        await call("DELETE", `/v1/responses/${encodeURIComponent(response.id)}`);
        li.remove();
        this.deleted(response.id);
      } catch (error) {
        this.report(`Delete: ${error.message}`);
      }
    });
    const li = el("li", { "data-response-id": response.id }, open, remove);
    return li;
  }

  /** Puts a response made on this page at the top of the list. */
  prepend(response) {
    this.list.querySelector(`li[data-response-id="${CSS.escape(response.id)}"]`)?.remove();
    this.list.prepend(this.entry(response));
  }
}
