// Draws the parley report from the JSON embedded in this page. No libraries, no network.
"use strict";
(function () {
  var SVG = "http://www.w3.org/2000/svg";
  var QUAD_COLORS = { 1: "#4e79a7", 2: "#59a14f", 3: "#f28e2b", 4: "#e15759" };

  function readJSON(id) { return JSON.parse(document.getElementById(id).textContent); }

  function svgEl(name, attrs, parent) {
    var el = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(el);
    return el;
  }

  function tip(el, text) { svgEl("title", {}, el).textContent = text; return el; }

  function htmlEl(name, text, parent, cls) {
    var el = document.createElement(name);
    if (text !== undefined && text !== null) el.textContent = String(text);
    if (cls) el.className = cls;
    if (parent) parent.appendChild(el);
    return el;
  }

  function empty(section, message) {
    htmlEl("div", message, section.querySelector(".plot"), "empty");
    section.dataset.drawn = "0";
  }

  function fmt(n) { return Number(n).toLocaleString("en-US"); }

  function niceMax(v) {
    if (v <= 5) return 5;
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * p >= v) return steps[i] * p;
    return 10 * p;
  }

  function drawHeader(data) {
    var s = data.summary;
    document.getElementById("meta").textContent =
      "Generated " + data.generated_at + " by parley " + data.pipeline_version +
      (s.first ? " · events dated " + s.first + " to " + s.last : "");
    var cards = document.getElementById("cards");
    [["documents", s.documents], ["quarantined", s.quarantined], ["events", s.events],
     ["distinct events (clusters)", s.clusters], ["countries", s.countries],
     ["undated events", s.undated]].forEach(function (c) {
      var card = htmlEl("div", null, cards, "card");
      htmlEl("b", fmt(c[1]), card);
      htmlEl("span", c[0], card);
    });
  }

  function drawTimeline(data) {
    var section = document.getElementById("timeline");
    var rows = data.timeline.rows;
    var legend = document.getElementById("timeline-legend");
    Object.keys(data.quad_classes).forEach(function (q) {
      var item = htmlEl("span", null, legend);
      htmlEl("i", null, item).style.background = QUAD_COLORS[q];
      item.appendChild(document.createTextNode(q + " " + data.quad_classes[q]));
    });
    document.getElementById("timeline-note").textContent =
      "Events per " + data.timeline.unit + " of event_date, stacked by QuadClass" +
      (data.summary.undated ? " (" + fmt(data.summary.undated) + " undated events not shown)." : ".");
    if (!rows.length) return empty(section, "No dated events.");
    // every period from the first to the last, so empty weeks take their place on the axis
    var periods = (data.timeline.periods || []).slice(), byPeriod = {};
    periods.forEach(function (p) { byPeriod[p] = { 1: 0, 2: 0, 3: 0, 4: 0 }; });
    rows.forEach(function (r) {
      if (!(r.period in byPeriod)) { byPeriod[r.period] = { 1: 0, 2: 0, 3: 0, 4: 0 }; periods.push(r.period); }
      byPeriod[r.period][r.quad_class] += r.events;
    });
    var W = 560, H = 260, L = 40, R = 10, T = 10, B = 40;
    var svg = svgEl("svg", { viewBox: "0 0 " + W + " " + H, role: "img",
      "aria-label": "events over time by QuadClass" }, section.querySelector(".plot"));
    var max = 0;
    periods.forEach(function (p) { var t = 0; for (var q = 1; q <= 4; q++) t += byPeriod[p][q]; max = Math.max(max, t); });
    var top = niceMax(max), plotW = W - L - R, plotH = H - T - B;
    var axis = svgEl("g", { "class": "axis" }, svg);
    for (var i = 0; i <= 4; i++) {
      var v = top * i / 4, y = T + plotH - plotH * v / top;
      svgEl("line", { x1: L, x2: W - R, y1: y, y2: y }, axis);
      svgEl("text", { x: L - 4, y: y + 4, "text-anchor": "end" }, axis).textContent = fmt(Math.round(v));
    }
    var band = plotW / periods.length, barW = Math.max(1, band * 0.8);
    var labelEvery = Math.ceil(periods.length / 8);
    var drawn = 0;
    periods.forEach(function (p, idx) {
      var x = L + idx * band + (band - barW) / 2, base = T + plotH;
      for (var q = 1; q <= 4; q++) {
        var n = byPeriod[p][q];
        if (!n) continue;
        var h = plotH * n / top;
        base -= h;
        tip(svgEl("rect", { x: x, y: base, width: barW, height: h, fill: QUAD_COLORS[q],
          "class": "bar q" + q }, svg), p + " · " + data.quad_classes[q] + ": " + fmt(n));
        drawn++;
      }
      if (idx % labelEvery === 0) {
        svgEl("text", { x: x + barW / 2, y: H - B + 14, "text-anchor": "middle" }, axis).textContent = p;
      }
    });
    section.dataset.drawn = String(drawn);
  }

  function drawMap(data, world) {
    var section = document.getElementById("map");
    var k = world.scale, W = 360 * k, H = 150 * k;  // latitudes 90 N to 60 S
    var svg = svgEl("svg", { viewBox: "0 0 " + W + " " + H, role: "img",
      "aria-label": "map of event locations" }, section.querySelector(".plot"));
    var byCountry = {};
    data.countries.forEach(function (c) { byCountry[c.iso3] = c.events; });
    var maxCountry = data.countries.length ? data.countries[0].events : 1;
    var land = svgEl("g", { "class": "countries" }, svg);
    world.countries.forEach(function (c) {
      var n = byCountry[c[0]] || 0;
      var path = svgEl("path", { d: c[2], "class": "country", "data-iso3": c[0] }, land);
      if (n) path.style.fill = "rgba(78,121,167," + (0.12 + 0.45 * Math.sqrt(n / maxCountry)).toFixed(2) + ")";
      tip(path, c[1] + (n ? ": " + fmt(n) + " events" : ""));
    });
    var located = data.places.reduce(function (a, p) { return a + p.events; }, 0);
    document.getElementById("map-note").textContent = data.places.length
      ? fmt(located) + " of " + fmt(data.summary.events) + " events have coordinates, at " +
        fmt(data.places.length) + " places. Circle area is the number of events, colour the most " +
        "common QuadClass; countries are shaded by their events."
      : "";
    if (!data.places.length) return empty(section, "No event has coordinates.");
    var maxPlace = data.places[0].events, dots = svgEl("g", { "class": "places" }, svg);
    // Largest first, so small circles stay on top and can be pointed at.
    data.places.forEach(function (p) {
      var counts = [p.q1, p.q2, p.q3, p.q4], q = counts.indexOf(Math.max.apply(null, counts)) + 1;
      var r = 3 + 15 * Math.sqrt(p.events / maxPlace);
      tip(svgEl("circle", { cx: ((p.lon + 180) * k).toFixed(1), cy: ((90 - p.lat) * k).toFixed(1),
        r: r.toFixed(1), fill: QUAD_COLORS[q], "class": "event-place" }, dots),
        p.place + (p.iso3 ? " (" + p.iso3 + ")" : "") + ": " + fmt(p.events) + " events");
    });
    section.dataset.drawn = String(data.places.length);
  }

  function goldsteinColor(g) {
    var t = Math.max(-1, Math.min(1, g / 10));
    return t >= 0
      ? "rgba(78,121,167," + (0.15 + 0.75 * t).toFixed(2) + ")"
      : "rgba(225,87,89," + (0.15 + 0.75 * -t).toFixed(2) + ")";
  }

  function drawDyads(data) {
    var section = document.getElementById("dyads"), cells = data.dyads;
    if (!cells.length) return empty(section, "No event names both a source and a target actor.");
    // Rows: source actors of the top dyads; columns: their targets; busiest first.
    function order(key) {
      var totals = {};
      cells.forEach(function (d) { totals[d[key]] = (totals[d[key]] || 0) + d.events; });
      return Object.keys(totals).sort(function (a, b) { return totals[b] - totals[a] || (a < b ? -1 : 1); });
    }
    var rows = order("source"), cols = order("target");
    var cell = 34, L = 90, T = 80;
    var W = L + cell * cols.length + 10, H = T + cell * rows.length + 10;
    var svg = svgEl("svg", { viewBox: "0 0 " + W + " " + H, role: "img",
      "aria-label": "matrix of top dyads" }, section.querySelector(".plot"));
    svg.style.maxWidth = (W * 1.4) + "px";
    var rowAt = {}, colAt = {};
    rows.forEach(function (a, i) {
      rowAt[a] = i;
      svgEl("text", { x: L - 6, y: T + i * cell + cell / 2 + 4, "text-anchor": "end" }, svg).textContent = a;
      cols.forEach(function (_, j) {
        svgEl("rect", { x: L + j * cell, y: T + i * cell, width: cell - 2, height: cell - 2, fill: "#f3f3f3" }, svg);
      });
    });
    cols.forEach(function (a, j) {
      colAt[a] = j;
      svgEl("text", { transform: "translate(" + (L + j * cell + cell / 2 + 4) + "," + (T - 6) + ") rotate(-60)" },
        svg).textContent = a;
    });
    cells.forEach(function (d) {
      var i = rowAt[d.source], j = colAt[d.target];
      var g = svgEl("g", { "class": "dyad" }, svg);
      svgEl("rect", { x: L + j * cell, y: T + i * cell, width: cell - 2, height: cell - 2,
        fill: goldsteinColor(d.goldstein), "class": "cell" }, g);
      svgEl("text", { x: L + j * cell + cell / 2 - 1, y: T + i * cell + cell / 2 + 3,
        "text-anchor": "middle" }, g).textContent = d.events;
      tip(g, d.source + " → " + d.target + ": " + fmt(d.events) + " events, mean Goldstein " + d.goldstein);
    });
    section.dataset.drawn = String(cells.length);
  }

  function actorCell(tr, name, code) {
    var td = htmlEl("td", name || "", tr);
    if (code) { td.appendChild(document.createElement("br")); htmlEl("code", code, td); }
  }

  function drawLatest(data) {
    var section = document.getElementById("latest"), body = section.querySelector("tbody");
    data.latest.forEach(function (e) {
      var tr = htmlEl("tr", null, body);
      htmlEl("td", e.date || "undated", tr);
      actorCell(tr, e.actor1, e.actor1_code);
      var ev = htmlEl("td", null, tr);
      if (e.negated) htmlEl("span", "not ", ev, "neg");
      ev.appendChild(document.createTextNode(e.cameo_name + " "));
      htmlEl("code", e.cameo_code, ev).style.color = QUAD_COLORS[e.quad_class];
      actorCell(tr, e.actor2, e.actor2_code);
      htmlEl("td", e.place || "", tr);
      htmlEl("td", e.confidence === null ? "" : Number(e.confidence).toFixed(2), tr);
      var sentence = htmlEl("td", e.sentence, tr, "sentence");
      if (e.doc_title || e.doc_url) {
        sentence.appendChild(document.createElement("br"));
        var source = htmlEl(e.doc_url ? "a" : "code", e.doc_title || e.doc_url, sentence);
        if (e.doc_url && /^https?:/i.test(e.doc_url)) { source.href = e.doc_url; source.rel = "noopener noreferrer"; }
      }
    });
    if (!data.latest.length) htmlEl("div", "No events.", section, "empty");
    section.dataset.drawn = String(data.latest.length);
  }

  function main() {
    var data = readJSON("parley-data"), world = readJSON("parley-world"), failed = [];
    [drawHeader, drawTimeline, drawMap, drawDyads, drawLatest].forEach(function (draw) {
      try { draw(data, world); } catch (err) { failed.push(draw.name + ": " + err.message); }
    });
    if (failed.length) {
      var box = document.getElementById("errors");
      box.hidden = false;
      box.textContent = "Some charts could not be drawn: " + failed.join("; ");
    }
    document.body.dataset.rendered = failed.length ? "partial" : "ok";
  }

  main();
})();
