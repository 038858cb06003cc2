/* The lineage graph on a vis-network canvas, shared by the app and the exported page.
 *
 * Draws the lanes (named in their header band) around the nodes Python placed, with the year axis and the zoom
 * buttons in a bar above the canvas (sticky, so the axis stays in view when Show all makes the page scroll):
 * nothing is painted over the drawing, so no label slides under an overlay. Fits the first view to the focus's
 * lineage without letting labels shrink below data.minLabelPx, numbers the reading order's core path on its dots,
 * and leaves the mouse wheel to the page: zoom is on the buttons and on ctrl+wheel (a trackpad pinch).
 */
(function (global) {
  "use strict";

  const FACE = "'Noto Sans CJK SC', 'Noto Sans', 'Helvetica Neue', Arial, sans-serif";
  const AXIS = 24; // px: the year axis, a strip of its own above the canvas
  const LANE_FONT = 13; // px: a lane's name, written in its header band
  const MARGIN = 8; // px kept between a fitted label and the canvas's edge

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

  // Everything a drawn graph keeps, one object per graph root, found again by the root on the next draw (a rerun
  // of the app's component): kept on the window, so a script loaded twice still finds what the first one kept.
  const graphs = global.readinglistGraphs || (global.readinglistGraphs = new WeakMap());

  function stateOf(root) {
    let state = graphs.get(root);
    if (!state) {
      state = { view: null, selected: undefined, network: null, picture: null };
      graphs.set(root, state);
    }
    return state;
  }

  // vis-network's drawn node (its options and its label's measured box): no public method gives a label's box, so
  // this reads the network's internal `body.nodes` (the documented way the tests measure labels) in this one place.
  function drawnNode(network, id) {
    return network.body.nodes[id];
  }

  // vis-network's tooltip: its interaction handler's popup, internal too; hidden through this one function.
  function hideTooltip(network) {
    const popup = network.interactionHandler && network.interactionHandler.popup;
    if (popup) popup.hide();
  }

  // The bar above the canvas (zoom buttons, then the year axis on its own canvas), the canvas, the legend below.
  function buildParts(root, data) {
    root.classList.add("rl-graph");
    root.replaceChildren();
    const bar = document.createElement("div");
    bar.className = "rl-bar";
    const controls = document.createElement("div");
    controls.className = "rl-controls";
    const axis = document.createElement("canvas");
    axis.className = "rl-axis";
    axis.style.height = AXIS + "px";
    bar.append(controls, axis);
    root.appendChild(bar);
    const host = document.createElement("div");
    host.className = "rl-canvas";
    root.appendChild(host);
    // The legend goes under the canvas, and the canvas leaves room for it inside the viewport.
    const legend = document.createElement("div");
    legend.className = "rl-legend";
    root.appendChild(legend);
    fillLegend(legend, data.legend);
    return { controls: controls, axis: axis, host: host, legend: legend };
  }

  // One drawing's working state: its parts, the network, the data and what the handlers change (g for short).
  function newGraph(root, data, onSelect) {
    const parts = buildParts(root, data);
    const viewport = global.innerHeight || 800;
    const below = parts.legend.getBoundingClientRect().height + 16;
    const height = data.height || Math.max(360, Math.round(viewport - parts.host.getBoundingClientRect().top - below));
    parts.host.style.height = height + "px";
    const network = new vis.Network(
      parts.host,
      { nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges) },
      options()
    );
    return {
      ...parts, root: root, data: data, onSelect: onSelect, network: network, viewport: viewport, height: height,
      byId: new Map(data.nodes.map((n) => [n.id, n])),
      minScale: (data.minLabelPx / data.fontSize) * 1.03,
      laneBoxes: [], // where the lane names were written in the last frame (px): tests check no label is under one
      quiet: null, // the clicked paper, whose tooltip stays hidden until the pointer leaves it
      moved: false, // the reader zoomed, dragged or showed all: a change of width then keeps their view
    };
  }

  const allIds = (g) => g.data.nodes.map((n) => n.id);

  function box(g, ids) {
    const b = { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
    for (const id of ids) {
      const n = g.byId.get(id);
      if (!n) continue;
      const half = Math.max(n.size || 10, (n.labelWidth || 60) / 2);
      b.x0 = Math.min(b.x0, n.x - half);
      b.x1 = Math.max(b.x1, n.x + half);
      b.y1 = Math.max(b.y1, n.y + (n.size || 10) + 26);
      const lane = g.data.lanes.find((l) => l.top <= n.y && n.y <= l.bottom);
      b.y0 = Math.min(b.y0, lane ? lane.top : n.y - 30);
    }
    return b;
  }

  const canvasWidth = (g) => g.host.clientWidth || 800;
  const canvasHeight = (g) => g.host.clientHeight || g.height;

  // The scale that fits a box in the canvas (never above 1.25).
  function fitScale(g, b) {
    const w = canvasWidth(g);
    const h = canvasHeight(g);
    return Math.min((w - 2 * MARGIN - 8) / (b.x1 - b.x0 || 1), (h - 2 * MARGIN) / (b.y1 - b.y0 || 1), 1.25);
  }

  function fitTo(g, ids, legible) {
    const b = box(g, ids.length ? ids : allIds(g));
    if (!isFinite(b.x0)) return;
    if (legible && ids.length) {
      // Take in the papers right of the lineage too (the latest years) when their labels still stay legible.
      const right = Math.max(b.x1, box(g, allIds(g)).x1);
      if (fitScale(g, { ...b, x1: right }) >= g.minScale) b.x1 = right;
    }
    let view = place(g, b, fitScale(g, b), legible);
    // A label the canvas's left edge would cut ("eritt 2017"): take it in whole.
    for (let tries = 0; tries < 4; tries++) {
      const left = leftmostCutLabel(g, view);
      if (left === null) break;
      b.x0 = left - 4;
      view = place(g, b, fitScale(g, b), legible);
    }
    g.network.moveTo({ position: { x: view.x, y: view.y }, scale: view.scale, animation: false });
  }

  // The left end of the labels a view's left edge would cut, or null when it cuts none.
  function leftmostCutLabel(g, view) {
    const edge = view.x - canvasWidth(g) / 2 / view.scale;
    const top = view.y - canvasHeight(g) / 2 / view.scale;
    const bottom = view.y + canvasHeight(g) / 2 / view.scale;
    let left = edge;
    for (const n of g.data.nodes) {
      const half = (n.labelWidth || 60) / 2;
      if (n.x - half < edge && edge < n.x + half && top <= n.y && n.y <= bottom) left = Math.min(left, n.x - half);
    }
    return left < edge ? left : null;
  }

  function place(g, b, scale, legible) {
    const w = canvasWidth(g);
    const h = canvasHeight(g);
    // The lineage's top at the top of the canvas: what lies below it (other lanes) fills the rest.
    const y = (s) => b.y0 + h / 2 / s - MARGIN / s;
    if (legible && scale < g.minScale) {
      // Too wide to fit legibly: keep the labels readable and start from the lineage's left (earliest) end, unless
      // that would cut the focus: it then sits whole at the right edge (the earliest papers are a drag away).
      const half = (w - 2 * MARGIN) / 2 / g.minScale;
      const focus = g.data.focus ? g.byId.get(g.data.focus) : null;
      const focusRight = focus ? focus.x + (focus.labelWidth || 60) / 2 : -Infinity;
      return { scale: g.minScale, x: Math.max(b.x0 + half, focusRight - half), y: y(g.minScale) };
    }
    return { scale: scale, x: (b.x0 + b.x1) / 2, y: y(scale) };
  }

  function resize(g, px) {
    g.host.style.height = px + "px";
    g.network.setSize("100%", px + "px");
  }

  // The canvas ends above a row whose label its bottom edge would slice ("Esteva 2019" cut in two): it gives up
  // those few pixels to the space below rather than show half a label.
  function trimBottom(g) {
    const network = g.network;
    const scale = network.getScale();
    const h = g.host.clientHeight;
    let cut = h;
    for (const n of g.data.nodes) {
      const dot = network.canvasToDOM({ x: n.x, y: n.y });
      const top = dot.y - (n.size || 10) * scale;
      const bottom = dot.y + ((n.size || 10) + 24) * scale;
      if (top < h && bottom > h - 2 && top > 40) cut = Math.min(cut, Math.floor(top - 6));
    }
    for (const lane of g.data.lanes) {
      // A lane whose band only begins at the bottom edge: a coloured sliver with nothing in it.
      const top = network.canvasToDOM({ x: 0, y: lane.top }).y;
      const firstRow = network.canvasToDOM({ x: 0, y: lane.top + (g.data.laneHeader || 30) + 36 }).y;
      if (top < h && firstRow > h && top > 40) cut = Math.min(cut, Math.floor(top - 2));
    }
    if (cut >= h || cut < 0.6 * g.height) return;
    const topLeft = network.DOMtoCanvas({ x: 0, y: 0 });
    const centreX = network.getViewPosition().x;
    resize(g, cut);
    network.moveTo({ position: { x: centreX, y: topLeft.y + cut / 2 / scale }, scale: scale, animation: false });
  }

  function fitLineage(g) {
    g.moved = false;
    if (g.host.clientHeight !== g.height) resize(g, g.height);
    fitTo(g, g.data.fit || [], true);
    trimBottom(g);
  }

  // Everything drawn, across its full width: the canvas grows (the page scrolls) rather than the labels shrink.
  function showAll(g) {
    const all = box(g, allIds(g));
    if (!isFinite(all.x0)) return;
    const top = Math.min(all.y0, ...g.data.lanes.map((l) => l.top));
    const bottom = Math.max(all.y1, ...g.data.lanes.map((l) => l.bottom));
    const scale = Math.min((g.host.clientWidth - 2 * MARGIN - 8) / (all.x1 - all.x0 || 1), 1.25);
    g.moved = true;
    resize(g, Math.max(g.height, Math.ceil((bottom - top) * scale + 2 * MARGIN)));
    const h = g.host.clientHeight;
    const x = (all.x0 + all.x1) / 2;
    const y = top + h / 2 / scale - MARGIN / scale;
    g.network.moveTo({ position: { x: x, y: y }, scale: scale, animation: false });
  }

  // Lanes the view does not show are pale in the legend, so it never lists what the reader cannot see as if shown.
  function markHiddenLanes(g) {
    const top = g.network.DOMtoCanvas({ x: 0, y: 0 }).y;
    const bottom = g.network.DOMtoCanvas({ x: 0, y: g.host.clientHeight }).y;
    let hidden = 0;
    for (const entry of g.legend.querySelectorAll("[data-lane]")) {
      const lane = g.data.lanes.find((l) => l.name === entry.dataset.lane);
      const out = !lane || lane.bottom < top || lane.top > bottom;
      entry.classList.toggle("rl-lane-hidden", out);
      hidden += out;
    }
    g.legend.classList.toggle("rl-some-hidden", hidden > 0);
  }

  // A label's box on the screen (px from the canvas's top left).
  function labelBox(g, id) {
    const node = drawnNode(g.network, id);
    if (!node || !node.labelModule || !node.labelModule.size) return null;
    const size = node.labelModule.size;
    const a = g.network.canvasToDOM({ x: size.left, y: size.top });
    const b = g.network.canvasToDOM({ x: size.left + size.width, y: size.top + size.height });
    return { left: a.x, top: a.y, right: b.x, bottom: b.y };
  }

  // Zoom about the focus when it is in view (else the view's centre), then take its label in whole.
  function zoom(g, factor) {
    const network = g.network;
    g.moved = true;
    const scale = network.getScale() * factor;
    const focus = g.data.focus && drawnNode(network, g.data.focus) ? network.getPosition(g.data.focus) : null;
    const at = focus && network.canvasToDOM(focus);
    const inView = at && at.x >= 0 && at.y >= 0 && at.x <= g.host.clientWidth && at.y <= g.host.clientHeight;
    if (!inView) {
      network.moveTo({ scale: scale, animation: false });
      return;
    }
    const centre = network.getViewPosition();
    const position = {
      x: focus.x - (focus.x - centre.x) * (network.getScale() / scale),
      y: focus.y - (focus.y - centre.y) * (network.getScale() / scale),
    };
    network.moveTo({ position: position, scale: scale, animation: false });
    network.redraw();
    keepLabelInView(g, g.data.focus);
  }

  function keepLabelInView(g, id) {
    const network = g.network;
    const b = labelBox(g, id);
    if (!b) return;
    const w = g.host.clientWidth;
    const h = g.host.clientHeight;
    let dx = 0;
    let dy = 0;
    if (b.left < MARGIN) dx = b.left - MARGIN;
    else if (b.right > w - MARGIN) dx = b.right - (w - MARGIN);
    if (b.bottom > h - MARGIN) dy = b.bottom - (h - MARGIN);
    const radius = (drawnNode(network, id).options.size || 10) * network.getScale();
    const nodeTop = network.canvasToDOM(network.getPosition(id)).y - radius;
    if (nodeTop - dy < MARGIN) dy = nodeTop - MARGIN;
    if (!dx && !dy) return;
    const scale = network.getScale();
    const centre = network.getViewPosition();
    network.moveTo({ position: { x: centre.x + dx / scale, y: centre.y + dy / scale }, scale: scale, animation: false });
  }

  // Under the drawing: the lanes' bands with their colour on the left edge, and the year columns' lines.
  function paintLanes(g, ctx) {
    const network = g.network;
    const tl = network.DOMtoCanvas({ x: 0, y: 0 });
    const br = network.DOMtoCanvas({ x: g.host.clientWidth, y: g.host.clientHeight });
    g.data.lanes.forEach((lane) => {
      ctx.fillStyle = lane.fill;
      ctx.fillRect(tl.x, lane.top, br.x - tl.x, lane.bottom - lane.top);
      ctx.fillStyle = lane.colour;
      ctx.fillRect(tl.x, lane.top, 6 / network.getScale(), lane.bottom - lane.top);
    });
    ctx.lineWidth = 1 / network.getScale();
    for (const tick of g.data.ticks) {
      ctx.strokeStyle = "#e2e4e8";
      ctx.setLineDash(tick.gap ? [6 / network.getScale(), 4 / network.getScale()] : []);
      ctx.beginPath();
      ctx.moveTo(tick.x, tl.y);
      ctx.lineTo(tick.x, br.y);
      ctx.stroke();
    }
    ctx.setLineDash([]);
  }

  // The reading order's core path: its number inside each dot, white on the section's colour.
  function paintOrderNumbers(g, ctx) {
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    for (const n of g.data.nodes) {
      if (!n.order) continue;
      const digits = String(n.order).length;
      ctx.font = "700 " + (digits > 1 ? 11 : 13) + "px " + FACE;
      ctx.fillStyle = n.orderColour || "#ffffff";
      ctx.fillText(String(n.order), n.x, n.y + 0.5);
    }
  }

  // Each lane's name in its header band (no dot or label is ever there), while that band is in view.
  function paintLaneNames(g, ctx) {
    const scale = g.network.getScale();
    const ratio = g.network.canvas.pixelRatio || global.devicePixelRatio || 1;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "left";
    ctx.lineJoin = "round";
    ctx.font = "600 " + LANE_FONT + "px " + FACE;
    const boxes = [];
    for (const lane of g.data.lanes) {
      const top = g.network.canvasToDOM({ x: 0, y: lane.top }).y;
      const band = (g.data.laneHeader || 30) * scale;
      const y = top + Math.max(band / 2, LANE_FONT / 2 + 1);
      if (y - LANE_FONT / 2 < 0 || y + LANE_FONT / 2 > g.host.clientHeight) continue; // never a name cut in two
      ctx.lineWidth = 4;
      ctx.strokeStyle = "rgba(255,255,255,0.95)";
      ctx.strokeText(lane.name, 12, y);
      ctx.fillStyle = lane.colour;
      ctx.fillText(lane.name, 12, y);
      const width = ctx.measureText(lane.name).width;
      boxes.push({ name: lane.name, left: 12, right: 12 + width, top: y - LANE_FONT / 2 - 1, bottom: y + LANE_FONT / 2 + 1 });
    }
    g.laneBoxes = boxes;
    ctx.restore();
  }

  // The year axis, in its strip above the canvas, in step with the canvas's pan and zoom.
  function drawAxis(g) {
    const ratio = global.devicePixelRatio || 1;
    const w = g.host.clientWidth;
    const axis = g.axis;
    if (axis.width !== Math.round(w * ratio) || axis.height !== Math.round(AXIS * ratio)) {
      axis.width = Math.round(w * ratio);
      axis.height = Math.round(AXIS * ratio);
      axis.style.width = w + "px";
    }
    const ctx = axis.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, AXIS);
    ctx.font = "12px " + FACE;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    // Zoomed far out, label every second, fifth or tenth year so the labels never run together.
    const columnPx = g.data.ticks.length ? g.data.ticks[0].width * g.network.getScale() : 100;
    const every = [1, 2, 5, 10, 20, 50].find((step) => step * columnPx >= 40) || 100;
    for (const [index, tick] of g.data.ticks.entries()) {
      const left = g.network.canvasToDOM({ x: tick.x, y: 0 }).x;
      const right = g.network.canvasToDOM({ x: tick.x + tick.width, y: 0 }).x;
      if (right < 0 || left > w) continue;
      drawTick(ctx, left, right, index % every === 0 ? tick : null);
    }
  }

  // One year column's mark on the axis, with its year when `labelled` (and ⋯ before a gap in the years).
  function drawTick(ctx, left, right, labelled) {
    ctx.strokeStyle = "#d5d8dc";
    ctx.beginPath();
    ctx.moveTo(Math.round(left) + 0.5, AXIS - 6);
    ctx.lineTo(Math.round(left) + 0.5, AXIS);
    ctx.stroke();
    if (!labelled) return;
    ctx.fillStyle = "#444";
    ctx.fillText(labelled.label, (left + right) / 2, AXIS / 2);
    if (labelled.gap) {
      ctx.fillStyle = "#999";
      ctx.fillText("⋯", left - 8, AXIS / 2);
    }
  }

  function wirePainting(g) {
    g.network.on("beforeDrawing", (ctx) => paintLanes(g, ctx));
    g.network.on("afterDrawing", (ctx) => {
      paintOrderNumbers(g, ctx);
      paintLaneNames(g, ctx);
      drawAxis(g);
    });
  }

  // The clicked paper's tooltip would sit over the picture and the axis while its details are read: hide it
  // until the pointer leaves that paper. A tooltip also goes when the pointer leaves its line or the canvas.
  function wirePointer(g) {
    const network = g.network;
    network.on("dragStart", () => {
      g.moved = true;
    });
    network.on("showPopup", (id) => {
      if (id === g.quiet) hideTooltip(network);
    });
    network.on("blurNode", () => {
      g.quiet = null;
    });
    network.on("blurEdge", () => hideTooltip(network));
    g.host.addEventListener("mouseleave", () => hideTooltip(network));
    network.on("click", (params) => {
      g.quiet = params.nodes.length ? params.nodes[0] : null;
      hideTooltip(network);
      if (params.nodes.length && g.onSelect) g.onSelect(params.nodes[0]);
    });
    g.host.addEventListener(
      "wheel",
      (event) => {
        if (!event.ctrlKey) return; // a plain wheel scrolls the page
        event.preventDefault();
        zoom(g, event.deltaY < 0 ? 1.1 : 1 / 1.1);
      },
      { passive: false }
    );
  }

  function addControls(g) {
    g.controls.append(
      button("+", "Zoom in", () => zoom(g, 1.25)),
      button("−", "Zoom out", () => zoom(g, 0.8)),
      button("Fit lineage", "Fit the focus's lineage", () => fitLineage(g)),
      button("Show all", "Show everything drawn", () => showAll(g))
    );
  }

  // Redrawn with the same focus and layout (a click selected a paper): the picture stays where the reader left
  // it. A new focus, filter or expanded group is a new picture, fitted afresh. Returns whether it was kept.
  function restoreOrFit(g, state) {
    const data = g.data;
    g.layout = [data.focus, data.nodes.length, ...data.lanes.map((l) => l.section + ":" + l.bottom)].join("|");
    const kept = state.view;
    const keep = Boolean(kept && kept.layout === g.layout && kept.width === g.host.clientWidth);
    g.moved = keep; // a view kept from the last draw is the reader's: a new width does not refit it
    if (keep) {
      if (kept.height !== g.host.clientHeight) resize(g, kept.height);
      g.network.moveTo({ position: kept.position, scale: kept.scale, animation: false });
    } else fitLineage(g);
    return keep;
  }

  // After the first frame: the canvas gives up what the legend took when it wrapped onto more lines than when the
  // height was measured; then the page is marked drawn. After every frame: the view is remembered for a redraw.
  function wireFirstFrame(g, state, keep, started) {
    const network = g.network;
    const fitted = g.host.clientWidth;
    network.once("afterDrawing", () => {
      const over = g.legend.getBoundingClientRect().bottom + 8 - g.viewport;
      if (!g.data.height && !keep && over > 0 && g.height - over >= 360) {
        g.height -= Math.ceil(over);
        fitLineage(g);
      } else if (g.host.clientWidth !== fitted) fitLineage(g);
      g.root.dataset.drawn = "1";
      global.readinglistDrawnAt = performance.now();
      global.readinglistDrawMs = global.readinglistDrawnAt - started; // the graph's own share of the wait
    });
    refitOnNewWidth(g);
    network.on("afterDrawing", () => {
      state.view = {
        layout: g.layout, width: g.host.clientWidth, height: g.host.clientHeight,
        position: network.getViewPosition(), scale: network.getScale(),
      };
      markHiddenLanes(g);
    });
  }

  // The page around the canvas can change its width after the first frame (a sidebar opening, a scrollbar):
  // when vis-network has resized its canvas, the lineage is fitted again, unless the reader has moved the view.
  function refitOnNewWidth(g) {
    g.network.on("resize", (size) => {
      if (size.width !== size.oldWidth && !g.moved) fitLineage(g);
    });
  }

  function draw(root, data, onSelect) {
    const started = performance.now();
    const g = newGraph(root, data, onSelect);
    const state = stateOf(root);
    wirePainting(g);
    wirePointer(g);
    addControls(g);
    wireFirstFrame(g, state, restoreOrFit(g, state), started);
    const network = g.network;
    network.readinglist = {
      fit: data.fit || [], lanes: data.lanes, ticks: data.ticks, focus: data.focus, selected: null,
      laneBoxes: () => g.laneBoxes, labelBox: (id) => labelBox(g, id),
    };
    select(root, network, data);
    global.network = network; // as pyvis pages do: tools and tests read positions and scale from it
    return network;
  }

  // The paper shown in the side panel, selected on the canvas: all a click changes, so the app's component calls
  // this alone (no new drawing) when nothing else of the data has changed.
  function select(root, network, data) {
    const selected = data.selected || data.focus;
    const state = stateOf(root);
    if (selected && drawnNode(network, selected)) network.selectNodes([selected]);
    if (data.panel && state.selected !== undefined && state.selected !== selected) {
      // Another paper in the side panel: show it from its top.
      const panel = document.querySelector(data.panel);
      if (panel) panel.scrollTop = 0;
    }
    state.selected = selected;
    network.readinglist.selected = selected;
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
    if (spec.path) {
      const dot = swatch("width:16px;height:16px;border-radius:8px;background:#4e79a7;color:#fff;font:700 10px sans-serif;"
        + "display:inline-flex;align-items:center;justify-content:center");
      dot.textContent = "1";
      item(legend, dot, "reading order: core path, 1 first");
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
    if (spec.secondary && spec.faded) item(legend, null, "paler: rest of the lineage · faded: outside it");
    else if (spec.faded) item(legend, null, "faded: outside the focus's lineage");
    // Last, so its room (kept while it is hidden) is at the end of the line.
    item(legend, null, "pale: lane out of view (drag, or Show all)").classList.add("rl-hidden-note");
  }

  global.readinglistDraw = draw;
  global.readinglistSelect = select;
  global.readinglistStateOf = stateOf;
  global.readinglistHasNode = (network, id) => Boolean(drawnNode(network, id));
})(window);
