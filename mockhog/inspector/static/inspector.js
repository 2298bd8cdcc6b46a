// mockhog inspector: the control buttons, the live journal and the state refresh. No library, no network
// beyond this mockhog. Every write carries the X-Mockhog-UI header (see the control plane's guard).
"use strict";
(function () {
  const ui = document.body.dataset;
  const message = document.getElementById("message");
  const rows = document.getElementById("journal-rows");
  const shownRows = 500;
  let last = Number(ui.journalLast || 0);
  let token = ui.stateToken || "";

  function say(text, isError) {
    message.textContent = text;
    message.className = isError ? "Message error" : "Message";
  }

  async function control(method, url, body) {
    const init = { method: method, headers: { "X-Mockhog-UI": "1" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(url, init);
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
    if (!response.ok) {
      const detail = data && typeof data === "object" ? (data.error || data.detail || text) : text;
      throw new Error(response.status + ": " + detail);
    }
    return data;
  }

  function bodyOf(form) {
    if (form.dataset.body) return JSON.parse(form.dataset.body);
    const body = {};
    for (const field of form.elements) {
      if (!field.name) continue;
      if (field.name === "json") return JSON.parse(field.value || "{}");
      if (field.value === "") continue;
      body[field.name] = field.type === "number" ? Number(field.value) : field.value;
    }
    return body;
  }

  async function submit(form) {
    const [method, url] = form.dataset.control.split(" ");
    let body;
    try {
      body = method === "DELETE" ? undefined : bodyOf(form);
    } catch (e) {
      say("Not valid JSON: " + e.message, true);
      return;
    }
    const target = url.replace("{name}", encodeURIComponent((form.elements.name || {}).value || ""));
    try {
      await control(method, target, body);
      say(form.dataset.done || "Done.", false);
      if (form.dataset.clears === "journal") rows.replaceChildren();
      await refresh();
    } catch (e) {
      say(e.message, true);
    }
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.dataset || !form.dataset.control) return;
    event.preventDefault();
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    submit(form);
  });

  function typing() {
    const field = document.activeElement;
    const state = document.getElementById("state");
    return Boolean(field && state && state.contains(field) && field.matches("input, textarea, select"));
  }

  async function refresh() {
    const response = await fetch(window.location.href, { headers: { "X-Mockhog-UI": "1" } });
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const id of ["state", "snapshots", "clock"]) {
      const now = document.getElementById(id);
      const fresh = page.getElementById(id);
      if (now && fresh) now.replaceWith(fresh);
    }
    if (!response.ok) say("This page is gone from the state (" + response.status + ").", true);
    token = page.body.dataset.stateToken || token;
  }

  function cell(text, className) {
    const td = document.createElement("td");
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  function addRequest(entry) {
    const tr = document.createElement("tr");
    tr.dataset.id = entry.id;
    const status = entry.status === null ? "-" : String(entry.status);
    const request = cell("", "path");
    const method = document.createElement("b");
    method.textContent = entry.method;
    const route = document.createElement("div");
    route.className = "Muted route";
    route.textContent = entry.route === null ? "no route" : entry.route;
    request.append(method, " " + entry.path, route);
    tr.append(
      cell(String(entry.id)),
      cell(entry.at.slice(11, 19)),
      cell(status, "status-" + status.charAt(0)),
      request,
      cell(entry.duration_ms.toFixed(1)),
    );
    rows.prepend(tr);
    while (rows.children.length > shownRows) rows.lastElementChild.remove();
  }

  async function poll() {
    try {
      const response = await fetch("/_mockhog/ui/live?after=" + last, { headers: { "X-Mockhog-UI": "1" } });
      if (!response.ok) return;
      const live = await response.json();
      const clock = document.getElementById("clock-now");
      if (clock) clock.textContent = live.clock.now + (live.clock.frozen ? " (frozen)" : "");
      if (rows && live.restarted) rows.replaceChildren();
      if (rows) for (const entry of live.requests) addRequest(entry);
      last = live.last;
      // a redraw would wipe what a person is typing: it waits until they leave the field
      if (live.state !== token && !typing()) {
        token = live.state;
        await refresh();
      }
    } catch (e) {
      // the server may be restarting; the next poll tries again
    } finally {
      window.setTimeout(poll, 1000);
    }
  }
  window.setTimeout(poll, 1000);
})();
