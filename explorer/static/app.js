// rexasyncio explorer: replays an example's recording (or streams a live
// run) with its output lines appearing at their moments and a cursor
// sweeping the timeline of its tasks. Plain JavaScript, no build step; the
// server's API is described in package explorer's documentation.

const $ = (id) => document.getElementById(id);

// A moment within CLUSTER seconds of the previous one is the same step:
// tasks that wake "at once" in real time do so microseconds apart.
const CLUSTER = 0.001;
const EPS = 1e-9;
const SPEEDS = ["0.25", "0.5", "1", "2", "4"];

const state = {
  groups: [],
  modes: [],
  mode: "", // the mode chosen; an example that does not run in it shows its own default (modeFor)
  name: "", // the example shown
  detail: null,
  view: "replay", // or "live"
  replay: null, // the recording of the example and mode
  liveRec: null, // the last live run, once it ended
  rec: null, // the recording the player shows
  moments: [], // the step points of rec, ascending
  t: 0,
  playing: false,
  lastFrame: 0,
  speed: 1,
  source: "go", // the source tab: "python", "go" or "stdlib"
  goLines: [], // the Go source's line elements: goLines[n-1] is line n
  waitsKey: "", // what markWaits last drew
  token: 0, // bumped on every change of example or mode: late answers are dropped
  live: null, // the live run's EventSource while it streams
  liveStart: 0, // performance.now() when the live run started
};

// ---- Start ----

init().catch((err) => fail("The explorer could not start: " + err.message));

async function init() {
  bindControls();
  if (localStorage.getItem("rexasyncio.large") === "1") setLarge(true);
  if (window.matchMedia("(max-width: 760px)").matches) $("nav-details").open = false;
  const list = await getJSON("/api/examples");
  state.groups = list.groups;
  state.modes = list.modes;
  state.mode = (list.modes.find((m) => m.available) || { name: "" }).name;
  buildNav();
  buildModes();
  window.addEventListener("popstate", () => loadFromURL());
  await loadFromURL();
}

// loadFromURL shows what the address names: ?example=NAME&mode=M&at=S&speed=X.
async function loadFromURL() {
  const q = new URLSearchParams(location.search);
  const speed = q.get("speed");
  if (SPEEDS.includes(speed)) {
    state.speed = Number(speed);
    $("speed").value = speed;
  }
  const mode = q.get("mode");
  if (mode && state.modes.some((m) => m.name === mode && m.available)) {
    state.mode = mode;
    $("mode").value = mode;
  } else if (!mode) {
    state.mode = (state.modes.find((m) => m.available) || { name: "" }).name;
  }
  const name = q.get("example");
  const at = Number(q.get("at"));
  if (name && findExample(name)) {
    await select(name, Number.isFinite(at) ? at : 0);
  } else {
    showIntro();
  }
}

function findExample(name) {
  for (const g of state.groups) {
    const ex = g.examples.find((e) => e.name === name);
    if (ex) return ex;
  }
  return null;
}

function showIntro() {
  stop();
  closeLive();
  state.name = "";
  $("intro").hidden = false;
  $("example").hidden = true;
  markCurrent();
  document.body.dataset.status = "ready";
  document.title = "rexasyncio explorer";
}

// ---- The example list and the mode ----

function buildNav() {
  const list = $("example-list");
  list.replaceChildren();
  for (const g of state.groups) {
    const h = el("h3", {}, g.name);
    const ul = el("ul");
    for (const ex of g.examples) {
      const a = el("a", { href: "?example=" + encodeURIComponent(ex.name), "data-example": ex.name },
        el("code", {}, "--" + ex.name), el("span", {}, ex.summary));
      a.addEventListener("click", (e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        if (window.matchMedia("(max-width: 760px)").matches) $("nav-details").open = false;
        history.pushState(null, "", urlFor(ex.name, 0));
        select(ex.name, 0);
      });
      ul.append(el("li", {}, a));
    }
    list.append(h, ul);
  }
}

function markCurrent() {
  for (const a of document.querySelectorAll("#example-list a")) {
    if (a.dataset.example === state.name) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

// modeFor is the mode the example runs in here: the one chosen, if the
// example runs in it, otherwise the example's default (its first).
function modeFor(name) {
  const ex = findExample(name);
  if (!ex || !ex.modes || ex.modes.length === 0) return state.mode;
  return ex.modes.includes(state.mode) ? state.mode : ex.modes[0];
}

// showModes shows the mode the example runs in, and offers only its modes.
function showModes(name) {
  const ex = findExample(name);
  const sel = $("mode");
  for (const opt of sel.options) {
    const m = state.modes.find((x) => x.name === opt.value);
    opt.disabled = !m || !m.available || (ex && ex.modes && !ex.modes.includes(opt.value));
  }
  sel.value = modeFor(name);
}

function buildModes() {
  const sel = $("mode");
  sel.replaceChildren();
  for (const m of state.modes) {
    const opt = el("option", { value: m.name }, m.title + (m.available ? "" : " (not yet)"));
    opt.disabled = !m.available;
    sel.append(opt);
  }
  sel.value = state.mode;
  sel.addEventListener("change", () => {
    state.mode = sel.value;
    if (state.name) {
      history.replaceState(null, "", urlFor(state.name, 0));
      select(state.name, 0);
    }
  });
}

// ---- One example ----

async function select(name, at) {
  const token = ++state.token;
  stop();
  closeLive();
  state.name = name;
  state.replay = null;
  state.liveRec = null;
  state.rec = null;
  const ex = findExample(name);
  document.title = "--" + name + " · rexasyncio explorer";
  document.body.dataset.status = "loading";
  $("intro").hidden = true;
  $("example").hidden = false;
  $("ex-name").textContent = "--" + name;
  $("ex-summary").textContent = ex.summary;
  $("ex-teaches").textContent = ex.teaches;
  showModes(name);
  markCurrent();
  setView("replay", false);
  clearPlayer();

  try {
    const detail = await getJSON("/api/examples/" + encodeURIComponent(name));
    if (token !== state.token) return;
    state.detail = detail;
    showSources(detail.sources);
    $("notes").innerHTML = detail.notes; // the server renders the Markdown; it leaves raw HTML out

    setStatus(ex.realTime
      ? "Recording --" + name + ": the first time, it runs for real…"
      : "Recording --" + name + ": the first time, it runs for real (about " + fmt(ex.duration, 1) + " s)…");
    const rec = await getJSON("/api/examples/" + encodeURIComponent(name) + "/recording?mode=" + encodeURIComponent(modeFor(name)));
    if (token !== state.token) return;
    state.replay = rec;
    show(rec);
    seek(Math.min(Math.max(at || 0, 0), rec.duration));
    setStatus(rec.error ? "The example failed: " + rec.error : recordingSummary(rec));
    document.body.dataset.status = "ready";
  } catch (err) {
    if (token === state.token) fail(err.message);
  }
}

function recordingSummary(rec) {
  const tasks = rec.tasks.length === 1 ? "1 task" : rec.tasks.length + " tasks";
  const mode = state.modes.find((m) => m.name === rec.mode);
  return "Recorded" + (mode ? " (" + mode.title + ")" : "") + ": " + rec.lines.length + " lines, " + tasks + ", " + fmt(rec.duration, 3) + " s. Play it, step through it or drag the slider.";
}

function showSources(sources) {
  const tabs = $("source-tabs");
  const box = $("sources");
  tabs.replaceChildren();
  box.replaceChildren();
  if (!sources.some((s) => s.key === state.source) && sources.length > 0) {
    state.source = (sources.find((s) => s.key === "go") || sources[0]).key;
  }
  for (const s of sources) {
    const tab = el("button", { type: "button", role: "tab", "data-key": s.key, "data-lang": s.lang }, s.title);
    tab.addEventListener("click", () => {
      state.source = s.key;
      markSource();
    });
    tabs.append(tab);
    const div = el("div", { class: "source", "data-key": s.key, "data-lang": s.lang },
      el("h4", {}, s.title + (s.file ? " · " + s.file : "")));
    div.insertAdjacentHTML("beforeend", s.html); // chroma's HTML, escaped by the server
    box.append(div);
  }
  // chroma writes each source line as one span.line, in order.
  const go = box.querySelector('.source[data-key="go"] pre.chroma');
  state.goLines = go ? [...go.querySelectorAll(".line")] : [];
  state.waitsKey = "";
  markSource();
}

function markSource() {
  for (const tab of $("source-tabs").children) tab.setAttribute("aria-selected", String(tab.dataset.key === state.source));
  for (const div of $("sources").children) div.classList.toggle("shown", div.dataset.key === state.source);
}

// ---- The player ----

// show loads rec into the output pane and the timeline, at t = 0.
function show(rec) {
  state.rec = rec;
  const out = $("output");
  out.replaceChildren();
  for (const line of rec.lines) out.append(lineItem(line));
  buildTimeline(rec.tasks, rec.duration);
  state.moments = momentsOf(rec);
  $("scrub").max = String(rec.duration);
  enablePlayer(true);
  state.t = 0;
  render();
}

function clearPlayer() {
  state.rec = null;
  state.moments = [];
  markWaits([], 0);
  $("output").replaceChildren();
  $("timeline").replaceChildren();
  $("legend").replaceChildren();
  $("clock").textContent = "";
  $("scrub").value = "0";
  enablePlayer(false);
}

function lineItem(line) {
  return el("li", { "data-at": String(line.at) },
    el("span", { class: "at" }, fmt(line.at, 3) + "s"), el("span", { class: "text" }, line.text));
}

// momentsOf returns the instants a step stops at: every line and change of
// state, clustered, and the end.
function momentsOf(rec) {
  const times = [...rec.lines.map((l) => l.at), ...rec.events.map((e) => e.at), rec.duration].sort((a, b) => a - b);
  const moments = [];
  let start = -Infinity;
  for (const t of times) {
    if (t - start > CLUSTER) {
      moments.push(t);
      start = t;
    } else {
      moments[moments.length - 1] = t; // a cluster stops at its last instant
    }
  }
  return moments;
}

function enablePlayer(on) {
  for (const id of ["restart", "back", "play", "step", "scrub", "speed"]) $(id).disabled = !on;
}

function seek(t) {
  if (!state.rec) return;
  state.t = Math.min(Math.max(t, 0), state.rec.duration);
  render();
}

function play() {
  if (!state.rec || state.live) return;
  if (state.t >= state.rec.duration - EPS) state.t = 0;
  state.playing = true;
  state.lastFrame = performance.now();
  requestAnimationFrame(frame);
  render();
}

function stop() {
  if (!state.playing) return;
  state.playing = false;
  render();
  saveURL();
}

function frame(now) {
  if (!state.playing) return;
  state.t += ((now - state.lastFrame) / 1000) * state.speed;
  state.lastFrame = now;
  if (state.t >= state.rec.duration) {
    state.t = state.rec.duration;
    state.playing = false;
    render();
    saveURL();
    return;
  }
  render();
  requestAnimationFrame(frame);
}

function step(dir) {
  if (!state.rec || state.live) return;
  state.playing = false;
  const m = state.moments;
  let target;
  if (dir > 0) target = m.find((x) => x > state.t + EPS);
  else target = [...m].reverse().find((x) => x < state.t - EPS);
  if (target === undefined) target = dir > 0 ? state.rec.duration : 0;
  seek(target);
  saveURL();
}

// render draws the moment state.t: the lines printed by then, the cursor,
// each task's state.
function render() {
  const rec = state.rec;
  if (!rec) return;
  const t = state.t;
  // The latest moment at or before t: lines and changes then are "fresh".
  let latest = -Infinity;
  for (const m of state.moments) if (m <= t + EPS) latest = m;
  const fresh = (at) => at <= t + EPS && at > latest - CLUSTER - EPS && latest > -Infinity;

  const items = $("output").children;
  let lastShown = null;
  for (let i = 0; i < items.length; i++) {
    const at = rec.lines[i].at;
    const shown = at <= t + EPS;
    items[i].hidden = !shown;
    items[i].classList.toggle("fresh", shown && fresh(at));
    if (shown) lastShown = items[i];
  }
  if (lastShown && state.playing) scrollIntoList($("output"), lastShown);

  const p = rec.duration > 0 ? t / rec.duration : 1;
  for (const c of document.querySelectorAll("#timeline .tl-cursor")) c.style.left = (p * 100) + "%";
  const rows = document.querySelectorAll("#timeline .tl-row[data-index]");
  for (const row of rows) {
    const task = rec.tasks[Number(row.dataset.index)];
    const { state: s, index } = stateAt(task, t);
    row.classList.toggle("future", s === null);
    const label = row.querySelector(".tl-state");
    label.replaceChildren();
    if (s !== null) label.append(el("span", { class: "chip state-" + cls(s) }), s);
    const iv = index >= 0 ? task.intervals[index] : null;
    label.title = iv && iv.line ? s + " at line " + iv.line + (iv.on ? " (" + iv.on + ")" : "") : "";
    row.dataset.state = s === null ? "" : s;
    const segs = row.querySelectorAll(".seg");
    segs.forEach((seg, i) => seg.classList.toggle("current", i === index));
    const changedAt = index >= 0 ? task.intervals[index].start : task.created;
    row.classList.toggle("changed", s !== null && fresh(changedAt));
  }
  markWaits(rec.tasks, t);

  $("scrub").value = String(t);
  $("clock").textContent = fmt(t, 3) + " s / " + fmt(rec.duration, 3) + " s";
  $("play").textContent = state.playing ? "❚❚ Pause" : "▶ Play";
  const player = $("player");
  player.dataset.at = String(t);
  player.dataset.playing = String(state.playing);
  player.dataset.ended = String(t >= rec.duration - EPS);
}

// markWaits highlights the lines of the Go source where tasks wait at t,
// each labelled with the tasks that wait there, in their states' colours.
function markWaits(tasks, t) {
  const byLine = new Map();
  for (const task of tasks) {
    const { state: s, index } = stateAt(task, t);
    const iv = index >= 0 ? task.intervals[index] : null;
    if (!iv || !iv.line || iv.line > state.goLines.length) continue;
    if (!byLine.has(iv.line)) byLine.set(iv.line, []);
    byLine.get(iv.line).push({ name: task.name, state: s, on: iv.on || "" });
  }
  const key = JSON.stringify([...byLine]);
  if (key === state.waitsKey) return;
  state.waitsKey = key;
  for (const line of state.goLines) {
    if (!line.classList.contains("waiting")) continue;
    line.classList.remove("waiting");
    delete line.dataset.waiting;
    line.querySelector(".waits").remove();
  }
  for (const [n, waits] of byLine) {
    const line = state.goLines[n - 1];
    line.classList.add("waiting");
    line.dataset.waiting = waits.map((w) => w.name).join(", ");
    const label = el("span", { class: "waits" });
    for (const w of waits) {
      label.append(el("span", { class: "wait", title: w.name + ": " + w.state + (w.on ? " (" + w.on + ")" : "") },
        el("span", { class: "chip state-" + cls(w.state) }), w.name));
    }
    line.append(label);
  }
}

// stateAt returns a task's state at t (null before it was created, its
// outcome once it has ended) and the index of the interval it is in (-1 if
// none).
function stateAt(task, t) {
  if (t < task.created - EPS) return { state: null, index: -1 };
  const ivs = task.intervals;
  if (task.outcome !== "running" && t >= task.ended - EPS) {
    const last = ivs.length - 1;
    return { state: task.outcome, index: last >= 0 && ivs[last].state === task.outcome ? last : -1 };
  }
  for (let i = 0; i < ivs.length; i++) {
    if (t >= ivs[i].start - EPS && t < ivs[i].end - EPS) return { state: ivs[i].state, index: i };
  }
  if (ivs.length > 0 && t >= ivs[ivs.length - 1].end - EPS) return { state: ivs[ivs.length - 1].state, index: ivs.length - 1 };
  return { state: task.outcome, index: -1 };
}

function scrollIntoList(list, item) {
  const top = item.offsetTop - list.offsetTop;
  if (top + item.offsetHeight > list.scrollTop + list.clientHeight || top < list.scrollTop) {
    list.scrollTop = top + item.offsetHeight - list.clientHeight;
  }
}

// ---- The timeline ----

function buildTimeline(tasks, duration) {
  const box = $("timeline");
  const legend = $("legend");
  box.replaceChildren();
  legend.replaceChildren();
  if (tasks.length === 0) {
    box.append(el("p", { class: "tl-empty" }, "No tasks yet."));
    return;
  }
  const span = duration > 0 ? duration : 1;
  const pct = (x) => (Math.min(Math.max(x / span, 0), 1) * 100) + "%";
  const seen = new Set();
  const grid = el("div", { class: "tl" });
  tasks.forEach((task, i) => {
    const track = el("div", { class: "tl-track" });
    for (const iv of task.intervals) {
      if (iv.state !== "done") seen.add(iv.state); // done is drawn as nothing, but keeps its place
      const seg = el("div", { class: "seg state-" + cls(iv.state), title: task.name + ": " + iv.state + " " + fmt(iv.start, 3) + "–" + fmt(iv.end, 3) + " s" });
      seg.style.left = pct(iv.start);
      seg.style.width = "calc(" + pct(iv.end) + " - " + pct(iv.start) + ")";
      track.append(seg);
    }
    if (task.intervals.length === 0) {
      const s = task.outcome === "done" ? "running" : task.outcome;
      seen.add(s);
      const seg = el("div", { class: "seg state-" + cls(s), title: task.name + ": took no time" });
      seg.style.left = pct(task.created);
      track.append(seg);
    }
    track.append(el("div", { class: "tl-cursor" }));
    grid.append(el("div", { class: "tl-row", "data-task": task.name, "data-index": String(i) },
      el("div", { class: "tl-name", title: task.name + (task.parent ? " (created by " + task.parent + ")" : "") }, task.name),
      el("div", { class: "tl-state" }),
      track));
  });
  const axis = el("div", { class: "tl-axis" });
  for (const tk of ticks(span)) {
    const tick = el("span", { class: "tl-tick" }, tk.label);
    tick.style.left = pct(tk.t);
    axis.append(tick);
  }
  grid.append(el("div", { class: "tl-row tl-axis-row" }, el("div"), el("div", { class: "tl-state" }), axis));
  box.append(grid);
  for (const s of ["queued", "running", "ready", "sleeping", "awaiting tasks", "in a thread", "lock", "semaphore", "event",
    "condition", "barrier", "queue", "blocked", "failed", "canceled"]) {
    if (seen.has(s)) legend.append(el("span", {}, el("span", { class: "chip state-" + cls(s) }), s));
  }
  for (const s of seen) { // states this page does not know yet
    if (!legend.querySelector(".state-" + CSS.escape(cls(s)))) legend.append(el("span", {}, el("span", { class: "chip state-" + cls(s) }), s));
  }
}

// ticks returns 3 to 8 round instants along [0, span].
function ticks(span) {
  const raw = span / 5;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const stepSize = [1, 2, 5, 10].map((k) => k * mag).find((s) => span / s <= 7) || 10 * mag;
  const digits = Math.max(0, -Math.floor(Math.log10(stepSize) + EPS));
  const out = [];
  for (let t = 0; t <= span + EPS; t += stepSize) out.push({ t, label: fmt(t, Math.min(digits, 6)) + "s" });
  return out;
}

// ---- Live runs ----

function setView(view, act) {
  state.view = view;
  $("view-replay").setAttribute("aria-selected", String(view === "replay"));
  $("view-live").setAttribute("aria-selected", String(view === "live"));
  $("run-live").hidden = view !== "live";
  if (!act) return;
  stop();
  if (view === "replay") {
    closeLive();
    if (state.replay) {
      show(state.replay);
      setStatus(recordingSummary(state.replay));
    }
  } else if (state.liveRec) {
    show(state.liveRec);
    seek(state.liveRec.duration);
    setStatus(liveSummary(state.liveRec));
  } else {
    clearPlayer();
    setStatus("Run live: the example runs for real on the server and its output streams here as it happens.");
  }
}

function runLive() {
  if (!state.name) return;
  closeLive();
  stop();
  const token = state.token;
  const name = state.name;
  const expected = findExample(name).duration;
  const rec = { example: name, mode: modeFor(name), duration: 0, lines: [], tasks: [], events: [] };
  state.rec = null;
  $("output").replaceChildren();
  buildTimeline([], 0);
  enablePlayer(false);
  $("run-live").disabled = true;
  setStatus("Running --" + name + " live…");
  document.body.dataset.live = "running";

  const es = new EventSource("/api/examples/" + encodeURIComponent(name) + "/live?mode=" + encodeURIComponent(modeFor(name)));
  state.live = es;
  let span = Math.max(expected, 0.5);
  let lastTasks = [];
  const drawLive = () => {
    if (state.live !== es) return;
    const now = (performance.now() - state.liveStart) / 1000;
    const t = Math.max(now, rec.lines.length ? rec.lines[rec.lines.length - 1].at : 0);
    while (t > span) span *= 2;
    const p = t / span;
    for (const c of document.querySelectorAll("#timeline .tl-cursor")) c.style.left = (p * 100) + "%";
    $("clock").textContent = fmt(t, 3) + " s";
    requestAnimationFrame(drawLive);
  };
  es.addEventListener("start", () => {
    state.liveStart = performance.now();
    requestAnimationFrame(drawLive);
  });
  es.addEventListener("line", (e) => {
    const line = JSON.parse(e.data);
    rec.lines.push(line);
    const item = lineItem(line);
    for (const old of $("output").querySelectorAll(".fresh")) old.classList.remove("fresh");
    item.classList.add("fresh");
    $("output").append(item);
    scrollIntoList($("output"), item);
  });
  es.addEventListener("tasks", (e) => {
    const snap = JSON.parse(e.data);
    lastTasks = snap.tasks;
    while (snap.at > span) span *= 2;
    buildTimeline(lastTasks, span);
    liveStates(lastTasks, snap.at);
  });
  es.addEventListener("end", (e) => {
    es.close();
    state.live = null;
    $("run-live").disabled = false;
    document.body.dataset.live = "ended";
    if (token !== state.token) return;
    state.liveRec = JSON.parse(e.data);
    show(state.liveRec);
    seek(state.liveRec.duration);
    setStatus(liveSummary(state.liveRec));
  });
  es.onerror = () => {
    if (state.live !== es) return;
    es.close();
    state.live = null;
    $("run-live").disabled = false;
    document.body.dataset.live = "failed";
    setStatus("The live run stopped: the server refused it (too many live runs at once?) or went away.");
  };
}

// liveStates labels each task with its state in a snapshot taken at t.
function liveStates(tasks, t) {
  for (const row of document.querySelectorAll("#timeline .tl-row[data-index]")) {
    const task = tasks[Number(row.dataset.index)];
    const { state: s } = stateAt(task, t);
    const label = row.querySelector(".tl-state");
    label.replaceChildren();
    if (s !== null) label.append(el("span", { class: "chip state-" + cls(s) }), s);
    row.dataset.state = s === null ? "" : s;
  }
  markWaits(tasks, t);
}

function liveSummary(rec) {
  return (rec.error ? "The live run failed: " + rec.error + ". " : "The live run took " + fmt(rec.duration, 3) + " s. ") +
    "Scrub or replay it here; Run live again for a new run.";
}

function closeLive() {
  if (state.live) {
    state.live.close();
    state.live = null;
    $("run-live").disabled = false;
    delete document.body.dataset.live;
  }
}

// ---- Controls ----

function bindControls() {
  $("play").addEventListener("click", () => (state.playing ? stop() : play()));
  $("step").addEventListener("click", () => step(+1));
  $("back").addEventListener("click", () => step(-1));
  $("restart").addEventListener("click", () => {
    state.playing = false;
    seek(0);
    saveURL();
  });
  $("scrub").addEventListener("input", () => {
    state.playing = false;
    seek(Number($("scrub").value));
  });
  $("scrub").addEventListener("change", () => saveURL());
  $("speed").addEventListener("change", () => {
    state.speed = Number($("speed").value);
    saveURL();
  });
  $("view-replay").addEventListener("click", () => setView("replay", true));
  $("view-live").addEventListener("click", () => setView("live", true));
  $("run-live").addEventListener("click", runLive);
  $("large").addEventListener("click", () => setLarge(!document.documentElement.classList.contains("large")));
  $("side-by-side").addEventListener("change", () => {
    $("sources-pane").classList.toggle("side", $("side-by-side").checked);
    document.querySelector(".panes").classList.toggle("wide-sources", $("side-by-side").checked);
  });
  $("copy-link").addEventListener("click", copyLink);
  $("home").addEventListener("click", (e) => {
    e.preventDefault();
    history.pushState(null, "", "/");
    showIntro();
  });
  document.addEventListener("keydown", (e) => {
    if (e.target.closest("input, select, textarea") || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === " " && !e.target.closest("button")) {
      e.preventDefault();
      state.playing ? stop() : play();
    } else if (e.key === "ArrowRight") {
      step(+1);
    } else if (e.key === "ArrowLeft") {
      step(-1);
    }
  });
}

function setLarge(on) {
  document.documentElement.classList.toggle("large", on);
  $("large").setAttribute("aria-pressed", String(on));
  localStorage.setItem("rexasyncio.large", on ? "1" : "0");
}

function urlFor(name, at) {
  const q = new URLSearchParams();
  q.set("example", name);
  const ex = findExample(name);
  if (!ex || !ex.modes || modeFor(name) !== ex.modes[0]) q.set("mode", modeFor(name)); // the default goes without saying
  if (at > 0) q.set("at", fmt(at, 3));
  if (state.speed !== 1) q.set("speed", String(state.speed));
  return "?" + q.toString();
}

// saveURL puts the moment in the address, so that it can be shared.
function saveURL() {
  if (!state.name || state.view !== "replay") return;
  history.replaceState(null, "", urlFor(state.name, state.t));
}

async function copyLink() {
  saveURL();
  try {
    await navigator.clipboard.writeText(location.href);
    setStatus("Link copied: " + location.href);
  } catch {
    setStatus("Link: " + location.href);
  }
}

// ---- Helpers ----

async function getJSON(url) {
  const resp = await fetch(url);
  if (!resp.ok) throw new Error(url + ": " + resp.status + " " + (await resp.text()).trim());
  return resp.json();
}

function setStatus(msg) {
  $("status").textContent = msg;
}

function fail(msg) {
  document.body.dataset.status = "error";
  setStatus(msg);
}

function fmt(x, digits) {
  return Number(x).toFixed(digits);
}

function cls(stateName) {
  return stateName.replace(/ /g, "-");
}

// el makes an element with attributes and children (strings become text).
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}
