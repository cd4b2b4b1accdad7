// The playground page: reads the form into a query, streams a run from /api/train (server-sent
// events read with fetch, so that a 400 answer's message reaches the page and Stop can abort),
// and draws every epoch by hand on canvases. No library, no request to another origin.
"use strict";

const KEYS = ["dataset", "n", "noise", "labelnoise", "width", "depth", "act", "norm", "dropout", "l1", "l2",
  "patience", "mindelta", "inputnoise", "mixup", "maxnorm", "clip", "opt", "lr", "batch", "epochs", "seed"];
const DEFAULTS = {dataset: "two-moons", n: "200", noise: "0.2", labelnoise: "0", width: "64", depth: "2",
  act: "relu", norm: "none", dropout: "0", l1: "0", l2: "0", patience: "off", mindelta: "0", inputnoise: "0",
  mixup: "0", maxnorm: "0", clip: "0", opt: "adam", lr: "0.01", batch: "32", epochs: "100", seed: "1"};
const $ = (id) => document.getElementById(id);

let current = null;   // the run on screen: {config, start, epochs: [], last, summary, outcome}
let pinned = null;    // a finished run kept for comparison
let controller = null;
let runToken = null;

// MARK: - Settings <-> query

function readForm() {
  const config = {};
  for (const key of KEYS) {
    if (key === "patience") { config[key] = $("es").checked ? ($("patience").value || "0") : "off"; continue; }
    config[key] = $(key).value.trim();
  }
  return config;
}

function writeForm(config) {
  for (const key of KEYS) {
    const value = config[key] ?? DEFAULTS[key];
    if (key === "patience") {
      $("es").checked = value !== "off" && value !== "";
      $("patience").value = $("es").checked ? value : "10";
      continue;
    }
    $(key).value = value;
  }
  updateFormHints();
}

function toQuery(config) {
  return KEYS.map((key) => `${key}=${encodeURIComponent(config[key])}`).join("&");
}

function fromQuery(query) {
  const params = new URLSearchParams(query);
  const config = {...DEFAULTS};
  for (const [key, value] of params) config[key] = value;
  return config;
}

function updateFormHints() {
  $("l2-label").textContent = $("opt").value === "adamw" ? "AdamW decay" : "L2 λ";
  $("patience").disabled = !$("es").checked;
  $("mindelta").disabled = !$("es").checked;
}

// MARK: - Running

async function start(config) {
  stopStream();
  const query = toQuery(config);
  history.replaceState(null, "", "?" + query);
  $("share").href = "?" + query;
  $("share").textContent = location.origin + "/?" + query;
  current = {config, query, start: null, epochs: [], last: null, summary: null, outcome: "running"};
  setMessage(null);
  $("comparison").hidden = true;
  $("final").hidden = true;
  $("pin").disabled = true;
  $("stop").disabled = false;
  setStatus("running", "Sending the run to the server…");
  drawAll();
  controller = new AbortController();
  const requested = performance.now();
  let response;
  try {
    response = await fetch("/api/train?" + query, {signal: controller.signal, cache: "no-store"});
  } catch (error) {
    if (error.name !== "AbortError") finish("failed", "The server did not answer: " + error.message);
    return;
  }
  if (!response.ok) {
    let text = await response.text();
    try { const body = JSON.parse(text); text = (body.setting ? body.setting + ": " : "") + body.error; } catch (_) {}
    finish("refused", `The server refused the run (HTTP ${response.status}):\n${text}`);
    return;
  }
  const run = current;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const {value, done} = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, {stream: true});
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        handleBlock(run, block, requested);
      }
    }
  } catch (error) {
    if (error.name !== "AbortError" && run.outcome === "running") finish("failed", "The connection broke: " + error.message);
    return;
  }
  if (run === current && run.outcome === "running") finish("failed", "The stream ended without a result.");
}

function handleBlock(run, block, requested) {
  let name = "message";
  let data = "";
  for (const line of block.split("\n")) {
    if (line.startsWith("event: ")) name = line.slice(7);
    else if (line.startsWith("data: ")) data += line.slice(6);
  }
  if (!data || run !== current) return;
  const payload = JSON.parse(data);
  switch (name) {
    case "queued":
      runToken = payload.run;
      if (payload.position > 0) {
        setStatus("running", `Waiting: place ${payload.position} in the queue (${payload.capacity} runs train at once).`);
      } else {
        setStatus("running", "Training…");
      }
      break;
    case "started":
      run.start = payload;
      break;
    case "epoch":
      if (run.epochs.length === 0) run.firstEpochMs = performance.now() - requested;
      run.epochs.push(payload);
      run.last = payload;
      setStatus("running", epochStatus(run));
      drawAll();
      break;
    case "finished":
      run.summary = payload;
      finish("finished", null);
      break;
    case "failed":
      finish("failed", `${payload.message}\n${payload.suggestion}`);
      break;
    case "cancelled":
      finish("cancelled", null, payload.reason);
      break;
  }
}

function epochStatus(run) {
  const e = run.last;
  const total = run.config.epochs;
  let text = `Epoch ${e.epoch} / ${total} · train loss ${fmt(e.trainLoss)} · validation loss ${fmt(e.validationLoss)}`;
  if (e.validationAccuracy != null) text += ` · validation accuracy ${pct(e.validationAccuracy)}`;
  if (run.config.patience !== "off") text += ` · best epoch ${e.bestEpoch} (waiting ${e.epochsWithoutImprovement}/${run.config.patience})`;
  return text;
}

function finish(outcome, message, reason) {
  const run = current;
  if (!run) return;
  run.outcome = outcome;
  $("stop").disabled = true;
  controller = null;
  if (outcome === "finished") {
    const s = run.summary;
    let text = `Finished: ${s.epochs} epochs in ${s.seconds.toFixed(2)} s`;
    if (run.firstEpochMs != null) text += ` (first epoch after ${Math.round(run.firstEpochMs)} ms)`;
    if (s.stoppedEpoch != null) text += ` · early stopping stopped at epoch ${s.stoppedEpoch}`;
    if (s.restoredEpoch != null) text += ` and restored the weights of epoch ${s.restoredEpoch}`;
    setStatus("finished", text + ".");
    $("pin").disabled = false;
    showFinal();
    compare();
  } else if (outcome === "cancelled") {
    setStatus("idle", `Stopped after ${run.epochs.length} epochs (${reason}).`);
  } else {
    setStatus("idle", outcome === "refused" ? "Not started." : `Failed after ${run.epochs.length} epochs.`);
    setMessage(message);
  }
  drawAll();
}

function stopStream() {
  if (controller) {
    if (runToken) fetch(`/api/runs/${runToken}/stop`, {method: "POST", keepalive: true}).catch(() => {});
    controller.abort();
    controller = null;
  }
  runToken = null;
}

// MARK: - Comparison with the pinned run

function gap(summary) {
  return summary.trainAccuracy != null ? summary.trainAccuracy - summary.validationAccuracy : summary.validationLoss - summary.trainLoss;
}

function compare() {
  if (!pinned || !current || !current.summary) return;
  const a = current.summary, b = pinned.summary;
  const changed = KEYS.filter((k) => String(current.config[k]) !== String(pinned.config[k]))
    .map((k) => `${k} ${pinned.config[k]} → ${current.config[k]}`);
  const parts = [];
  if (a.validationAccuracy != null && b.validationAccuracy != null) {
    parts.push(`validation accuracy ${signed(100 * (a.validationAccuracy - b.validationAccuracy), 1)} points`);
    parts.push(`train–val gap ${signed(100 * (gap(a) - gap(b)), 1)} points`);
  } else {
    parts.push(`validation loss ${signed(a.validationLoss - b.validationLoss, 4)}`);
    parts.push(`validation − train loss ${signed(gap(a) - gap(b), 4)}`);
  }
  const what = changed.length ? ` (${changed.join(", ")})` : " (same settings)";
  $("comparison").textContent = `Against the pinned run${what}: ${parts.join(", ")}.`;
  $("comparison").hidden = false;
}

function pin() {
  if (!current || !current.summary) return;
  pinned = current;
  $("pinned-panel").hidden = false;
  $("unpin").hidden = false;
  $("pinned-title").textContent = "Pinned run: " + describe(pinned.config);
  setStatus("finished", "Pinned. Change a setting and press Start: the next run is drawn beside this one.");
  drawAll();
  showFinal();
}

function unpin() {
  pinned = null;
  $("pinned-panel").hidden = true;
  $("unpin").hidden = true;
  $("comparison").hidden = true;
  drawAll();
  showFinal();
}

function describe(config) {
  const regs = [];
  if (+config.dropout) regs.push(`dropout ${config.dropout}`);
  if (+config.l1) regs.push(`L1 ${config.l1}`);
  if (+config.l2) regs.push(`${config.opt === "adamw" ? "decay" : "L2"} ${config.l2}`);
  if (config.patience !== "off") regs.push(`patience ${config.patience}`);
  if (+config.inputnoise) regs.push(`input noise ${config.inputnoise}`);
  if (+config.mixup) regs.push(`mixup ${config.mixup}`);
  if (+config.maxnorm) regs.push(`max-norm ${config.maxnorm}`);
  if (+config.clip) regs.push(`clip ${config.clip}`);
  return regs.length ? regs.join(", ") : "no regulariser";
}

function showFinal() {
  const rows = [["validation accuracy", "validationAccuracy", pct], ["train accuracy", "trainAccuracy", pct],
    ["validation loss", "validationLoss", fmt], ["train loss", "trainLoss", fmt], ["epochs", "epochs", String],
    ["best / restored epoch", "restoredEpoch", (v) => v == null ? "—" : String(v)]];
  const body = $("final").querySelector("tbody");
  body.textContent = "";
  if (!current || !current.summary) { $("final").hidden = true; return; }
  $("final-pinned-head").hidden = !pinned;
  for (const [label, key, show] of rows) {
    if (current.summary[key] === undefined && key !== "restoredEpoch") continue;
    const tr = document.createElement("tr");
    const cells = [label, show(current.summary[key])];
    if (pinned) cells.push(show(pinned.summary[key]));
    for (const text of cells) { const td = document.createElement("td"); td.textContent = text; tr.appendChild(td); }
    body.appendChild(tr);
  }
  // Every number at full precision, for checking that a shared link reproduces the run.
  $("final").dataset.summary = JSON.stringify(current.summary, (k, v) => k === "seconds" ? undefined : v);
  $("final").hidden = false;
}

// MARK: - Drawing

function colors() {
  const style = getComputedStyle(document.documentElement);
  const get = (name) => style.getPropertyValue(name).trim();
  return {fg: get("--fg"), muted: get("--muted"), grid: get("--grid"), train: get("--train"), val: get("--val"),
    pin: get("--pin"), panel: get("--panel"), classes: [get("--class0"), get("--class1"), get("--class2")]};
}

function drawAll() {
  const c = colors();
  const run = current;
  const series = (r, key) => r ? r.epochs.map((e) => e[key]) : [];
  const classification = run && run.config.dataset !== "noisy-sine";
  drawChart($("loss-chart"), c, [
    {values: series(pinned, "trainLoss"), color: c.pin, dash: [2, 3]},
    {values: series(pinned, "validationLoss"), color: c.pin, dash: [6, 3]},
    {values: series(run, "trainLoss"), color: c.train},
    {values: series(run, "validationLoss"), color: c.val},
  ], {log: true, marks: run && run.last && run.config.patience !== "off" ? run.last : null, stopped: run && run.summary ? run.summary.stoppedEpoch : null});
  drawChart($("accuracy-chart"), c, classification ? [
    {values: series(pinned, "trainAccuracy"), color: c.pin, dash: [2, 3]},
    {values: series(pinned, "validationAccuracy"), color: c.pin, dash: [6, 3]},
    {values: series(run, "trainAccuracy"), color: c.train},
    {values: series(run, "validationAccuracy"), color: c.val},
  ] : [], {percent: true, empty: run && !classification ? "Regression: no accuracy (see the loss)" : null});
  drawBoundary($("boundary"), c, run);
  $("boundary-title").textContent = run && run.config.dataset === "noisy-sine" ? "Fitted curve (this run)" : "Decision boundary (this run)";
  if (pinned) drawBoundary($("pinned-boundary"), c, pinned);
  drawHistograms($("histograms"), c, run && run.last, pinned && pinned.last);
}

function prepare(canvas) {
  // The width and height attributes are the logical size; the bitmap follows the pixel ratio.
  if (!canvas.dataset.w) { canvas.dataset.w = canvas.getAttribute("width"); canvas.dataset.h = canvas.getAttribute("height"); }
  const width = +canvas.dataset.w, height = +canvas.dataset.h, ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = width + "px";
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return {ctx, width, height};
}

function drawChart(canvas, c, lines, options) {
  const {ctx, width, height} = prepare(canvas);
  ctx.clearRect(0, 0, width, height);
  const left = 52, right = 10, top = 10, bottom = 28;
  const w = width - left - right, h = height - top - bottom;
  ctx.font = "11px 'DejaVu Sans', sans-serif";
  const finite = (v) => typeof v === "number" && isFinite(v) && (!options.log || v > 0);
  const all = lines.flatMap((l) => l.values.filter(finite));
  let epochs = Math.max(1, ...lines.map((l) => l.values.length));
  if (current && current.config) epochs = Math.max(epochs, +current.config.epochs || 1);
  if (options.empty || all.length === 0) {
    ctx.fillStyle = c.muted;
    ctx.fillText(options.empty || "No epochs yet.", left + 10, top + h / 2);
    return;
  }
  let lo = Math.min(...all), hi = Math.max(...all);
  if (options.percent) { lo = Math.max(0, Math.floor(lo * 10) / 10); hi = 1; }
  const t = options.log ? Math.log10 : (v) => v;
  let a = t(lo), b = t(hi);
  if (b - a < 1e-9) { a -= 0.5; b += 0.5; }
  const x = (i) => left + (epochs === 1 ? 0 : (i / (epochs - 1)) * w);
  const y = (v) => top + h - ((t(v) - a) / (b - a)) * h;
  ctx.strokeStyle = c.grid; ctx.fillStyle = c.muted; ctx.lineWidth = 1;
  const ticks = options.log ? logTicks(lo, hi) : linearTicks(lo, hi);
  for (const v of ticks) {
    ctx.beginPath(); ctx.moveTo(left, y(v)); ctx.lineTo(left + w, y(v)); ctx.stroke();
    ctx.fillText(options.percent ? Math.round(v * 100) + "%" : shortNumber(v), 4, y(v) + 4);
  }
  ctx.textAlign = "center";
  ctx.fillText("epoch", left + w / 2, height - 8);
  ctx.fillText("1", left, height - 8);
  ctx.fillText(String(epochs), left + w - 8, height - 8);
  ctx.textAlign = "left";
  if (options.marks) {
    const best = options.marks.bestEpoch;
    ctx.strokeStyle = c.muted; ctx.setLineDash([3, 3]);
    ctx.beginPath(); ctx.moveTo(x(best - 1), top); ctx.lineTo(x(best - 1), top + h); ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillText(`best ${best}`, Math.min(x(best - 1) + 3, left + w - 50), top + 12);
    if (options.stopped != null) {
      ctx.fillText(`stop ${options.stopped}`, Math.min(x(options.stopped - 1) + 3, left + w - 50), top + 26);
    }
  }
  for (const line of lines) {
    ctx.strokeStyle = line.color; ctx.lineWidth = line.dash ? 1.5 : 2; ctx.setLineDash(line.dash || []);
    ctx.beginPath();
    let drawing = false;
    line.values.forEach((v, i) => {
      if (!finite(v)) { drawing = false; return; }
      const px = x(i), py = Math.max(top, Math.min(top + h, y(v)));
      if (drawing) ctx.lineTo(px, py); else ctx.moveTo(px, py);
      drawing = true;
    });
    ctx.stroke();
  }
  ctx.setLineDash([]);
}

function linearTicks(lo, hi) {
  const step = niceStep((hi - lo) / 4);
  const ticks = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-12; v += step) ticks.push(v);
  return ticks;
}

function logTicks(lo, hi) {
  const ticks = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) { const v = m * 10 ** e; if (v >= lo && v <= hi) ticks.push(v); }
  }
  return ticks.length >= 2 ? ticks : [lo, hi];
}

function niceStep(raw) {
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

function drawBoundary(canvas, c, run) {
  const {ctx, width, height} = prepare(canvas);
  ctx.clearRect(0, 0, width, height);
  ctx.font = "12px 'DejaVu Sans', sans-serif";
  if (!run || !run.start) { ctx.fillStyle = c.muted; ctx.fillText("No run yet.", 10, 20); return; }
  const start = run.start, last = run.last;
  if (!start.window) {
    ctx.fillStyle = c.muted;
    ctx.fillText("Digits have 64 inputs: no boundary to draw.", 10, 20);
    if (last && last.validationAccuracy != null) ctx.fillText(`Validation accuracy ${pct(last.validationAccuracy)}`, 10, 40);
    return;
  }
  const [x0, x1, y0, y1] = start.window;
  const sx = (v) => ((v - x0) / (x1 - x0)) * width;
  const sy = (v) => height - ((v - y0) / (y1 - y0)) * height;
  if (last && last.gridSize) {
    // One pixel per cell, blended opaquely with the panel colour, then scaled up smoothly.
    const n = last.gridSize;
    const image = new ImageData(n, n);
    const base = rgb(c.panel), tints = c.classes.map(rgb);
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) {
        const cell = row * n + col;
        const k = last.gridClass[cell], conf = last.gridConfidence[cell] / 100;
        const chance = 1 / Math.max(2, start.classCount);
        const alpha = 0.12 + 0.4 * Math.min(1, Math.max(0, (conf - chance) / (1 - chance)));
        const tint = tints[k % 3];
        const at = ((n - 1 - row) * n + col) * 4;
        for (let j = 0; j < 3; j++) image.data[at + j] = Math.round(base[j] + alpha * (tint[j] - base[j]));
        image.data[at + 3] = 255;
      }
    }
    const cells = document.createElement("canvas");
    cells.width = n; cells.height = n;
    cells.getContext("2d").putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(cells, 0, 0, width, height);
  }
  for (let i = 0; i < start.pointsX.length; i++) {
    ctx.beginPath();
    ctx.arc(sx(start.pointsX[i]), sy(start.pointsY[i]), 2.6, 0, 2 * Math.PI);
    ctx.fillStyle = start.classCount ? c.classes[start.pointsLabel[i] % 3] : c.muted;
    ctx.fill();
    ctx.strokeStyle = c.panel; ctx.lineWidth = 0.8; ctx.stroke();
  }
  if (last && last.curve) {
    ctx.strokeStyle = c.train; ctx.lineWidth = 2.5; ctx.beginPath();
    last.curve.forEach((v, i) => {
      const px = (i / (last.curve.length - 1)) * width, py = sy(v);
      if (i === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
    });
    ctx.stroke();
  }
  if (last) { ctx.fillStyle = c.fg; ctx.fillText(`epoch ${last.epoch}`, 6, 16); }
}

function drawHistograms(canvas, c, last, pinnedLast) {
  const {ctx, width, height} = prepare(canvas);
  ctx.clearRect(0, 0, width, height);
  ctx.font = "11px 'DejaVu Sans', sans-serif";
  if (!last) { ctx.fillStyle = c.muted; ctx.fillText("No epochs yet.", 10, 20); return; }
  const layers = last.histograms.length;
  const panelWidth = width / layers;
  last.histograms.forEach((counts, index) => {
    const left = index * panelWidth + 4, w = panelWidth - 8, top = 16, h = height - 34;
    const peak = Math.max(...counts, 1);
    const barWidth = w / counts.length;
    ctx.fillStyle = c.train;
    counts.forEach((count, bin) => {
      const bh = (count / peak) * h;
      ctx.fillRect(left + bin * barWidth, top + h - bh, Math.max(1, barWidth - 1), bh);
    });
    if (pinnedLast && pinnedLast.histograms[index]) {
      const other = pinnedLast.histograms[index], otherPeak = Math.max(...other, 1);
      ctx.strokeStyle = c.pin; ctx.setLineDash([3, 2]); ctx.beginPath();
      other.forEach((count, bin) => {
        const px = left + (bin + 0.5) * barWidth, py = top + h - (count / otherPeak) * h;
        if (bin === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
      });
      ctx.stroke(); ctx.setLineDash([]);
    }
    ctx.fillStyle = c.fg;
    ctx.fillText(index === layers - 1 ? "output" : `layer ${index + 1}`, left, 11);
    ctx.fillStyle = c.muted;
    ctx.fillText(`±${shortNumber(last.histogramRange)}`, left, height - 4);
  });
}

// MARK: - Text

/** "#rrggbb" (or "#rgb") to [r, g, b]. */
function rgb(hex) {
  let h = hex.replace("#", "");
  if (h.length === 3) h = h.split("").map((x) => x + x).join("");
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) || 0);
}

function fmt(v) { return typeof v === "number" ? (Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4)) : String(v); }
function pct(v) { return v == null ? "—" : (100 * v).toFixed(1) + " %"; }
function signed(v, digits) { return (v >= 0 ? "+" : "−") + Math.abs(v).toFixed(digits); }
function shortNumber(v) { return Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(0) : String(+v.toPrecision(3)); }

function setStatus(kind, text) { $("status").className = "status " + kind; $("status").textContent = text; }
function setMessage(text) { $("message").hidden = !text; $("message").textContent = text || ""; }

// MARK: - Wiring

async function loadPresets() {
  try {
    const presets = await (await fetch("/api/presets")).json();
    for (const preset of presets) {
      const option = document.createElement("option");
      option.value = preset.query;
      option.textContent = `${preset.lesson}: ${preset.name}`;
      option.dataset.description = preset.description;
      $("preset").appendChild(option);
    }
  } catch (_) { /* the menu stays empty; everything else works */ }
}

$("preset").addEventListener("change", () => {
  const option = $("preset").selectedOptions[0];
  $("preset-note").textContent = option.dataset.description || "";
  if (option.value) writeForm(fromQuery(option.value));
});
$("settings").addEventListener("submit", (event) => { event.preventDefault(); start(readForm()); });
$("stop").addEventListener("click", () => {
  const run = current;
  stopStream();
  if (run && run.outcome === "running") { current = run; finish("cancelled", null, "stopped from the page"); }
});
$("pin").addEventListener("click", pin);
$("unpin").addEventListener("click", unpin);
$("opt").addEventListener("change", updateFormHints);
$("es").addEventListener("change", updateFormHints);
window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", drawAll);

loadPresets();
const initial = fromQuery(location.search);
writeForm(initial);
drawAll();
// A link with a configuration reruns exactly that run.
if (location.search.length > 1) start(readForm());
