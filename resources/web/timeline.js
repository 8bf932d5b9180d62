/* Citeline's exported page: the interactive timeline above the chronology.
 *
 * The same bytes ship in every page (the Content-Security-Policy allows them by hash).
 * Everything about the project is read from the chronology's HTML: each <article>
 * carries data-t0/t1 (seconds since 1970 UTC), data-lane, data-row, data-rank and
 * data-shape, computed when the page was made (citeline/core/layout/fixed.py). This
 * script only maps time to x and decides which labels fit, with the rule of
 * fixed.fit_labels: labels in rank order, each in its own item's row, whole when the
 * row has room, else shortened with "…", else left out. It never builds HTML from text:
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
  var AXIS_H = 26, LANE_HEAD = 18, ROW_H = 22, LANE_PAD = 4, R = 5, LABEL_OFFSET = 4, GAP = 4;
  var MIN_CHARS = 3, LABEL_MAX = 260, MIN_BAR = 3, MAX_ITEMS = 120, ITEMS_PER_PX = 0.12;
  var MIN_SPAN = 60, MAX_SPAN = 20000 * 365.2425 * 86400, STEP = 1.5;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  // ------------------------------------------------------------------ the items
  var arts = Array.prototype.slice.call(doc.querySelectorAll("#chronology article"));
  var n = arts.length;
  var T0 = new Float64Array(n), T1 = new Float64Array(n), LANE = new Int32Array(n);
  var ROW = new Int32Array(n), RANK = new Int32Array(n), POINT = new Uint8Array(n);
  var APPROX = new Uint8Array(n), UNSURE = new Uint8Array(n), QUOTE = new Uint8Array(n);
  var MATCH = new Uint8Array(n).fill(1);
  var WIDTH = new Float32Array(n).fill(-1);
  var labels = new Array(n), names = new Array(n), byId = Object.create(null);
  var lanes = [];
  Array.prototype.forEach.call(laneList.children, function (li) {
    var color = li.getAttribute("data-color") || "";
    lanes.push({
      name: li.textContent, color: /^#[0-9a-fA-F]{6}$/.test(color) ? color : "#5f6368",
      items: [], rows: 1, maxDur: 0, el: null, box: null, canvas: null, pool: [], used: 0
    });
  });
  for (var i = 0; i < n; i++) {
    var a = arts[i], d = a.dataset, s = d.shape || "b";
    T0[i] = +d.t0; T1[i] = +d.t1; LANE[i] = +d.lane || 0; ROW[i] = +d.row || 0;
    RANK[i] = +d.rank || 0; POINT[i] = s.charAt(0) === "p" ? 1 : 0;
    APPROX[i] = s.indexOf("~") >= 0 ? 1 : 0; UNSURE[i] = s.indexOf("?") >= 0 ? 1 : 0;
    QUOTE[i] = a.classList.contains("quote") ? 1 : 0;
    var h = a.querySelector("h3"), t = a.querySelector(".when time");
    labels[i] = d.label || (h ? h.textContent.trim() : "");
    names[i] = labels[i] + (t ? ", " + t.textContent : "");
    byId[a.id] = i;
    var lane = lanes[LANE[i]] || (lanes[LANE[i]] = {
      name: "", color: "#5f6368", items: [], rows: 1, maxDur: 0, el: null, box: null,
      canvas: null, pool: [], used: 0 });
    lane.items.push(i);  // articles come in time order, so each lane's list is by start
    lane.rows = Math.max(lane.rows, ROW[i] + 1);
    lane.maxDur = Math.max(lane.maxDur, T1[i] - T0[i]);
  }
  var steps = (laneList.getAttribute("data-steps") || "year:1").split(" ").map(function (p) {
    var q = p.split(":");
    return { unit: q[0], count: +q[1] };
  });
  var fit = (laneList.getAttribute("data-fit") || "").split(" ").map(Number);
  if (fit.length !== 2 || !(fit[1] > fit[0])) fit = [T0[0] - 86400, T1[n - 1] + 86400];
  var start = fit[0], end = fit[1], width = 1, selected = -1, focused = -1;

  // ------------------------------------------------------------------ label rule
  // fixed.fit_labels: core/layout/labels.place_labels run on each row alone.
  function placeLabels(items, measure, right, obstacles, gap, offset, minChars) {
    var rows = Object.create(null);
    function rowOf(r) { return rows[r] || (rows[r] = { starts: [], ends: [] }); }
    function bisectRight(arr, x) {
      var lo = 0, hi = arr.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (x < arr[mid]) hi = mid; else lo = mid + 1; }
      return lo;
    }
    function room(row, x) {
      var k = bisectRight(row.starts, x);
      if (k > 0 && row.ends[k - 1] + gap > x) return -1;
      var limit = k < row.starts.length ? row.starts[k] - gap : right;
      return Math.min(limit, right) - x;
    }
    function take(row, x0, x1) {
      var k = bisectRight(row.starts, x0);
      row.starts.splice(k, 0, x0); row.ends.splice(k, 0, x1);
    }
    var obs = obstacles.slice().sort(function (p, q) { return p[0] - q[0] || p[1] - q[1] || p[2] - q[2]; });
    obs.forEach(function (o) {
      var row = rowOf(o[0]), last = row.ends.length - 1;
      if (last >= 0 && o[1] <= row.ends[last]) row.ends[last] = Math.max(row.ends[last], o[2]);
      else take(row, o[1], Math.max(o[1], o[2]));
    });
    var order = items.map(function (_, k) { return k; });
    order.sort(function (p, q) {
      return items[q].priority - items[p].priority || items[p].x - items[q].x || p - q;
    });
    var out = new Array(items.length);
    order.forEach(function (k) {
      var it = items[k], x = it.x + offset, row = rowOf(it.row), text = it.text;
      var full = text ? measure(text) : 0, free = room(row, x);
      if (free >= full && text) {
        take(row, x, x + full);
        out[k] = { visible: true, text: text, x: x, row: it.row, width: full };
        return;
      }
      var short = free > 0 ? elide(text, free, measure, minChars) : null;
      if (!short) { out[k] = { visible: false, text: "", x: x, row: it.row, width: 0 }; return; }
      take(row, x, x + short[1]);
      out[k] = { visible: true, text: short[0], x: x, row: it.row, width: short[1] };
    });
    return out;
  }

  function elide(text, free, measure, minChars) {
    var chars = Array.from(text), lo = Math.max(minChars, 1), hi = chars.length - 1, best = null;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1, candidate = chars.slice(0, mid).join("").trimEnd() + "\u2026";
      var w = measure(candidate);
      if (w <= free && Array.from(candidate).length - 1 >= minChars) { best = [candidate, w]; lo = mid + 1; }
      else if (w <= free) lo = mid + 1;
      else hi = mid - 1;
    }
    return best;
  }

  // Text widths, measured with the labels' own font.
  var ctx = doc.createElement("canvas").getContext("2d");
  function measure(text) { return ctx ? ctx.measureText(text).width : text.length * 6.6; }
  function labelWidth(i) {
    if (WIDTH[i] < 0) WIDTH[i] = Math.min(measure(labels[i]), LABEL_MAX);
    return WIDTH[i];
  }

  // ------------------------------------------------------------------ building the view
  var axis = view.querySelector(".tl-axis"), eraBox = view.querySelector(".tl-eras");
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
    el.style.height = LANE_HEAD + lane.rows * ROW_H + LANE_PAD + "px";
    el.appendChild(name); el.appendChild(box); laneBox.appendChild(el);
    lane.el = el; lane.box = box;
  });
  var tickPool = [];

  function x(t) { return (t - start) * width / (end - start); }
  function tAt(px) { return start + px * (end - start) / width; }

  function itemButton(lane, k) {
    var b = lane.pool[k];
    if (!b) {
      b = doc.createElement("button");
      b.type = "button"; b.tabIndex = -1;
      var mk = doc.createElement("span"), lb = doc.createElement("span"), pile = doc.createElement("span");
      mk.className = "mk"; lb.className = "lb"; pile.className = "pile";
      b.appendChild(mk); b.appendChild(lb); b.appendChild(pile);
      b.addEventListener("click", onItemClick);
      lane.box.appendChild(b);
      lane.pool[k] = b;
    }
    b.hidden = false;
    return b;
  }

  // ------------------------------------------------------------------ one frame
  function visibleIn(lane, t0, t1) {
    var list = lane.items, lo = 0, hi = list.length, from = t0 - lane.maxDur;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (T0[list[mid]] < from) lo = mid + 1; else hi = mid; }
    var out = [];
    for (var k = lo; k < list.length; k++) {
      var i = list[k];
      if (T0[i] > t1) break;
      if (T1[i] >= t0 && (MATCH[i] || i === selected)) out.push(i);
    }
    return out;
  }

  function render() {
    frame = 0;
    width = Math.max(1, view.clientWidth);
    var spp = (end - start) / width, margin = LABEL_MAX * spp;
    renderAxis();
    eras.forEach(function (e) {
      var x0 = x(e.t0), x1 = x(e.t1);
      e.el.hidden = x1 < 0 || x0 > width;
      e.el.style.left = Math.max(x0, -2) + "px";
      e.el.style.width = Math.max(0, Math.min(x1, width + 2) - Math.max(x0, -2)) + "px";
    });
    var limit = Math.max(1, Math.min(MAX_ITEMS, Math.floor(width * ITEMS_PER_PX)));
    lanes.forEach(function (lane) {
      var all = visibleIn(lane, start - margin, end);
      var drawn = all, rest = null;
      if (all.length > limit) {
        drawn = all.slice().sort(function (p, q) { return RANK[p] - RANK[q]; }).slice(0, limit);
        [selected, focused].forEach(function (f) {
          if (f >= 0 && LANE[f] === lanes.indexOf(lane) && drawn.indexOf(f) < 0 && all.indexOf(f) >= 0) drawn.push(f);
        });
        rest = all;
      }
      drawLane(lane, drawn);
      drawDensity(lane, rest);
    });
    if (focused >= 0 && view.contains(doc.activeElement) && doc.activeElement !== view) {
      var b = buttonOf(focused);
      if (b && doc.activeElement !== b) b.focus({ preventScroll: true });
    }
  }

  function drawLane(lane, drawn) {
    var marks = [], wanted = [], obstacles = [];
    drawn.sort(function (p, q) { return T0[p] - T0[q] || p - q; });
    // Points within a marker of each other in one row share one marker and a count.
    var heads = Object.create(null);
    drawn.forEach(function (i) {
      var x0 = x(T0[i]), x1 = x(T1[i]), m = { i: i, x0: x0, x1: x1, pile: 1, covered: false };
      if (POINT[i]) {
        var cx = (x0 + x1) / 2, head = heads[ROW[i]];
        m.cx = cx;
        if (head && cx - head.cx < R) {
          head.pile += 1; m.covered = true;
          if (i === selected || i === focused) { m.covered = false; head.covered = true; m.pile = head.pile; head.pile = 1; heads[ROW[i]] = m; }
        } else heads[ROW[i]] = m;
      }
      marks.push(m);
    });
    marks.forEach(function (m) {
      if (m.covered) return;
      if (POINT[m.i]) obstacles.push([ROW[m.i], m.cx - R, m.cx + R]);
      if (POINT[m.i] && (m.cx < -LABEL_MAX || m.cx > width)) return;
      if (!POINT[m.i] && (m.x1 < 0 || m.x0 > width)) return;
      var anchor = POINT[m.i] ? m.cx + R : Math.max(m.x0, 0);
      var pr = (m.i === selected || m.i === focused) ? 1e9 : -RANK[m.i];
      wanted.push({ x: anchor, row: ROW[m.i], text: labels[m.i], priority: pr, m: m });
    });
    var placed = placeLabels(wanted, function (text) {
      return text === wanted.lastText ? wanted.lastWidth : measure(text);
    }, width, obstacles, GAP, LABEL_OFFSET, MIN_CHARS);
    placed.forEach(function (p, k) { wanted[k].m.label = p; });
    lane.used = 0;
    marks.forEach(function (m) {
      if (m.covered) return;
      var i = m.i, b = itemButton(lane, lane.used++), mk = b.firstChild, lb = mk.nextSibling, pile = lb.nextSibling;
      var left, w;
      if (POINT[i]) { left = m.cx - R; w = 2 * R; }
      else {
        w = Math.max(m.x1 - m.x0, MIN_BAR);
        left = m.x1 - m.x0 >= MIN_BAR ? m.x0 : (m.x0 + m.x1) / 2 - w / 2;
        // A bar reaching far off screen is drawn to just past the edges.
        if (left < -20) { w -= -20 - left; left = -20; }
        if (left + w > width + 20) w = width + 20 - left;
      }
      b.className = "it " + (QUOTE[i] ? "quote" : "event") + (POINT[i] ? "" : " bar") +
        (APPROX[i] ? " ap" : "") + (UNSURE[i] ? " un" : "") + (i === selected ? " sel" : "");
      b.style.transform = "translate(" + left.toFixed(1) + "px," + (LANE_PAD / 2 + ROW[i] * ROW_H) + "px)";
      b.style.width = Math.max(w, 1).toFixed(1) + "px";
      mk.style.width = POINT[i] ? "" : Math.max(w, 1).toFixed(1) + "px";
      b.setAttribute("aria-label", names[i]);
      b.title = m.pile > 1 ? names[i] + " (and " + (m.pile - 1) + " more here: zoom in)" : names[i];
      b.dataset.i = i;
      var p = m.label;
      if (p && p.visible) { lb.textContent = p.text; lb.style.left = (p.x - left).toFixed(1) + "px"; lb.hidden = false; }
      else { lb.textContent = ""; lb.hidden = true; }
      pile.hidden = m.pile < 2;
      pile.textContent = m.pile > 1 ? String(m.pile) : "";
    });
    for (var k = lane.used; k < lane.pool.length; k++) lane.pool[k].hidden = true;
  }

  function drawDensity(lane, rest) {
    if (!rest) { if (lane.canvas) lane.canvas.hidden = true; return; }
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
    c.hidden = false;
    if (c.width !== buckets * 4) c.width = buckets * 4;
    c.height = 8;
    rest.forEach(function (i) {
      var b0 = Math.max(0, Math.floor(x(T0[i]) / 4)), b1 = Math.min(buckets - 1, Math.floor(x(T1[i]) / 4));
      for (var b = b0; b <= b1; b++) { counts[b] += 1; if (counts[b] > top) top = counts[b]; }
    });
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
    var lane = lanes[LANE[i]];
    for (var k = 0; k < lane.used; k++) if (+lane.pool[k].dataset.i === i) return lane.pool[k];
    return null;
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

  function renderAxis() {
    var list = ticks();
    list.forEach(function (tk, k) {
      var el = tickPool[k];
      if (!el) {
        el = tickPool[k] = doc.createElement("div");
        el.appendChild(doc.createElement("span"));
        axis.appendChild(el);
      }
      el.hidden = false;
      el.className = tk[2] ? "tick major" : "tick";
      el.style.left = x(tk[0]).toFixed(1) + "px";
      el.firstChild.textContent = tk[1];
    });
    for (var k = list.length; k < tickPool.length; k++) tickPool[k].hidden = true;
  }

  // ------------------------------------------------------------------ navigation
  var frame = 0;
  function schedule() { if (!frame) frame = requestAnimationFrame(render); }
  function setWindow(s, e) {
    var span = Math.min(Math.max(e - s, MIN_SPAN), MAX_SPAN), mid = s / 2 + e / 2;
    start = mid - span / 2; end = mid + span / 2;
    schedule();
  }
  function zoom(factor, around) {
    var px = around === undefined ? width / 2 : around, anchor = tAt(px);
    var span = Math.min(Math.max((end - start) / factor, MIN_SPAN), MAX_SPAN);
    start = anchor - px / width * span; end = start + span;
    schedule();
  }
  function pan(px) { var dt = px * (end - start) / width; start += dt; end += dt; schedule(); }
  function fitAll() { setWindow(fit[0], fit[1]); }
  function reveal(i) {
    var span = end - start;
    if (T1[i] < start + span * 0.05 || T0[i] > end - span * 0.05) {
      var mid = (T0[i] + T1[i]) / 2;
      if (T1[i] - T0[i] > span * 0.9) setWindow(T0[i] - span * 0.05, T1[i] + span * 0.05);
      else { start = mid - span / 2; end = mid + span / 2; schedule(); }
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
    if (b) focused = +b.dataset.i;
  });

  // ------------------------------------------------------------------ the card
  var card = doc.getElementById("card"), body = card.querySelector(".card-body");
  var closer = card.querySelector(".close"), opener = null;

  function onItemClick(ev) {
    var i = +ev.currentTarget.dataset.i;
    openItem(i, ev.currentTarget);
  }
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
    card.hidden = true; selected = -1; schedule();
    var back = opener && opener.isConnected ? opener : null;
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
    var a = ev.target.closest && ev.target.closest("a.open");
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
  if (ctx) ctx.font = "12px " + getComputedStyle(doc.body).getPropertyValue("--sans");
  shell.hidden = false;
  if (typeof ResizeObserver === "function") new ResizeObserver(schedule).observe(view);
  render();
  sync();
  doc.documentElement.setAttribute("data-timeline", "ready");
  doc.documentElement.setAttribute("data-ready-ms", String(Math.round(performance.now())));
  // The label rule, for anyone checking that it matches the app's (see fixed.py).
  window.CitelineTimeline = Object.freeze({ placeLabels: placeLabels });
  void reduced;
})();
