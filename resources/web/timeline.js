/* Citeline's exported page: the interactive timeline above the chronology.
 *
 * The same bytes ship in every page (the Content-Security-Policy allows them by hash).
 * Everything about the project is read from the chronology's HTML: each <article>
 * carries data-tl = "t0 t1 lane row rank shape [phone row]" (times in seconds since
 * 1970 UTC), computed when the page was made (citeline/core/layout/fixed.py). This
 * script only maps time to x and decides which labels fit, with the rule of
 * fixed.stack_rows: items in rank order, each on its own row, its label whole when the
 * row has room, else shortened with "…", else a bare marker, else counted in the lane's
 * cluster strip; never moved to another row. It never builds HTML from text:
 * user text is moved with textContent and cloneNode only.
 */
(function () {
  "use strict";

  var doc = document;
  var shell = doc.getElementById("timeline");
  var view = doc.getElementById("tl-view");
  var laneList = doc.getElementById("tl-lane-list");
  if (!shell || !view || !laneList) return;

  // Sizes; the label metrics match core/layout/fixed.py.
  var LANE_HEAD = 18, ROW_H = 22, LANE_PAD = 4, R = 5, LABEL_OFFSET = 4, GAP = 6;
  var MIN_CHARS = 4, LABEL_MAX = 260, MIN_BAR = 3, MAX_ITEMS = 40, ITEMS_PER_PX = 0.05;
  var MIN_SPAN = 60, MAX_SPAN = 20000 * 365.2425 * 86400, STEP = 1.5;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  // ------------------------------------------------------------------ the items
  var arts = Array.prototype.slice.call(doc.querySelectorAll("#chronology article"));
  var n = arts.length;
  var T0 = new Float64Array(n), T1 = new Float64Array(n), LANE = new Int32Array(n);
  var ROW = new Int32Array(n), WIDE_ROW = new Int32Array(n), NARROW_ROW = new Int32Array(n), RANK = new Int32Array(n), POINT = new Uint8Array(n);
  var APPROX = new Uint8Array(n), UNSURE = new Uint8Array(n), QUOTE = new Uint8Array(n);
  var FLAG = new Uint8Array(n);  // its sources disagree (the article's class "flagged")
  var MATCH = new Uint8Array(n).fill(1);
  var labels = new Array(n), names = new Array(n), byId = Object.create(null);
  var lanes = [];
  Array.prototype.forEach.call(laneList.children, function (li) {
    var color = li.getAttribute("data-color") || "";
    lanes.push({
      name: li.textContent, color: /^#[0-9a-fA-F]{6}$/.test(color) ? color : "#5f6368",
      items: [], rows: 1, maxDur: 0, el: null, box: null, canvas: null, pool: [], shown: new Map(),
      entries: []
    });
  });
  for (var i = 0; i < n; i++) {
    // data-tl: "t0 t1 lane row rank shape [phone row]" (html_page.placements).
    var a = arts[i], d = a.dataset, f = (d.tl || "").split(" "), s = f[5] || "b";
    T0[i] = +f[0]; T1[i] = +f[1]; LANE[i] = +f[2] || 0;
    WIDE_ROW[i] = +f[3] || 0; NARROW_ROW[i] = f.length > 6 ? +f[6] || 0 : WIDE_ROW[i];
    RANK[i] = +f[4] || 0; POINT[i] = s.charAt(0) === "p" ? 1 : 0;
    APPROX[i] = s.indexOf("~") >= 0 ? 1 : 0; UNSURE[i] = s.indexOf("?") >= 0 ? 1 : 0;
    QUOTE[i] = a.classList.contains("quote") ? 1 : 0;
    FLAG[i] = a.classList.contains("flagged") ? 1 : 0;
    byId[a.id] = i;
    var lane = lanes[LANE[i]] || (lanes[LANE[i]] = {
      name: "", color: "#5f6368", items: [], rows: 1, maxDur: 0, el: null, box: null,
      canvas: null, pool: [], shown: new Map(), entries: [] });
    lane.items.push(i);  // articles come in time order, so each lane's list is by start
    lane.maxDur = Math.max(lane.maxDur, T1[i] - T0[i]);
  }
  // Labels and accessible names are read from the articles when first drawn.
  function label(i) {
    if (labels[i] === undefined) {
      var h = arts[i].querySelector("h3");
      labels[i] = arts[i].getAttribute("data-label") || (h ? h.textContent.trim() : "");
    }
    return labels[i];
  }
  function nameOf(i) {
    if (names[i] === undefined) {
      var t = arts[i].querySelector(".when time");
      names[i] = label(i) + (t ? ", " + t.textContent : "");
    }
    return names[i];
  }
  var steps = (laneList.getAttribute("data-steps") || "year:1").split(" ").map(function (p) {
    var q = p.split(":");
    return { unit: q[0], count: +q[1] };
  });
  lanes.forEach(function (lane) {
    lane.byRank = Int32Array.from(lane.items).sort(function (p, q) { return RANK[p] - RANK[q]; });
  });
  var narrowBelow = +laneList.getAttribute("data-narrow") || 640, narrow = null;
  // Rows were stacked for a desktop width and for a phone's (fixed.py): take the nearer.
  function useRows(isNarrow) {
    if (isNarrow === narrow) return;
    narrow = isNarrow;
    ROW.set(narrow ? NARROW_ROW : WIDE_ROW);
    lanes.forEach(function (lane) {
      lane.rows = 1;
      lane.items.forEach(function (i) { if (ROW[i] + 1 > lane.rows) lane.rows = ROW[i] + 1; });
      if (lane.el) lane.el.style.height = LANE_HEAD + lane.rows * ROW_H + LANE_PAD + "px";
    });
  }
  var fit = (laneList.getAttribute("data-fit") || "").split(" ").map(Number);
  if (fit.length !== 2 || !(fit[1] > fit[0])) fit = [T0[0] - 86400, T1[n - 1] + 86400];
  var start = fit[0], end = fit[1], width = 1, selected = -1, focused = -1, laneTop = 0;

  // ------------------------------------------------------------------ the row rule
  // fixed.stack_rows: core/layout/stack.stack run on one row with max_rows=1. ``marks``
  // come most important first: {x0, x1, labelX, text}. Each gets {row: true, label,
  // labelX, labelW} (label "" for a bare marker), or null when even its marker has no
  // room (it joins the lane's cluster strip).
  function bisectLeft(arr, v) {
    var lo = 0, hi = arr.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (arr[mid] < v) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function bisectRight(arr, v) {
    var lo = 0, hi = arr.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (v < arr[mid]) hi = mid; else lo = mid + 1; }
    return lo;
  }
  function stackRow(marks, measure, right, gap, minChars) {
    var starts = [], ends = [], made = false, half = gap / 2, out = new Array(marks.length);
    function free(a, b) { var k = bisectLeft(ends, a); return k === starts.length || starts[k] > b; }
    function room(a, b, from) {
      var k = bisectLeft(ends, a);
      if (k < starts.length && starts[k] <= b) return -1;
      return Math.min(k < starts.length ? starts[k] : right, right) - from;
    }
    function take(a, b) { var k = bisectRight(starts, a); starts.splice(k, 0, a); ends.splice(k, 0, b); made = true; }
    marks.forEach(function (mk, k) {
      if (!mk.text || mk.labelX >= right) return;
      var full = measure(mk.text), end = mk.labelX + full, fits, space;
      if (!made) { fits = true; space = right - mk.labelX; }
      else {
        fits = free(mk.x0 - half, Math.max(mk.x1, end) + half);
        space = room(mk.x0 - half, mk.x1 + half, mk.labelX) - half;
      }
      if (fits && end <= right) {
        take(mk.x0 - half, Math.max(mk.x1, end) + half);
        out[k] = { label: mk.text, labelX: mk.labelX, labelW: full };
        return;
      }
      var short = space > 0 ? elide(mk.text, space, measure, minChars) : null;
      if (short) {
        take(mk.x0 - half, Math.max(mk.x1, mk.labelX + short[1]) + half);
        out[k] = { label: short[0], labelX: mk.labelX, labelW: short[1] };
      }
    });
    marks.forEach(function (mk, k) {
      if (out[k]) return;
      if (!made || free(mk.x0 - 1, mk.x1 + 1)) {
        take(mk.x0 - 1, mk.x1 + 1);
        out[k] = { label: "", labelX: 0, labelW: 0 };
      } else out[k] = null;
    });
    return out;
  }

  // A label's shortened forms, each measured once: a label is cut at the same places at
  // every zoom, and measuring text was most of the script's time in a zoom step.
  var cuts = new Map();
  function elide(text, free, measure, minChars) {
    var own = measure === measureLabel || measure === measureRaw, c = own ? cuts.get(text) : undefined;
    if (!c) {
      c = { chars: Array.from(text), text: [], width: [], length: [] };
      if (own && cuts.size < 20000) cuts.set(text, c);
    }
    var chars = c.chars, lo = Math.max(minChars, 1), hi = chars.length - 1, best = null;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1, candidate = c.text[mid];
      if (candidate === undefined) {
        candidate = c.text[mid] = chars.slice(0, mid).join("").trimEnd() + "\u2026";
        c.width[mid] = own ? measureRaw(candidate) : measure(candidate);
        c.length[mid] = Array.from(candidate).length - 1;
      }
      var w = c.width[mid];
      if (w <= free && c.length[mid] >= minChars) { best = [candidate, w]; lo = mid + 1; }
      else if (w <= free) lo = mid + 1;
      else hi = mid - 1;
    }
    return best;
  }

  // Text widths, measured with the labels' own font (the one they are drawn with).
  var ctx = doc.createElement("canvas").getContext("2d"), family = "sans-serif", labelFont = "12px sans-serif";
  function measureRaw(text) { return ctx ? ctx.measureText(text).width : text.length * 6.6; }
  // A label's full width is measured once (its shortened forms: see elide).
  var widthOf = new Map();
  function measureLabel(text) {
    var w = widthOf.get(text);
    if (w === undefined) { w = measureRaw(text); if (widthOf.size < 50000) widthOf.set(text, w); }
    return w;
  }

  // ------------------------------------------------------------------ building the view
  var axis = view.querySelector(".tl-axis"), eraBox = view.querySelector(".tl-eras");
  // The ticks sit in a box of their own, laid out apart from the page (see page.css).
  var tickBox = doc.createElement("div");
  tickBox.className = "ticks";
  axis.appendChild(tickBox);
  var laneBox = view.querySelector(".tl-lanes");
  var eras = Array.prototype.map.call(doc.querySelectorAll("#tl-era-list li"), function (li) {
    var el = doc.createElement("div"), label = doc.createElement("span");
    el.className = "era"; label.textContent = li.textContent; el.appendChild(label);
    eraBox.appendChild(el);
    return { t0: +li.getAttribute("data-t0"), t1: +li.getAttribute("data-t1"), el: el };
  });
  lanes.forEach(function (lane) {
    var el = doc.createElement("div"), name = doc.createElement("div"), box = doc.createElement("div");
    el.className = "lane"; name.className = "lane-name"; box.className = "lane-items";
    name.textContent = lane.name;
    el.style.setProperty("--c", lane.color);
    el.appendChild(name); el.appendChild(box); laneBox.appendChild(el);
    lane.el = el; lane.box = box;
  });
  // The items of every lane are drawn on one canvas (marks.js), under the lanes' names
  // and cluster strips, covering only the part of the lanes in view; the items' buttons
  // lie over it.
  var paper = doc.createElement("canvas");
  paper.className = "marks"; paper.setAttribute("aria-hidden", "true");
  laneBox.insertBefore(paper, laneBox.firstChild);
  useRows(view.clientWidth < narrowBelow);
  var tickPool = [];

  function x(t) { return (t - start) * width / (end - start); }
  function tAt(px) { return start + px * (end - start) / width; }

  // A new button for the lane's pool (buttons are reused, never removed). It draws
  // nothing: it is the item for keyboards, screen readers and tooltips, over its marker.
  function newButton(lane) {
    var b = doc.createElement("button");
    b.type = "button"; b.tabIndex = -1;
    lane.box.appendChild(b);
    lane.pool.push(b);
    return b;
  }

  // ------------------------------------------------------------------ one frame
  // The items of a lane in view, most important first: the first ``limit`` to draw one
  // by one, the rest for the cluster strip. One pass over the lane in rank order (ranked
  // once, when the page opens), so no frame sorts anything.
  function pick(lane, t0, t1, limit) {
    var drawn = [], rest = [], order = lane.byRank;
    // The open card's item is drawn even when a search leaves it out; the focused one
    // only while it matches (a card closed on a search leaves nothing stray behind).
    [selected, MATCH[focused] ? focused : -1].forEach(function (f) {
      if (f >= 0 && lanes[LANE[f]] === lane && T0[f] <= t1 && T1[f] >= t0 && drawn.indexOf(f) < 0) drawn.push(f);
    });
    for (var k = 0; k < order.length; k++) {
      var i = order[k];
      if (T0[i] > t1 || T1[i] < t0 || !MATCH[i] || i === selected || i === focused) continue;
      if (drawn.length < limit) drawn.push(i); else rest.push(i);
    }
    return [drawn, rest];
  }

  function render() {
    frame = 0;
    if (settleTimer) { clearTimeout(settleTimer); settleTimer = 0; }
    width = Math.max(1, view.clientWidth);
    laneTop = laneBox.offsetTop;
    useRows(width < narrowBelow);
    var spp = (end - start) / width, margin = LABEL_MAX * spp;
    var limit = Math.max(1, Math.min(MAX_ITEMS, Math.floor(width * ITEMS_PER_PX)));
    // Items move under a pointer that stays: the hovered one is known again at its next move.
    if (moving && hover >= 0) { hover = -1; view.classList.remove("on-item"); }
    var rests = lanes.map(function (lane) {
      // Level of detail: at most ``limit`` items drawn one by one, the most important;
      // the rest, and any whose marker finds no room on its row, form the cluster strip.
      var picked = pick(lane, start - margin, end, limit), drawn = picked[0], rest = picked[1];
      var left = layLane(lane, drawn);
      for (var k = 0; k < left.length; k++) rest.push(left[k]);
      return rest;
    });
    // The canvases are drawn before anything of the page is written: setting a canvas's
    // font makes the browser bring the whole page's style up to date first.
    paintLanes();
    renderAxis();
    eras.forEach(function (e) {
      var x0 = x(e.t0), x1 = x(e.t1);
      var out = x1 < 0 || x0 > width;
      if (e.el.hidden !== out) e.el.hidden = out;
      set(e.el, "left", Math.max(x0, -2) + "px");
      set(e.el, "width", Math.max(0, Math.min(x1, width + 2) - Math.max(x0, -2)) + "px");
    });
    lanes.forEach(function (lane, k) { drawDensity(lane, rests[k].length ? rests[k] : null); });
    // While the view zooms or pans, the buttons wait for it to rest (settle), but for the
    // focused and the selected item's, which follow at once.
    if (moving) {
      lanes.forEach(function (lane) {
        lane.entries.forEach(function (e) { if (e.i === focused || e.i === selected) keepButton(lane, e); });
      });
    }
    if (focused >= 0 && view.contains(doc.activeElement) && doc.activeElement !== view) {
      var b = buttonOf(focused);
      if (b && doc.activeElement !== b) b.focus({ preventScroll: true });
    }
    if (moving) { moving = false; settleTimer = setTimeout(settle, SETTLE_MS); }
    else settle();
  }
  // Repaint the canvases only (focus, hover): nothing moved.
  function repaint() { if (!frame) paintLanes(); }

  // Which of a lane's items are drawn where, with which label (lane.entries); the items
  // left for the cluster strip are returned.
  function layLane(lane, drawn) {
    // Most important first (the selected and focused items before all), row by row.
    drawn.sort(function (p, q) { return prio(p) - prio(q); });
    var rows = Object.create(null), left = [];
    drawn.forEach(function (i) {
      var x0 = x(T0[i]), x1 = x(T1[i]), mk;
      // A bar out of view is not drawn; a point just left of it may still show its label.
      if (!POINT[i] && (x1 < 0 || x0 > width)) return;
      if (POINT[i]) { var cx = (x0 + x1) / 2; mk = { x0: cx - R, x1: cx + R, labelX: cx + R + LABEL_OFFSET }; }
      else {
        x1 = Math.max(x1, x0 + MIN_BAR);
        mk = { x0: x0, x1: x1, labelX: Math.max(x0, 0) + LABEL_OFFSET };
      }
      mk.i = i;
      // A bar's label may fill the bar's visible part, as in the app; else LABEL_MAX.
      mk.text = POINT[i] ? capped(i) : fitted(i, Math.min(x1, width) - Math.max(x0, 0) - 10);
      (rows[ROW[i]] || (rows[ROW[i]] = [])).push(mk);
    });
    var marksDrawn = [], placedDrawn = [];
    Object.keys(rows).forEach(function (r) {
      var marks = rows[r], placed = stackRow(marks, measureLabel, width, GAP, MIN_CHARS);
      marks.forEach(function (mk, k) {
        if (placed[k]) { marksDrawn.push(mk); placedDrawn.push(placed[k]); }
        else left.push(mk.i);
      });
    });
    // What is drawn, in drawing order, then drawn on the lane's canvas in one go.
    lane.entries = marksDrawn.map(function (mk, k) { return entry(mk, placedDrawn[k]); });
    return left;
  }

  function showButtons(lane) {
    var entries = lane.entries;
    // An item drawn in the last frame keeps its button: only items coming into view
    // give a button a new name (every write to a button costs the browser a restyle).
    var was = lane.shown, shown = new Map(), spare = [];
    entries.forEach(function (e) { var b = was.get(e.i); if (b) { shown.set(e.i, b); was.delete(e.i); } });
    // Spare buttons still shown are handed out first (popped from the end): showing a
    // hidden one and hiding another would cost two changes of the layout tree.
    lane.pool.forEach(function (b) { if (b.hidden) spare.push(b); });
    was.forEach(function (b) { spare.push(b); });
    entries.forEach(function (e) {
      var b = shown.get(e.i);
      if (!b) { b = spare.length ? spare.pop() : newButton(lane); shown.set(e.i, b); }
      if (b.hidden) b.hidden = false;
      name(b, e);
      place(b, e);
    });
    spare.forEach(function (b) { if (!b.hidden) b.hidden = true; });
    lane.shown = shown;
  }
  // The button of one item, named and placed now (the view is still moving).
  function keepButton(lane, e) {
    var b = lane.shown.get(e.i);
    if (!b) {
      b = lane.pool.filter(function (p) { return p.hidden; })[0] || newButton(lane);
      lane.shown.set(e.i, b);
    }
    if (b.hidden) b.hidden = false;
    name(b, e);
    place(b, e);
  }

  // The canvas covers the lanes' part in view and a little more, so that a scroll shows
  // drawn items until the next frame: the fewer pixels, the less the browser copies.
  var BAND_MARGIN = 64;
  function paintLanes() {
    var focusRing = focused >= 0 && focusVisible(), dpr = window.devicePixelRatio || 1;
    // Lanes are stacked under a LANE_HEAD-high head: each is its rows, LANE_PAD and a border.
    var seen = view.scrollTop - laneTop, total = LANE_HEAD, tops = lanes.map(function (lane) {
      var top = total; total += LANE_HEAD + lane.rows * ROW_H + LANE_PAD; return top;
    });
    var bandTop = Math.max(0, Math.floor(seen - BAND_MARGIN));
    var bandEnd = Math.min(total + BAND_MARGIN, Math.ceil(seen + view.clientHeight + BAND_MARGIN));
    var layers = lanes.map(function (lane, k) {
      lane.entries.forEach(function (e) {
        e.bold = e.i === selected;
        e.ring = e.bold || (focusRing && e.i === focused);
        e.under = e.i === hover || (focusRing && e.i === focused);
      });
      // The lane's items start below its border and its name's head.
      return { entries: lane.entries, color: lane.color, y: tops[k] + 1 + LANE_HEAD - bandTop };
    });
    CitelineMarks.paint(paper, layers, {
      width: width, height: Math.max(1, bandEnd - bandTop), dpr: dpr, font: labelFont, family: family
    });
    set(paper, "width", width + "px");
    set(paper, "height", Math.max(1, bandEnd - bandTop) + "px");
    set(paper, "transform", "translateY(" + bandTop + "px)");
  }
  // The focused item's button shows its focus (a keyboard's, not a click's).
  function focusVisible() {
    var b = buttonOf(focused);
    return !!b && doc.activeElement === b && b.matches(":focus-visible");
  }

  // A label is at most LABEL_MAX pixels wide, as in the app (fixed.LABEL_MAX_PX).
  var cappedText = new Array(n);
  function capped(i) {
    if (cappedText[i] === undefined) {
      var t = label(i);
      if (measureLabel(t) > LABEL_MAX) { var e = elide(t, LABEL_MAX, measureRaw, MIN_CHARS); t = e ? e[0] : t; }
      cappedText[i] = t;
    }
    return cappedText[i];
  }

  function fitted(i, room) {
    if (room <= LABEL_MAX || measureLabel(label(i)) <= room) return room <= LABEL_MAX ? capped(i) : label(i);
    var e = elide(label(i), room, measureLabel, MIN_CHARS);
    return e ? e[0] : capped(i);
  }

  function prio(i) { return i === selected ? -2 : i === focused ? -1 : RANK[i]; }

  // An item as drawn: its marker's box (a bar reaching far off screen is drawn to just
  // past the edges), its shape, and its label.
  function entry(mk, p) {
    var i = mk.i, left = mk.x0, w = mk.x1 - mk.x0;
    if (!POINT[i]) {
      if (left < -20) { w -= -20 - left; left = -20; }
      if (left + w > width + 20) w = width + 20 - left;
      w = Math.max(w, 1);
    }
    return {
      i: i, left: left, w: w, row: ROW[i], point: POINT[i], quote: QUOTE[i], ap: APPROX[i],
      un: UNSURE[i], fl: FLAG[i], label: p.label, labelX: p.labelX, labelW: p.labelW
    };
  }

  // A button names the item drawn under it (its classes say its kind and state).
  function name(b, e) {
    var i = e.i;
    if (b._i !== i) {
      b._i = i;
      b.dataset.i = i;
      b.setAttribute("aria-label", nameOf(i));
      b.title = nameOf(i);
    }
    var cls = "it " + (QUOTE[i] ? "quote" : "event") + (POINT[i] ? "" : " bar") +
      (APPROX[i] ? " ap" : "") + (UNSURE[i] ? " un" : "") + (FLAG[i] ? " fl" : "") +
      (i === selected ? " sel" : "");
    if (b.className !== cls) b.className = cls;
  }

  // A button over its item's marker and label, a row high.
  function place(b, e) {
    var right = e.label ? Math.max(e.left + e.w, e.labelX + e.labelW) : e.left + e.w;
    set(b, "transform", "translate(" + e.left.toFixed(1) + "px, " + (LANE_PAD / 2 + e.row * ROW_H) + "px)");
    set(b, "width", Math.max(right - e.left, 1).toFixed(1) + "px");
  }

  // When the view rests, every item drawn gets its button, named and over its marker:
  // while the view zooms or pans only the canvas is redrawn (each write to a button costs
  // the browser a restyle and a layout), and clicks are found by position (hitAt).
  var settleTimer = 0;
  function settle() {
    settleTimer = 0;
    lanes.forEach(showButtons);
  }

  // The last value written is kept beside it: reading a style back costs as much as writing.
  function set(el, name, value) {
    var key = "_" + name;
    if (el[key] !== value) { el[key] = value; el.style[name] = value; }
  }

  function drawDensity(lane, rest) {
    if (!rest) { if (lane.canvas && !lane.canvas.hidden) lane.canvas.hidden = true; return; }
    if (!lane.canvas) {
      lane.canvas = doc.createElement("canvas");
      lane.canvas.className = "density";
      lane.canvas.setAttribute("aria-hidden", "true");
      lane.canvas.title = "More items here: click to zoom in";
      lane.canvas.addEventListener("click", function (ev) {
        var r = lane.canvas.getBoundingClientRect();
        zoom(4, ev.clientX - r.left);
      });
      lane.el.appendChild(lane.canvas);
    }
    var c = lane.canvas, buckets = Math.max(1, Math.ceil(width / 4)), counts = new Float32Array(buckets), top = 0;
    if (c.hidden) c.hidden = false;
    // Setting a canvas's size, even to the same value, makes the browser restyle it.
    if (c.width !== buckets * 4) c.width = buckets * 4;
    if (c.height !== 8) c.height = 8;
    // Counts per 4-pixel bucket by differences: an item adds one where it starts and
    // takes it away after it ends, so a long item costs no more than a short one.
    var diff = new Float32Array(buckets + 1);
    for (var k = 0; k < rest.length; k++) {
      var i = rest[k];
      var b0 = Math.max(0, Math.floor(x(T0[i]) / 4)), b1 = Math.min(buckets - 1, Math.floor(x(T1[i]) / 4));
      if (b1 < b0) continue;
      diff[b0] += 1; diff[b1 + 1] -= 1;
    }
    for (var run = 0, b = 0; b < buckets; b++) { run += diff[b]; counts[b] = run; if (run > top) top = run; }
    var g = c.getContext("2d");
    g.clearRect(0, 0, c.width, 8);
    g.fillStyle = lane.color;
    for (var b = 0; b < buckets; b++) {
      if (!counts[b]) continue;
      g.globalAlpha = 0.25 + 0.75 * counts[b] / top;
      g.fillRect(b * 4, 0, 3, 8);
    }
    g.globalAlpha = 1;
  }

  function buttonOf(i) {
    return lanes[LANE[i]].shown.get(i) || null;
  }

  // ------------------------------------------------------------------ the axis
  function civil(t) { var d = new Date(t * 1000); return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()]; }
  function instant(y, m, day) { var d = new Date(0); d.setUTCFullYear(y, m, day); d.setUTCHours(0, 0, 0, 0); return d.getTime() / 1000; }
  function yearLabel(y) { return y <= 0 ? (1 - y) + " BC" : y === 1 ? "AD 1" : String(y); }
  function two(v) { return (v < 10 ? "0" : "") + v; }
  var STEP_SECONDS = { minute: 60, hour: 3600, day: 86400, month: 30.44 * 86400, year: 365.2425 * 86400 };
  var LABEL_PX = { minute: 40, hour: 40, day: 22, month: 30, year: 44 };

  function ticks() {
    var spp = (end - start) / width, step = steps[steps.length - 1];
    for (var k = 0; k < steps.length; k++) {
      if (STEP_SECONDS[steps[k].unit] * steps[k].count / spp >= LABEL_PX[steps[k].unit] + 18) { step = steps[k]; break; }
    }
    var out = [], c = civil(start), u = step.unit, cnt = step.count, t, guard = 0;
    if (u === "year") {
      var y = Math.ceil(c[0] / cnt) * cnt;
      for (; (t = instant(y, 0, 1)) <= end && guard++ < 500; y += cnt) {
        if (t >= start) out.push([t, yearLabel(y), y % (cnt * 10) === 0]);
      }
    } else if (u === "month") {
      var idx = Math.floor((c[0] * 12 + c[1]) / cnt) * cnt;
      for (; guard++ < 500; idx += cnt) {
        var yy = Math.floor(idx / 12), mm = idx - yy * 12;
        t = instant(yy, mm, 1);
        if (t > end) break;
        if (t >= start) out.push([t, mm === 0 ? yearLabel(yy) : MONTHS[mm], mm === 0]);
      }
    } else if (u === "day") {
      var yr = c[0], mo = c[1];
      while (guard < 500) {
        var last = new Date(Date.UTC(2000, mo + 1, 0)).getUTCDate();
        if (mo === 1) last = instant(yr, 2, 1) - instant(yr, 1, 1) === 29 * 86400 ? 29 : 28;
        for (var dd = 1; dd < last + 2 - cnt && guard++ < 500; dd += cnt) {
          t = instant(yr, mo, dd);
          if (t > end) { guard = 500; break; }
          if (t >= start) out.push([t, dd === 1 ? MONTHS[mo] + " " + yearLabel(yr) : String(dd), dd === 1]);
        }
        mo += 1; if (mo === 12) { mo = 0; yr += 1; }
      }
    } else {
      var secs = (u === "minute" ? 60 : 3600) * cnt;
      for (t = Math.ceil(start / secs) * secs; t <= end && guard++ < 500; t += secs) {
        var cc = civil(t), midnight = cc[3] === 0 && cc[4] === 0;
        out.push([t, midnight ? cc[2] + " " + MONTHS[cc[1]] + " " + yearLabel(cc[0]) : two(cc[3]) + ":" + two(cc[4]), midnight]);
      }
    }
    return out;
  }

  // Ticks are made ahead, enough for most zooms: a box added to the page makes the
  // browser lay it out from the document down.
  function newTick(k) {
    var el = tickPool[k] = doc.createElement("div");
    el.className = "tick"; el.hidden = true;
    el.appendChild(doc.createElement("span")).appendChild(doc.createTextNode(""));
    tickBox.appendChild(el);
    return el;
  }
  for (var made = 0; made < 40; made++) newTick(made);

  function renderAxis() {
    var list = ticks();
    set(tickBox, "width", width + "px");
    list.forEach(function (tk, k) {
      var el = tickPool[k] || newTick(k);
      // Only what changed is written (a new text is a new node to lay out).
      if (el.hidden) el.hidden = false;
      var cls = tk[2] ? "tick major" : "tick";
      if (el.className !== cls) el.className = cls;
      set(el, "left", x(tk[0]).toFixed(1) + "px");
      if (el._text !== tk[1]) { el._text = tk[1]; el.firstChild.firstChild.data = tk[1]; }
    });
    for (var k = list.length; k < tickPool.length; k++) if (!tickPool[k].hidden) tickPool[k].hidden = true;
  }

  // ------------------------------------------------------------------ navigation
  var frame = 0, moving = false, SETTLE_MS = 150;
  function schedule() { moving = false; if (!frame) frame = requestAnimationFrame(render); }
  // A frame of a zoom or a pan: many may follow, so the buttons wait (see settle).
  function move() { if (!frame) { moving = true; frame = requestAnimationFrame(render); } }
  function setWindow(s, e) {
    var span = Math.min(Math.max(e - s, MIN_SPAN), MAX_SPAN), mid = s / 2 + e / 2;
    start = mid - span / 2; end = mid + span / 2;
    move();
  }
  function zoom(factor, around) {
    var px = around === undefined ? width / 2 : around, anchor = tAt(px);
    var span = Math.min(Math.max((end - start) / factor, MIN_SPAN), MAX_SPAN);
    start = anchor - px / width * span; end = start + span;
    move();
  }
  function pan(px) { var dt = px * (end - start) / width; start += dt; end += dt; move(); }
  function fitAll() { setWindow(fit[0], fit[1]); }
  function reveal(i) {
    var span = end - start, visible = end;
    // The card covers the right of a wide screen: the item must show left of it.
    if (!card.hidden && card.offsetWidth < window.innerWidth * 0.6) {
      var r = view.getBoundingClientRect(), covered = r.right - card.getBoundingClientRect().left;
      if (covered > 0) visible = tAt(Math.max(width - covered - 40, width * 0.3));
    }
    if (T1[i] < start + span * 0.05 || T0[i] > visible - span * 0.05) {
      var mid = (T0[i] + T1[i]) / 2;
      if (T1[i] - T0[i] > span * 0.9) setWindow(T0[i] - span * 0.05, T1[i] + span * 0.05);
      else {
        var at = (visible - start) / span * 0.5;  // the middle of what is left visible
        start = mid - span * at; end = start + span; schedule();
      }
    }
  }

  doc.getElementById("zoom-in").addEventListener("click", function () { zoom(STEP); });
  doc.getElementById("zoom-out").addEventListener("click", function () { zoom(1 / STEP); });
  doc.getElementById("zoom-fit").addEventListener("click", fitAll);

  view.addEventListener("wheel", function (ev) {
    var r = view.getBoundingClientRect(), dx = ev.deltaX || (ev.shiftKey ? ev.deltaY : 0);
    if (ev.ctrlKey || ev.metaKey || (!dx && doc.activeElement && view.contains(doc.activeElement))) {
      ev.preventDefault();
      zoom(Math.exp(-Math.max(-300, Math.min(300, ev.deltaY)) * 0.0025), ev.clientX - r.left);
    } else if (dx) {
      ev.preventDefault();
      pan(dx);
    }
  }, { passive: false });

  var drag = null;
  view.addEventListener("pointerdown", function (ev) {
    if (ev.button !== 0 || ev.target.closest(".density")) return;
    drag = { x: ev.clientX, moved: false, id: ev.pointerId };
  });
  view.addEventListener("pointermove", function (ev) {
    if (!drag || ev.pointerId !== drag.id) return;
    var dx = ev.clientX - drag.x;
    if (!drag.moved && Math.abs(dx) < 4) return;
    if (!drag.moved) { drag.moved = true; view.classList.add("dragging"); view.setPointerCapture(ev.pointerId); }
    drag.x = ev.clientX;
    pan(-dx);
  });
  function endDrag(ev) {
    if (!drag) return;
    if (drag.moved) {
      view.classList.remove("dragging");
      // The click that ends a drag is not a click on an item.
      var swallow = function (e) { e.stopPropagation(); e.preventDefault(); };
      view.addEventListener("click", swallow, { capture: true, once: true });
      setTimeout(function () { view.removeEventListener("click", swallow, { capture: true }); }, 0);
    }
    drag = null;
  }
  view.addEventListener("pointerup", endDrag);
  view.addEventListener("pointercancel", endDrag);

  function step(from, dir) {
    for (var i = from + dir; i >= 0 && i < n; i += dir) if (MATCH[i]) return i;
    return from;
  }
  function focusItem(i) {
    if (i < 0) return;
    focused = i; reveal(i); render();
    var b = buttonOf(i);
    if (b) b.focus({ preventScroll: true });
  }
  view.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var k = ev.key, first = step(-1, 1), last = step(n, -1);
    if (k === "+" || k === "=") zoom(STEP);
    else if (k === "-" || k === "_") zoom(1 / STEP);
    else if (k === "0") fitAll();
    else if (k === "PageUp") pan(-width * 0.8);
    else if (k === "PageDown") pan(width * 0.8);
    else if ((k === "ArrowRight" || k === "ArrowLeft") && ev.shiftKey) pan(k === "ArrowRight" ? width * 0.2 : -width * 0.2);
    else if (k === "ArrowRight") focusItem(focused < 0 ? first : step(focused, 1));
    else if (k === "ArrowLeft") focusItem(focused < 0 ? last : step(focused, -1));
    else if (k === "Home") focusItem(first);
    else if (k === "End") focusItem(last);
    else return;
    ev.preventDefault();
  });
  view.addEventListener("focusin", function (ev) {
    var b = ev.target.closest(".it");
    if (b && MATCH[+b.dataset.i]) focused = +b.dataset.i;
    repaint();  // the focus ring is drawn on the canvas
  });
  view.addEventListener("focusout", function () { requestAnimationFrame(repaint); });

  // Clicks and hovering are found by position on the canvas, so they are right even
  // while the buttons wait for the view to rest; a button pressed by a key is its item.
  function hitAt(clientX, clientY) {
    for (var k = 0; k < lanes.length; k++) {
      var lane = lanes[k], r = lane.box.getBoundingClientRect();
      if (clientY < r.top || clientY >= r.bottom) continue;
      var e = CitelineMarks.hit(lane.entries, clientX - r.left, clientY - r.top);
      return e ? e.i : -1;
    }
    return -1;
  }
  laneBox.addEventListener("click", function (ev) {
    if (ev.target.closest && ev.target.closest(".density")) return;  // it zooms in
    var b = ev.target.closest && ev.target.closest(".it");
    var i = ev.detail === 0 && b ? +b.dataset.i : hitAt(ev.clientX, ev.clientY);
    if (i < 0 && b) i = +b.dataset.i;  // on a button the drawing did not place there
    if (i >= 0) openItem(i, buttonOf(i) || b);
  });
  var hover = -1;
  function hovering(i) {
    if (i === hover) return;
    hover = i;
    view.classList.toggle("on-item", i >= 0);
    repaint();
  }
  view.addEventListener("pointermove", function (ev) {
    if (drag && drag.moved) return;
    var over = ev.pointerType !== "touch" && !(ev.target.closest && ev.target.closest(".density"));
    hovering(over ? hitAt(ev.clientX, ev.clientY) : -1);
  });
  view.addEventListener("pointerleave", function () { hovering(-1); });

  // ------------------------------------------------------------------ the card
  var card = doc.getElementById("card"), body = card.querySelector(".card-body");
  var closer = card.querySelector(".close"), opener = null;

  function openItem(i, from) {
    opener = from || null;
    var id = arts[i].id;
    if (location.hash !== "#" + id) {
      try { history.pushState({ card: id }, "", "#" + id); } catch (e) { /* a sandbox may refuse */ }
    }
    show(i);
  }
  function show(i) {
    var copy = arts[i].cloneNode(true);
    copy.removeAttribute("id");
    Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (el) { el.removeAttribute("id"); });
    var h = copy.querySelector("h3"), link = h && h.querySelector("a");
    if (link) { while (link.firstChild) h.insertBefore(link.firstChild, link); h.removeChild(link); }
    if (h) { h.id = "card-title"; h.tabIndex = -1; }
    body.replaceChildren(copy);
    card.hidden = false;
    selected = i; focused = i;
    reveal(i); schedule();
    card.scrollTop = 0;
    (h || closer).focus({ preventScroll: true });
  }
  function hide() {
    if (card.hidden) return;
    card.hidden = true; selected = -1;
    if (focused >= 0 && !MATCH[focused]) focused = -1;
    schedule();
    var back = opener && opener.isConnected ? opener : null;
    // An item the search now leaves out is not focused again (it would show): the
    // search field, or the timeline, takes the focus back.
    var item = back && back.closest && back.closest(".it");
    if (item && !MATCH[+item.dataset.i]) back = q.value.trim() ? q : view;
    if (!back && focused >= 0) { render(); back = buttonOf(focused); }
    if (back) back.focus({ preventScroll: true });
    opener = null;
  }
  function close() {
    if (history.state && history.state.card) history.back();
    else {
      try { history.replaceState(null, "", location.pathname + location.search); } catch (e) { /* ignore */ }
      hide();
    }
  }
  function sync() {
    var id = decodeURIComponent(location.hash.slice(1)), i = byId[id];
    if (i !== undefined) show(i); else hide();
  }
  closer.addEventListener("click", close);
  doc.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && !card.hidden) { ev.preventDefault(); close(); }
  });
  window.addEventListener("popstate", sync);
  window.addEventListener("hashchange", sync);
  doc.getElementById("chronology").addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("h3 > a");
    if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button) return;
    var i = byId[a.getAttribute("href").slice(1)];
    if (i === undefined) return;
    ev.preventDefault();
    openItem(i, a);
  });

  // ------------------------------------------------------------------ search
  var q = doc.getElementById("q"), countEl = doc.getElementById("q-count"), texts = null, timer = 0;
  var sections = Array.prototype.slice.call(doc.querySelectorAll("#chronology section.date"));
  function fold(s) { return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function search() {
    timer = 0;
    var term = fold(q.value.trim()), hits = 0;
    if (term && !texts) texts = arts.map(function (a) { return fold(a.textContent); });
    for (var i = 0; i < n; i++) {
      var hit = !term || texts[i].indexOf(term) >= 0;
      MATCH[i] = hit ? 1 : 0; hits += MATCH[i];
      if (arts[i].hidden === hit) arts[i].hidden = !hit;
    }
    sections.forEach(function (s) {
      var any = false;
      for (var c = s.firstElementChild; c; c = c.nextElementSibling) if (c.tagName === "ARTICLE" && !c.hidden) { any = true; break; }
      s.hidden = !any;
    });
    countEl.textContent = term ? (hits === 1 ? "1 item matches" : hits.toLocaleString("en") + " items match") : "";
    if (focused >= 0 && !MATCH[focused]) focused = -1;
    schedule();
  }
  q.addEventListener("input", function () { if (timer) clearTimeout(timer); timer = setTimeout(search, n > 2000 ? 150 : 60); });
  q.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    ev.preventDefault();
    if (timer) { clearTimeout(timer); search(); }
    var first = step(-1, 1);
    if (first >= 0 && MATCH[first]) openItem(first, q);
  });

  // ------------------------------------------------------------------ start
  family = getComputedStyle(doc.body).getPropertyValue("--sans").trim() || "sans-serif";
  labelFont = "12px " + family;
  if (ctx) ctx.font = labelFont;
  shell.hidden = false;
  if (typeof ResizeObserver === "function") new ResizeObserver(move).observe(view);
  // A window moved to a screen of another pixel density: the canvas is drawn anew.
  (function watchDensity() {
    if (!window.matchMedia) return;
    var query = window.matchMedia("(resolution: " + (window.devicePixelRatio || 1) + "dppx)");
    if (query.addEventListener) query.addEventListener("change", function () { schedule(); watchDensity(); }, { once: true });
  })();
  // Scrolling the lanes shows other rows: the canvas follows (nothing else changes).
  var scrollFrame = 0;
  view.addEventListener("scroll", function () {
    if (!frame && !scrollFrame) scrollFrame = requestAnimationFrame(function () { scrollFrame = 0; repaint(); });
  }, { passive: true });
  render();
  sync();
  doc.documentElement.setAttribute("data-timeline", "ready");
  doc.documentElement.setAttribute("data-ready-ms", String(Math.round(performance.now())));
  // The row rule, for anyone checking that it matches the app's (see fixed.py).
  // And what is drawn, lane by lane, for tests: each item's name, label, marker box
  // (x, y, w; a row high) and label box, in the window's coordinates.
  function drawn() {
    return lanes.map(function (lane) {
      var r = lane.box.getBoundingClientRect();
      return lane.entries.map(function (e) {
        return { id: arts[e.i].id, name: nameOf(e.i), label: e.label, x: r.left + e.left, w: e.w,
                 y: r.top + LANE_PAD / 2 + e.row * ROW_H, labelX: r.left + e.labelX, labelW: e.labelW,
                 point: !!e.point, flag: !!e.fl };
      });
    });
  }
  window.CitelineTimeline = Object.freeze({ stackRow: stackRow, drawn: drawn });
  void reduced;
})();
