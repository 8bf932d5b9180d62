/* Citeline's exported page: the timeline's items drawn on their lane's canvas.
 *
 * A zoom or pan step redraws each lane's items, up to 40 a lane, on one canvas, instead
 * of moving, restyling and laying out a button per item: at 10,000 items the page holds
 * 420,000 nodes, and each button moved cost the browser a restyle, a layout and a paint
 * chunk. The buttons stay, transparent, for keyboards, screen readers and tooltips
 * (timeline.js); this file only draws what they used to draw with CSS, the same shapes
 * at the same places: a dot for a day, a diamond for a quote, a bar over a span; fading
 * ends for an approximate date, hatching and a dashed edge for an uncertain one; the red
 * flag of an item whose sources disagree; a ring and a bold or underlined label for the
 * focused, selected or hovered item. It joins timeline.js in the page's one script.
 */
var CitelineMarks = (function () {
  "use strict";

  var INK = "#1d1d1f", FLAG = "#b3261e", FLAG_GLYPH = "\u2691";
  // Glows and flags reach this far above and below an item's row.
  var MARGIN = 10, ROW_H = 22, ROW_TOP = 2, LINE = 20, AWAY = 4000;
  var baselines = Object.create(null), colors = Object.create(null);

  // A lane colour with an alpha: CSS's color-mix(in srgb, colour N%, transparent).
  function rgba(hex, alpha) {
    var key = hex + alpha, c = colors[key];
    if (c === undefined) {
      var v = parseInt(hex.slice(1), 16);
      c = colors[key] = "rgba(" + (v >> 16 & 255) + "," + (v >> 8 & 255) + "," + (v & 255) + "," + alpha + ")";
    }
    return c;
  }

  // Where text sits in a line: CSS centres the font's ascent and descent (each rounded to
  // whole pixels) in the line's height.
  function baseline(g, font, lineHeight) {
    var key = font + "/" + lineHeight, b = baselines[key];
    if (b === undefined) {
      g.font = font;
      var m = g.measureText("Hg");
      var asc = Math.round(m.fontBoundingBoxAscent || 0.93 * lineHeight);
      var desc = Math.round(m.fontBoundingBoxDescent || 0.25 * lineHeight);
      b = baselines[key] = Math.floor((lineHeight - asc - desc) / 2) + asc;
    }
    return b;
  }

  // The path of a box with rounded corners (radii scaled down to fit, as in CSS).
  function box(g, x, y, w, h, r) {
    r = Math.max(0, Math.min(r, w / 2, h / 2));
    g.moveTo(x + r, y);
    g.arcTo(x + w, y, x + w, y + h, r); g.arcTo(x + w, y + h, x, y + h, r);
    g.arcTo(x, y + h, x, y, r); g.arcTo(x, y, x + w, y, r);
    g.closePath();
  }

  // A marker's box, in the item's own coordinates (its top left at the row's top): the
  // CSS of the buttons this replaces (.it .mk, .it.bar .mk).
  function shapeOf(e) {
    if (e.point) return { x: 0, y: 5, w: 10, h: 10, r: e.quote ? 2 : 5 };
    return { x: 0, y: 3, w: e.w, h: 14, r: 3 };
  }
  function grown(s, d) {
    return { x: s.x - d, y: s.y - d, w: s.w + 2 * d, h: s.h + 2 * d, r: s.r > 0 ? s.r + d : 0 };
  }

  // Hatching at 135 degrees, 3 pixels of colour then 3 clear: repeating-linear-gradient.
  var tiles = Object.create(null);
  function hatch(g, color, s) {
    var p = tiles[color];
    if (!p) {
      var t = document.createElement("canvas");
      t.width = 6; t.height = 1;
      var tg = t.getContext("2d");
      tg.fillStyle = rgba(color, 0.35); tg.fillRect(0, 0, 3, 1);
      p = tiles[color] = g.createPattern(t, "repeat");
    }
    // The gradient line runs through the box's centre, starting where its top left is.
    var reach = (s.w + s.h) / 4;
    if (p.setTransform && typeof DOMMatrix === "function") {
      p.setTransform(new DOMMatrix().translate(s.x + s.w / 2 - reach, s.y + s.h / 2 - reach).rotate(45));
    }
    return p;
  }

  // An approximate span fades in and out over 14 pixels at each end (mask-image on the
  // whole marker): it is drawn apart, on a scratch canvas, then faded and copied.
  var scratch = null;
  function fadedBar(g, e, color, dpr, originX, originY) {
    if (!scratch) scratch = document.createElement("canvas");
    var w = Math.ceil((e.w + 8) * dpr), h = Math.ceil(24 * dpr);
    if (scratch.width < w) scratch.width = w;
    if (scratch.height < h) scratch.height = h;
    var sg = scratch.getContext("2d");
    sg.setTransform(1, 0, 0, 1, 0, 0);
    sg.clearRect(0, 0, scratch.width, scratch.height);
    // The marker at (4, 2) of the scratch canvas, so that its ring fits.
    marker(sg, { w: e.w, point: 0, ap: 0, un: e.un, ring: e.ring, dotted: 1 }, color, dpr, 4, 2);
    var fade = sg.createLinearGradient(4, 0, 4 + e.w, 0), edge = Math.min(0.5, 14 / e.w);
    fade.addColorStop(0, "rgba(0,0,0,0)"); fade.addColorStop(edge, "#000");
    fade.addColorStop(1 - edge, "#000"); fade.addColorStop(1, "rgba(0,0,0,0)");
    sg.setTransform(dpr, 0, 0, dpr, 0, 0);
    sg.globalCompositeOperation = "destination-in";
    sg.fillStyle = fade; sg.fillRect(0, 0, e.w + 8, 24);
    sg.globalCompositeOperation = "source-over";
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.drawImage(scratch, 0, 0, w, h, Math.round((originX - 4) * dpr), Math.round((originY - 2) * dpr), w, h);
  }

  function marker(g, e, color, dpr, originX, originY) {
    if (!e.point && e.ap) { fadedBar(g, e, color, dpr, originX, originY); return; }
    var s = shapeOf(e);
    // A quote's marker is turned 45 degrees and shrunk, about its centre.
    function place(shift) {
      g.setTransform(dpr, 0, 0, dpr, originX * dpr + shift, originY * dpr);
      if (e.quote) {
        var cx = s.x + s.w / 2, cy = s.y + s.h / 2;
        g.translate(cx, cy); g.rotate(Math.PI / 4); g.scale(0.85, 0.85); g.translate(-cx, -cy);
      }
    }
    if (e.ap && e.point) {
      // The glow (box-shadow 0 0 6px 3px): the shadow of a shape drawn out of sight,
      // outside the marker only, as CSS draws an outer shadow.
      g.save();
      place(0);
      g.beginPath(); g.rect(-40, -40, s.w + 80, s.h + 80); box(g, s.x, s.y, s.w, s.h, s.r);
      g.clip("evenodd");
      place(-AWAY * dpr);
      g.shadowColor = rgba(color, 0.45); g.shadowBlur = 6 * dpr; g.shadowOffsetX = AWAY * dpr;
      var glow = grown(s, 3);
      g.beginPath(); box(g, glow.x, glow.y, glow.w, glow.h, glow.r);
      g.fillStyle = "#000"; g.fill();
      g.restore();
    }
    place(0);
    if (e.point) {
      // The white ring around a dot or a diamond (box-shadow 0 0 0 1.5px #fff).
      var ring = grown(s, 1.5);
      g.beginPath(); box(g, ring.x, ring.y, ring.w, ring.h, ring.r); box(g, s.x, s.y, s.w, s.h, s.r);
      g.fillStyle = "#fff"; g.fill("evenodd");
    }
    g.beginPath(); box(g, s.x, s.y, s.w, s.h, s.r);
    g.fillStyle = e.un ? hatch(g, color, s) : e.point ? color : rgba(color, 0.28);
    g.fill();
    if (!e.point) {
      // A bar's left edge: 3 pixels of the lane's colour, dotted when approximate.
      g.save(); g.clip();
      g.fillStyle = color;
      if (e.dotted) {
        for (var y = s.y; y + 3 <= s.y + s.h + 0.5; y += 5.5) { g.beginPath(); g.arc(s.x + 1.5, y + 1.5, 1.5, 0, 2 * Math.PI); g.fill(); }
      } else g.fillRect(s.x, s.y, 3, s.h);
      g.restore();
    }
    if (e.ring) {
      // Focused or selected: a 2-pixel ring 2 pixels out (outline, outline-offset).
      var out = grown(s, 3);
      g.beginPath(); box(g, out.x, out.y, out.w, out.h, out.r);
      g.lineWidth = 2; g.strokeStyle = INK; g.stroke();
    } else if (e.un) {
      // Uncertain: a dashed edge just inside the marker (outline-offset -1.5px).
      var inner = grown(s, -0.75);
      g.beginPath(); box(g, inner.x, inner.y, inner.w, inner.h, inner.r);
      g.setLineDash([3, 1.75]); g.lineWidth = 1.5; g.strokeStyle = color; g.stroke();
      g.setLineDash([]);
    }
  }

  /* Draw the lanes' items on ``canvas``, which shows ``o.height`` pixels of the lanes.
   * ``layers``: per lane, {entries, color, y: where its rows start on the canvas}; an
   * entry: {left, row, w, point, quote, ap, un, fl, label, labelX, labelW, bold, ring,
   * under}, in drawing order; only the rows on the canvas are drawn. */
  function paint(canvas, layers, o) {
    var dpr = o.dpr, W = Math.max(1, Math.round(o.width * dpr)), H = Math.max(1, Math.round(o.height * dpr));
    if (canvas.width !== W) canvas.width = W;
    if (canvas.height !== H) canvas.height = H;
    var g = canvas.getContext("2d");
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, W, H);
    var font = o.font, bold = "700 " + font, flagFont = "700 11px " + o.family;
    var base = baseline(g, font, LINE), boldBase = baseline(g, bold, LINE), flagBase = baseline(g, flagFont, 11);
    // A font is set only when it changes: setting one costs a style update of the page.
    var current = "";
    function use(f) { if (current !== f) { g.font = current = f; } }
    for (var n = 0; n < layers.length; n++) {
      var layer = layers[n], entries = layer.entries;
      for (var k = 0; k < entries.length; k++) {
        var e = entries[k], top = layer.y + ROW_TOP + e.row * ROW_H;
        if (top + LINE + MARGIN < 0 || top - MARGIN > o.height) continue;
        marker(g, e, layer.color, dpr, e.left, top);
        if (e.label) {
          g.setTransform(dpr, 0, 0, dpr, 0, 0);
          use(e.bold ? bold : font);
          g.fillStyle = INK;
          var x = e.labelX, y = top + (e.bold ? boldBase : base);
          g.fillText(e.label, x, y);
          if (e.under) g.fillRect(x, y + 1, e.bold ? g.measureText(e.label).width : e.labelW, 1);
        }
        if (e.fl) {
          g.setTransform(dpr, 0, 0, dpr, 0, 0);
          use(flagFont); g.fillStyle = FLAG;
          g.fillText(FLAG_GLYPH, e.left + 5, top - 6 + flagBase);
        }
      }
    }
  }

  /* The entry under a point of the lane (its rows' coordinates), or null: the marker's
   * box or the label's, a row high, the last drawn first (it is on top). */
  function hit(entries, x, y) {
    for (var k = entries.length - 1; k >= 0; k--) {
      var e = entries[k], top = ROW_TOP + e.row * ROW_H;
      if (y < top || y >= top + LINE) continue;
      if (x >= e.left && x < e.left + e.w) return e;
      if (e.label && x >= e.labelX && x < e.labelX + e.labelW) return e;
    }
    return null;
  }

  return Object.freeze({ paint: paint, hit: hit });
})();
