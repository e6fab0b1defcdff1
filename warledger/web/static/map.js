// warledger home page: the map's pan, zoom and clusters, and the timeline's brush.
// The page works without this script (markers link to their events, timeline bars to
// their dates). No inline script is allowed by the Content-Security-Policy; settings
// come from data- attributes; elements are built with the DOM API, never from HTML
// strings. Sizes are kept in screen pixels: data-px (radius) and data-font (font size)
// are turned into map units whenever the view changes.
"use strict";

(function () {
  var SVG_NS = "http://www.w3.org/2000/svg";
  var MIN_SPAN = 0.02;  // smallest view, degrees of latitude
  var WHEEL_STEP = 1.0015;  // zoom factor per wheel delta unit
  var FETCH_DELAY = 200;  // ms after the last pan or zoom before asking the server
  var LIST_LIMIT = 50;  // events listed for one cluster

  function numbers(text) {
    return String(text || "").trim().split(/[\s,:]+/).map(Number);
  }

  function svgElement(name, attributes) {
    var element = document.createElementNS(SVG_NS, name);
    Object.keys(attributes).forEach(function (key) {
      element.setAttribute(key, String(attributes[key]));
    });
    return element;
  }

  function withQuery(path, params, query) {
    var search = new URLSearchParams(query || "");
    Object.keys(params).forEach(function (key) { search.set(key, String(params[key])); });
    return path + "?" + search.toString();
  }

  // -- the map ------------------------------------------------------------------------

  function EventMap(svg) {
    var data = svg.dataset;
    this.svg = svg;
    this.kx = Number(data.kx);
    this.frame = this.box(data.frame);
    this.home = this.box(svg.getAttribute("viewBox"));
    this.view = this.box(svg.getAttribute("viewBox"));
    this.query = data.query || "";
    this.cell0 = Number(data.cell0);
    this.rows = Number(data.rows);
    this.maxZoom = Number(data.maxZoom);
    this.countryLabelsUntil = Number(data.countryLabelsUntil);
    this.placeRanks = String(data.placeRanks).split(",").map(numbers);
    this.zoom = Number(data.zoom);
    this.markers = document.getElementById("map-markers");
    this.request = 0;
    this.timer = null;
    this.frameRequested = false;
    this.suppressClick = false;
    this.bind();
    this.restyle();
  }

  EventMap.prototype.box = function (text) {
    var v = numbers(text);
    return { x: v[0], y: v[1], w: v[2], h: v[3] };
  };

  // Map units per screen pixel (preserveAspectRatio "meet": the larger ratio).
  EventMap.prototype.unit = function () {
    var rect = this.svg.getBoundingClientRect();
    return Math.max(this.view.w / rect.width, this.view.h / rect.height);
  };

  // The area actually shown (larger than the viewBox along one axis), in map units.
  EventMap.prototype.shown = function () {
    var rect = this.svg.getBoundingClientRect(), u = this.unit();
    var w = rect.width * u, h = rect.height * u;
    return { x: this.view.x + this.view.w / 2 - w / 2, y: this.view.y + this.view.h / 2 - h / 2,
             w: w, h: h };
  };

  EventMap.prototype.toMap = function (clientX, clientY) {
    var rect = this.svg.getBoundingClientRect(), shown = this.shown(), u = this.unit();
    return { x: shown.x + (clientX - rect.left) * u, y: shown.y + (clientY - rect.top) * u };
  };

  EventMap.prototype.zoomFor = function (span) {
    var z = Math.floor(Math.log(this.cell0 * this.rows / span) / Math.LN2);
    return Math.min(Math.max(z, 0), this.maxZoom);
  };

  EventMap.prototype.setView = function (view) {
    var f = this.frame, scale = 1;
    if (view.w > f.w) { scale = f.w / view.w; }
    if (view.h * scale > f.h) { scale = f.h / view.h; }
    if (view.h * scale < MIN_SPAN) { scale = MIN_SPAN / view.h; }
    var cx = view.x + view.w / 2, cy = view.y + view.h / 2;
    var w = view.w * scale, h = view.h * scale;
    cx = Math.min(Math.max(cx, f.x + w / 2), f.x + f.w - w / 2);
    cy = Math.min(Math.max(cy, f.y + h / 2), f.y + f.h - h / 2);
    this.view = { x: cx - w / 2, y: cy - h / 2, w: w, h: h };
    this.svg.setAttribute("viewBox", [this.view.x, this.view.y, w, h].join(" "));
    this.scheduleRestyle();
    this.scheduleFetch();
  };

  EventMap.prototype.zoomAt = function (factor, point) {
    var v = this.view;
    var p = point || { x: v.x + v.w / 2, y: v.y + v.h / 2 };
    this.setView({ x: p.x - (p.x - v.x) * factor, y: p.y - (p.y - v.y) * factor,
                   w: v.w * factor, h: v.h * factor });
  };

  EventMap.prototype.fitBox = function (west, south, east, north) {
    var rect = this.svg.getBoundingClientRect(), ratio = rect.width / rect.height;
    var x0 = west * this.kx, x1 = east * this.kx, y0 = -north, y1 = -south;
    var h = Math.max((y1 - y0) * 1.6, (x1 - x0) * 1.6 / ratio, MIN_SPAN);
    h = Math.min(h, this.shown().h / 2);  // always at least one zoom level deeper
    var w = h * ratio;
    this.setView({ x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - h / 2, w: w, h: h });
  };

  EventMap.prototype.scheduleRestyle = function () {
    var self = this;
    if (this.frameRequested) { return; }
    this.frameRequested = true;
    window.requestAnimationFrame(function () {
      self.frameRequested = false;
      self.restyle();
    });
  };

  // Radii and font sizes back to pixels; labels shown by rank for the zoom level.
  EventMap.prototype.restyle = function () {
    var u = this.unit(), zoom = this.zoomFor(this.shown().h), rank = 10;
    this.svg.querySelectorAll("[data-px]").forEach(function (element) {
      element.setAttribute("r", Number(element.dataset.px) * u);
    });
    this.svg.querySelectorAll("[data-font]").forEach(function (element) {
      element.setAttribute("font-size", Number(element.dataset.font) * u);
    });
    for (var i = 0; i < this.placeRanks.length; i += 1) {
      if (zoom < this.placeRanks[i][0]) { rank = this.placeRanks[i][1]; break; }
    }
    this.svg.querySelectorAll("g.place").forEach(function (place) {
      place.classList.toggle("off", Number(place.dataset.rank) > rank);
    });
    var countries = zoom > this.countryLabelsUntil;
    this.svg.querySelectorAll("text.country-label").forEach(function (label) {
      label.classList.toggle("off", countries);
    });
  };

  EventMap.prototype.scheduleFetch = function () {
    var self = this;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.fetchClusters(); }, FETCH_DELAY);
  };

  EventMap.prototype.bbox = function () {
    var s = this.shown(), padX = s.w / 4, padY = s.h / 4;
    var clamp = function (value, low, high) { return Math.min(Math.max(value, low), high); };
    return [clamp((s.x - padX) / this.kx, -180, 180), clamp(-(s.y + s.h + padY), -90, 90),
            clamp((s.x + s.w + padX) / this.kx, -180, 180), clamp(-(s.y - padY), -90, 90)]
      .map(function (value) { return value.toFixed(5); }).join(",");
  };

  EventMap.prototype.fetchClusters = function () {
    var self = this, zoom = this.zoomFor(this.shown().h), request = ++this.request;
    var url = withQuery("/api/map", { zoom: zoom, bbox: this.bbox() }, this.query);
    this.svg.classList.add("loading");
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("map data: HTTP " + response.status); }
        return response.json();
      })
      .then(function (answer) {
        if (request !== self.request) { return; }  // a later view asked since
        self.zoom = answer.zoom;
        self.svg.dataset.zoom = String(answer.zoom);
        self.render(answer.clusters);
      })
      .catch(function (error) { self.svg.dataset.error = String(error); })
      .then(function () {
        if (request === self.request) { self.svg.classList.remove("loading"); }
      });
  };

  EventMap.prototype.render = function (clusters) {
    var self = this;
    var fragment = document.createDocumentFragment();
    clusters.forEach(function (c) { fragment.appendChild(self.marker(c)); });
    while (this.markers.firstChild) { this.markers.removeChild(this.markers.firstChild); }
    this.markers.appendChild(fragment);
    this.restyle();
  };

  EventMap.prototype.marker = function (c) {
    var x = c.lon * this.kx, y = -c.lat, title = svgElement("title", {});
    title.textContent = c.label;
    if (c.event_id) {
      var anchor = svgElement("a", { href: "/events/" + encodeURIComponent(c.event_id) });
      var dot = svgElement("circle", { "class": "marker t-" + c.cls, "data-event": c.event_id,
                                       "data-px": c.r, cx: x, cy: y, r: 0 });
      dot.appendChild(title);
      anchor.appendChild(dot);
      linkRows(dot);
      return anchor;
    }
    var group = svgElement("g", { "class": "cluster", "data-n": c.n,
                                  "data-box": [c.west, c.south, c.east, c.north].join(",") });
    var count = svgElement("text", { x: x, y: y, dy: "0.35em", "text-anchor": "middle",
                                     "data-font": 11 });
    count.textContent = String(c.n);
    group.appendChild(svgElement("circle", { "class": "t-" + c.cls, "data-px": c.r,
                                             cx: x, cy: y, r: 0 }));
    group.appendChild(count);
    group.appendChild(title);
    return group;
  };

  // A click on a cluster zooms to it; one that cannot be split (its events share one
  // point, or the deepest zoom is reached) lists its events instead.
  EventMap.prototype.openCluster = function (group) {
    var box = numbers(group.dataset.box);
    var tiny = (box[2] - box[0]) * this.kx < MIN_SPAN / 4 && box[3] - box[1] < MIN_SPAN / 4;
    if (tiny || this.zoom >= this.maxZoom) {
      this.list(box, Number(group.dataset.n));
    } else {
      this.fitBox(box[0], box[1], box[2], box[3]);
    }
  };

  EventMap.prototype.list = function (box, n) {
    var panel = document.getElementById("map-list");
    var items = document.getElementById("map-list-items");
    var heading = document.getElementById("map-list-title");
    var url = withQuery("/api/map/events", { bbox: box.join(","), limit: LIST_LIMIT },
                        this.query);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (answer) {
        while (items.firstChild) { items.removeChild(items.firstChild); }
        answer.events.forEach(function (e) {
          var item = document.createElement("li"), anchor = document.createElement("a");
          anchor.href = "/events/" + encodeURIComponent(e.event_id);
          anchor.textContent = (e.event_date || "undated") + ": " + e.event_type + ", " +
            (e.location || "?") + " (" + e.fatalities + " fatalities)";
          anchor.dataset.event = e.event_id;
          item.appendChild(anchor);
          items.appendChild(item);
        });
        var place = answer.events.length ? answer.events[0].location || "one place" : "here";
        heading.textContent = answer.total + " events at " + place +
          (answer.total > answer.events.length ?
            " (the " + answer.events.length + " deadliest listed)" : "") + ":";
        panel.classList.remove("hidden");
      })
      .catch(function (error) {
        heading.textContent = "Could not list the " + n + " events (" + error + ").";
        panel.classList.remove("hidden");
      });
  };

  EventMap.prototype.bind = function () {
    var self = this, svg = this.svg, drag = null;
    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      self.zoomAt(Math.pow(WHEEL_STEP, event.deltaY), self.toMap(event.clientX, event.clientY));
    }, { passive: false });
    svg.addEventListener("dblclick", function (event) {
      event.preventDefault();
      self.zoomAt(0.5, self.toMap(event.clientX, event.clientY));
    });
    svg.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) { return; }
      drag = { x: event.clientX, y: event.clientY, view: self.view, moved: false,
               id: event.pointerId };
    });
    svg.addEventListener("pointermove", function (event) {
      if (!drag || drag.id !== event.pointerId) { return; }
      var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }
      if (!drag.moved) { svg.setPointerCapture(event.pointerId); svg.classList.add("panning"); }
      drag.moved = true;
      var u = self.unit();
      self.setView({ x: drag.view.x - dx * u, y: drag.view.y - dy * u,
                     w: drag.view.w, h: drag.view.h });
    });
    var end = function () {
      if (drag && drag.moved) { self.suppressClick = true; }
      drag = null;
      svg.classList.remove("panning");
    };
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    svg.addEventListener("click", function (event) {
      if (self.suppressClick) {  // the end of a drag, not a click
        self.suppressClick = false;
        event.preventDefault();
        event.stopPropagation();
        return;
      }
      var group = event.target.closest("g.cluster");
      if (group) { self.openCluster(group); }
    }, true);
    var button = function (id, action) {
      var element = document.getElementById(id);
      if (element) { element.addEventListener("click", action); }
    };
    button("zoom-in", function () { self.zoomAt(0.5); });
    button("zoom-out", function () { self.zoomAt(2); });
    button("zoom-fit", function () { self.setView(self.home); });
    button("map-list-close", function () {
      document.getElementById("map-list").classList.add("hidden");
    });
    window.addEventListener("resize", function () { self.scheduleRestyle(); });
  };

  function linkRows(marker) {
    var key = marker.getAttribute("data-event");
    var toggle = function (on) {
      document.querySelectorAll("tr.event-row").forEach(function (row) {
        if (row.getAttribute("data-event") === key) { row.classList.toggle("active", on); }
      });
    };
    marker.addEventListener("mouseenter", function () { toggle(true); });
    marker.addEventListener("mouseleave", function () { toggle(false); });
  }

  // -- the timeline's brush ---------------------------------------------------------------

  function slotDate(first, unit, index) {
    var d = new Date(first + "T00:00:00Z");
    if (unit === "week") {
      d.setUTCDate(d.getUTCDate() + 7 * index);
    } else {
      d.setUTCMonth(d.getUTCMonth() + index);
    }
    return d;
  }

  function iso(d) { return d.toISOString().slice(0, 10); }

  function slotRange(axis, a, b) {
    var first = axis.dataset.first, unit = axis.dataset.unit;
    var width = Number(axis.dataset.width);
    var lo = Math.max(Math.floor(Math.min(a, b)), 0);
    var hi = Math.min(Math.floor(Math.max(a, b)), width - 1);
    var end = slotDate(first, unit, hi + 1);
    end.setUTCDate(end.getUTCDate() - 1);
    return { since: iso(slotDate(first, unit, lo)), until: iso(end), lo: lo, hi: hi };
  }

  function brushTimeline(svg) {
    var axis = document.getElementById("timeline-axis");
    var brush = document.getElementById("brush");
    var label = document.getElementById("brush-label");
    var form = document.getElementById("filters");
    var width = Number(axis.dataset.width), start = null, moved = false, suppress = false;
    var at = function (event) {
      var rect = svg.getBoundingClientRect();
      return (event.clientX - rect.left) / rect.width * width;
    };
    var show = function (range) {
      brush.setAttribute("x", range.lo);
      brush.setAttribute("width", range.hi - range.lo + 1);
      brush.classList.remove("hidden");
      label.textContent = range.since + " to " + range.until;
    };
    svg.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) { return; }
      start = { x: event.clientX, at: at(event), id: event.pointerId };
      moved = false;
    });
    svg.addEventListener("pointermove", function (event) {
      if (!start || start.id !== event.pointerId) { return; }
      if (!moved && Math.abs(event.clientX - start.x) < 4) { return; }
      if (!moved) { svg.setPointerCapture(event.pointerId); }
      moved = true;
      show(slotRange(axis, start.at, at(event)));
    });
    svg.addEventListener("pointerup", function (event) {
      if (!start) { return; }
      if (moved) {
        var range = slotRange(axis, start.at, at(event));
        show(range);
        suppress = true;
        if (form) {  // the home page: its filter form, with the dates set
          form.querySelector("input[name=since]").value = range.since;
          form.querySelector("input[name=until]").value = range.until;
          form.requestSubmit();
        } else {  // another page (an actor's): the ledger filtered by its query and the dates
          window.location.assign(withQuery("/", { since: range.since, until: range.until },
                                           axis.dataset.query));
        }
      }
      start = null;
    });
    svg.addEventListener("click", function (event) {
      if (suppress) { event.preventDefault(); suppress = false; }
    }, true);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.documentElement.classList.add("js");
    var svg = document.getElementById("map");
    if (svg && svg.dataset.kx) { window.warledgerMap = new EventMap(svg); }
    var timeline = document.getElementById("timeline");
    if (timeline && document.getElementById("timeline-axis")) { brushTimeline(timeline); }
  });
})();
