/* The lineage graph on a vis-network canvas, shared by the app and the exported page.
 *
 * Draws the lanes (named, pinned to the left edge) and the year axis (pinned to the top) around the nodes Python
 * placed, fits the first view to the focus's lineage without letting labels shrink below data.minLabelPx, and
 * leaves the mouse wheel to the page: zoom is on the buttons and on ctrl+wheel (a trackpad pinch).
 */
(function (global) {
  "use strict";

  const FACE = "'Noto Sans CJK SC', 'Noto Sans', 'Helvetica Neue', Arial, sans-serif";
  const AXIS = 24; // px: the year axis band at the top of the canvas

  function options() {
    return {
      physics: { enabled: false },
      layout: { improvedLayout: false },
      // A white halo keeps every label readable where edges or arrowheads pass under it.
      nodes: { font: { face: FACE, strokeWidth: 5, strokeColor: "rgba(255,255,255,0.92)" } },
      edges: { smooth: { enabled: true, type: "curvedCW", roundness: 0.08 }, arrows: { to: { scaleFactor: 0.5 } } },
      interaction: { hover: true, tooltipDelay: 150, zoomView: false, dragView: true, keyboard: false },
    };
  }

  function button(label, title, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "rl-control";
    b.textContent = label;
    b.title = title;
    b.setAttribute("aria-label", title);
    b.addEventListener("click", onClick);
    return b;
  }

  function draw(root, data, onSelect) {
    const started = performance.now();
    root.classList.add("rl-graph");
    root.replaceChildren();
    const host = document.createElement("div");
    host.className = "rl-canvas";
    root.appendChild(host);
    // The legend goes under the canvas, and the canvas leaves room for it inside the viewport.
    const legend = document.createElement("div");
    legend.className = "rl-legend";
    root.appendChild(legend);
    fillLegend(legend, data.legend);
    const viewport = global.innerHeight || 800;
    const below = legend.getBoundingClientRect().height + 16;
    const height = data.height || Math.max(360, Math.round(viewport - host.getBoundingClientRect().top - below));
    host.style.height = height + "px";

    const network = new vis.Network(
      host,
      { nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges) },
      options()
    );
    const byId = new Map(data.nodes.map((n) => [n.id, n]));
    const minScale = (data.minLabelPx / data.fontSize) * 1.03;

    function box(ids) {
      const b = { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
      for (const id of ids) {
        const n = byId.get(id);
        if (!n) continue;
        const half = Math.max(n.size || 10, (n.labelWidth || 60) / 2);
        b.x0 = Math.min(b.x0, n.x - half);
        b.x1 = Math.max(b.x1, n.x + half);
        b.y1 = Math.max(b.y1, n.y + (n.size || 10) + 26);
        const lane = data.lanes.find((l) => l.top <= n.y && n.y <= l.bottom);
        b.y0 = Math.min(b.y0, lane ? lane.top : n.y - 30);
      }
      return b;
    }

    function fitTo(ids, legible) {
      const b = box(ids.length ? ids : data.nodes.map((n) => n.id));
      if (!isFinite(b.x0)) return;
      const w = host.clientWidth || 800;
      const h = host.clientHeight || height;
      const fits = (box) => Math.min((w - 24) / (box.x1 - box.x0 || 1), (h - AXIS - 16) / (box.y1 - box.y0 || 1), 1.25);
      if (legible && ids.length) {
        // Take in the papers right of the lineage too (the latest years) when their labels still stay legible.
        const right = Math.max(b.x1, box(data.nodes.map((n) => n.id)).x1);
        if (fits({ ...b, x1: right }) >= minScale) b.x1 = right;
      }
      let view = place(b, fits(b), legible);
      // A label the canvas's left edge would cut ("eritt 2017"): take it in whole.
      for (let tries = 0; tries < 4; tries++) {
        const edge = view.x - w / 2 / view.scale;
        const top = view.y - h / 2 / view.scale;
        const bottom = view.y + h / 2 / view.scale;
        let left = edge;
        for (const n of data.nodes) {
          const half = (n.labelWidth || 60) / 2;
          if (n.x - half < edge && edge < n.x + half && top <= n.y && n.y <= bottom) left = Math.min(left, n.x - half);
        }
        if (left >= edge) break;
        b.x0 = left - 4;
        view = place(b, fits(b), legible);
      }
      network.moveTo({ position: { x: view.x, y: view.y - AXIS / 2 / view.scale }, scale: view.scale, animation: false });
    }

    function place(b, scale, legible) {
      const w = host.clientWidth || 800;
      const h = host.clientHeight || height;
      // The lineage's top at the top of the canvas: what lies below it (other lanes) fills the rest.
      const y = (s) => b.y0 + (h - AXIS - 16) / 2 / s - 8 / s;
      if (legible && scale < minScale) {
        // Too wide to fit legibly: keep the labels readable and start from the lineage's left (earliest) end.
        return { scale: minScale, x: b.x0 + (w - 24) / 2 / minScale, y: y(minScale) };
      }
      return { scale: scale, x: (b.x0 + b.x1) / 2, y: y(scale) };
    }

    function resize(px) {
      host.style.height = px + "px";
      network.setSize("100%", px + "px");
    }

    const fitLineage = () => {
      if (host.clientHeight !== height) resize(height);
      fitTo(data.fit || [], true);
    };
    // Everything drawn, across its full width: the canvas grows (the page scrolls) rather than the labels shrink.
    const showAll = () => {
      const all = box(data.nodes.map((n) => n.id));
      if (!isFinite(all.x0)) return;
      const top = Math.min(all.y0, ...data.lanes.map((l) => l.top));
      const bottom = Math.max(all.y1, ...data.lanes.map((l) => l.bottom));
      const scale = Math.min((host.clientWidth - 24) / (all.x1 - all.x0 || 1), 1.25);
      resize(Math.max(height, Math.ceil((bottom - top) * scale + AXIS + 16)));
      const h = host.clientHeight;
      const x = (all.x0 + all.x1) / 2;
      const y = top + (h - AXIS) / 2 / scale - 4 / scale;
      network.moveTo({ position: { x: x, y: y - AXIS / 2 / scale }, scale: scale, animation: false });
    };
    // Lanes the view does not show are pale in the legend, so it never lists what the reader cannot see as if shown.
    function markHiddenLanes() {
      const top = network.DOMtoCanvas({ x: 0, y: AXIS }).y;
      const bottom = network.DOMtoCanvas({ x: 0, y: host.clientHeight }).y;
      let hidden = 0;
      for (const entry of legend.querySelectorAll("[data-lane]")) {
        const lane = data.lanes.find((l) => l.name === entry.dataset.lane);
        const out = !lane || lane.bottom < top || lane.top > bottom;
        entry.classList.toggle("rl-lane-hidden", out);
        hidden += out;
      }
      legend.classList.toggle("rl-some-hidden", hidden > 0);
    }

    const zoom = (factor) => network.moveTo({ scale: network.getScale() * factor, animation: false });

    network.on("beforeDrawing", (ctx) => {
      const tl = network.DOMtoCanvas({ x: 0, y: 0 });
      const br = network.DOMtoCanvas({ x: host.clientWidth, y: host.clientHeight });
      data.lanes.forEach((lane) => {
        ctx.fillStyle = lane.fill;
        ctx.fillRect(tl.x, lane.top, br.x - tl.x, lane.bottom - lane.top);
        ctx.fillStyle = lane.colour;
        ctx.fillRect(tl.x, lane.top, 6 / network.getScale(), lane.bottom - lane.top);
      });
      ctx.lineWidth = 1 / network.getScale();
      for (const tick of data.ticks) {
        ctx.strokeStyle = "#e2e4e8";
        ctx.setLineDash(tick.gap ? [6 / network.getScale(), 4 / network.getScale()] : []);
        ctx.beginPath();
        ctx.moveTo(tick.x, tl.y);
        ctx.lineTo(tick.x, br.y);
        ctx.stroke();
      }
      ctx.setLineDash([]);
    });

    network.on("afterDrawing", (ctx) => {
      const ratio = network.canvas.pixelRatio || global.devicePixelRatio || 1;
      const w = host.clientWidth;
      ctx.save();
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.textBaseline = "middle";
      ctx.lineJoin = "round";
      for (const lane of data.lanes) {
        const top = network.canvasToDOM({ x: 0, y: lane.top }).y;
        const bottom = network.canvasToDOM({ x: 0, y: lane.bottom }).y;
        if (bottom < AXIS || top > host.clientHeight) continue;
        const y = Math.max(top, AXIS) + 11;
        ctx.font = "600 13px " + FACE;
        ctx.lineWidth = 4;
        ctx.strokeStyle = "rgba(255,255,255,0.95)";
        ctx.strokeText(lane.name, 12, y);
        ctx.fillStyle = lane.colour;
        ctx.fillText(lane.name, 12, y);
      }
      ctx.fillStyle = "rgba(255,255,255,0.94)";
      ctx.fillRect(0, 0, w, AXIS);
      ctx.strokeStyle = "#c9ccd1";
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(0, AXIS - 0.5);
      ctx.lineTo(w, AXIS - 0.5);
      ctx.stroke();
      ctx.font = "12px " + FACE;
      ctx.textAlign = "center";
      // Zoomed far out, label every second, fifth or tenth year so the labels never run together.
      const columnPx = data.ticks.length ? data.ticks[0].width * network.getScale() : 100;
      const every = [1, 2, 5, 10, 20, 50].find((step) => step * columnPx >= 40) || 100;
      for (const [index, tick] of data.ticks.entries()) {
        if (index % every !== 0) continue;
        const left = network.canvasToDOM({ x: tick.x, y: 0 }).x;
        const right = network.canvasToDOM({ x: tick.x + tick.width, y: 0 }).x;
        if (right < 0 || left > w) continue;
        ctx.fillStyle = "#444";
        ctx.fillText(tick.label, (left + right) / 2, AXIS / 2);
        if (tick.gap) {
          ctx.fillStyle = "#999";
          ctx.fillText("⋯", left - 8, AXIS / 2);
        }
      }
      ctx.restore();
    });

    // The clicked paper's tooltip would sit over the picture and the axis while its details are read: hide it
    // until the pointer leaves that paper.
    let quiet = null;
    const hideTooltip = () => {
      const popup = network.interactionHandler && network.interactionHandler.popup;
      if (popup) popup.hide();
    };
    network.on("showPopup", (id) => {
      if (id === quiet) hideTooltip();
    });
    network.on("blurNode", () => {
      quiet = null;
    });
    network.on("click", (params) => {
      quiet = params.nodes.length ? params.nodes[0] : null;
      hideTooltip();
      if (params.nodes.length && onSelect) onSelect(params.nodes[0]);
    });

    host.addEventListener(
      "wheel",
      (event) => {
        if (!event.ctrlKey) return; // a plain wheel scrolls the page
        event.preventDefault();
        zoom(event.deltaY < 0 ? 1.1 : 1 / 1.1);
      },
      { passive: false }
    );

    const controls = document.createElement("div");
    controls.className = "rl-controls";
    controls.append(
      button("+", "Zoom in", () => zoom(1.25)),
      button("−", "Zoom out", () => zoom(0.8)),
      button("Fit lineage", "Fit the focus's lineage", fitLineage),
      button("Show all", "Show everything drawn", showAll)
    );
    root.appendChild(controls);

    // Redrawn with the same focus and layout (a click selected a paper): the picture stays where the reader left
    // it. A new focus, filter or expanded group is a new picture, fitted afresh.
    const layout = [data.focus, data.nodes.length, ...data.lanes.map((l) => l.section + ":" + l.bottom)].join("|");
    const kept = root.__rlView;
    const keep = kept && kept.layout === layout && kept.width === host.clientWidth;
    if (keep) {
      if (kept.height !== host.clientHeight) resize(kept.height);
      network.moveTo({ position: kept.position, scale: kept.scale, animation: false });
    } else fitLineage();
    const fitted = host.clientWidth;
    network.once("afterDrawing", () => {
      if (host.clientWidth !== fitted) fitLineage();
      root.dataset.drawn = "1";
      global.readinglistDrawnAt = performance.now();
      global.readinglistDrawMs = global.readinglistDrawnAt - started; // the graph's own share of the wait
    });
    network.on("afterDrawing", () => {
      root.__rlView = {
        layout: layout, width: host.clientWidth, height: host.clientHeight,
        position: network.getViewPosition(), scale: network.getScale(),
      };
      markHiddenLanes();
    });
    const selected = data.selected || data.focus;
    if (selected && byId.has(selected)) network.selectNodes([selected]);
    if (data.panel && root.__rlSelected !== undefined && root.__rlSelected !== selected) {
      // Another paper in the side panel: show it from its top.
      const panel = document.querySelector(data.panel);
      if (panel) panel.scrollTop = 0;
    }
    root.__rlSelected = selected;
    network.readinglist = {
      fit: data.fit || [], lanes: data.lanes, ticks: data.ticks, focus: data.focus, selected: selected,
    };
    global.network = network; // as pyvis pages do: tools and tests read positions and scale from it
    return network;
  }

  function item(parent, swatch, text) {
    const span = document.createElement("span");
    span.className = "rl-legend-item";
    if (swatch) span.appendChild(swatch);
    span.appendChild(document.createTextNode(text));
    parent.appendChild(span);
    return span;
  }

  function swatch(css) {
    const s = document.createElement("span");
    s.className = "rl-swatch";
    s.style.cssText = css;
    return s;
  }

  function fillLegend(legend, spec) {
    legend.replaceChildren();
    for (const section of spec.sections) {
      item(legend, swatch("background:" + section.colour), section.name).dataset.lane = section.name;
    }
    if (spec.builds_on) item(legend, swatch("height:3px;border-radius:0;background:#2f2f2f"), "builds on (curated)");
    if (spec.cites) item(legend, swatch("height:0;border-radius:0;border-top:2px dashed #8a8a8a"), "cites");
    if (spec.intents) {
      item(legend, swatch("height:0;border-radius:0;border-top:2px dashed #d62728"), "cited for method");
      item(legend, swatch("height:0;border-radius:0;border-top:2px dashed #2ca02c"), "cited for result");
    }
    if (spec.influential) item(legend, null, "thicker: influential citation");
    if (spec.read) item(legend, swatch("background:#fff;border:3px solid #777"), "✓ read");
    if (spec.sized) item(legend, null, "larger dot: more citations");
    if (spec.groups) item(legend, swatch("border:1px dashed #777;border-radius:2px;background:#fff"), "group of papers");
    if (spec.faded) item(legend, null, "faded: outside the focus's lineage");
    // Last, so its room (kept while it is hidden) is at the end of the line.
    item(legend, null, "pale: lane outside the view (drag, or Show all)").classList.add("rl-hidden-note");
  }

  global.readinglistDraw = draw;
})(window);
