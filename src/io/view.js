// The interactive view of a 3-dimensional region complex, written by `relupoly regions --view`.
// Canvas 2D, no library: an orthographic projection of the rotated complex, each region drawn as
// its own closed surface (back faces culled) into a software z-buffer of facet numbers, from
// which the pixels (and the outlines, where the number changes) are coloured; a click picks the
// region whose facet is nearest under the pointer. Floats here only draw; nothing is decided.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("data").textContent);
  var canvas = document.getElementById("view");
  var context = canvas.getContext("2d");
  var info = document.getElementById("info");
  var polygons = data.polygons, first = data.first, neuron = data.neuron;
  var regions = data.regions, regionCount = regions.facets.length;
  document.getElementById("name").textContent = data.title;

  // The vertices, centred and scaled into the unit ball.
  var raw = data.vertices, vertexCount = raw.length / 3;
  var low = [Infinity, Infinity, Infinity], high = [-Infinity, -Infinity, -Infinity];
  var i, k;
  for (i = 0; i < vertexCount; i++) {
    for (k = 0; k < 3; k++) {
      low[k] = Math.min(low[k], raw[3 * i + k]);
      high[k] = Math.max(high[k], raw[3 * i + k]);
    }
  }
  var centre = [0, 1, 2].map(function (k) { return (low[k] + high[k]) / 2; });
  var radius = Math.sqrt([0, 1, 2].reduce(function (s, k) {
    var half = (high[k] - low[k]) / 2;
    return s + half * half;
  }, 0)) || 1;
  var points = new Float64Array(raw.length);
  for (i = 0; i < raw.length; i++) points[i] = (raw[i] - centre[i % 3]) / radius;

  // Each region's centroid (the mean of its vertices), for pulling apart and cutting.
  var centroids = new Float64Array(3 * regionCount);
  var mark = new Int32Array(vertexCount).fill(-1);
  for (var r = 0; r < regionCount; r++) {
    var count = 0;
    regions.facets[r].forEach(function (p) {
      polygons[p].forEach(function (v) {
        if (mark[v] === r) return;
        mark[v] = r;
        count++;
        for (k = 0; k < 3; k++) centroids[3 * r + k] += points[3 * v + k];
      });
    });
    for (k = 0; k < 3; k++) centroids[3 * r + k] /= Math.max(count, 1);
  }

  var rgb = data.palette.map(function (hex) {
    return [1, 3, 5].map(function (at) { return parseInt(hex.slice(at, at + 2), 16); });
  });
  var state = { yaw: -0.6, pitch: 0.45, zoom: 1, explode: 0, axis: -1, cut: 1,
    colour: data.colour, selected: -1 };

  // A frame: a software z-buffer (nearest facet per pixel, its number in `ids`) for the
  // opaque facets, a second one for the faint facets of the domain's boundary (neuron colours),
  // and the facets drawn. `full` has the canvas's pixels; `coarse` half as many each way, drawn
  // while the view is being turned, and the full frame once it rests.
  function frame(width, height) {
    var image = context.createImageData(width, height), size = width * height;
    return { width: width, height: height, image: image,
      pixels: new Uint32Array(image.data.buffer), depth: new Float32Array(size),
      ids: new Int32Array(size), faintDepth: new Float32Array(size),
      faintIds: new Int32Array(size), faces: [] };
  }
  var full = null, coarse = null, small = document.createElement("canvas");
  var fullIsCurrent = false;

  function allocate() {
    var ratio = Math.min(window.devicePixelRatio || 1, 2);
    canvas.width = Math.max(1, Math.round(canvas.clientWidth * ratio));
    canvas.height = Math.max(1, Math.round(canvas.clientHeight * ratio));
    full = frame(canvas.width, canvas.height);
    coarse = frame(Math.ceil(canvas.width / 2), Math.ceil(canvas.height / 2));
    small.width = coarse.width;
    small.height = coarse.height;
  }

  // Writes facet `id` into the z-buffer where the triangle (a, b, c) covers a pixel's centre
  // nearer (larger w) than what is there.
  function triangle(F, ax, ay, aw, bx, by, bw, cx, cy, cw, id, zs, which) {
    var width = F.width;
    var area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax), t;
    if (area === 0) return;
    if (area < 0) {
      t = bx; bx = cx; cx = t; t = by; by = cy; cy = t; t = bw; bw = cw; cw = t;
      area = -area;
    }
    var x0 = Math.max(0, Math.floor(Math.min(ax, bx, cx)));
    var x1 = Math.min(width - 1, Math.ceil(Math.max(ax, bx, cx)));
    var y0 = Math.max(0, Math.floor(Math.min(ay, by, cy)));
    var y1 = Math.min(F.height - 1, Math.ceil(Math.max(ay, by, cy)));
    for (var y = y0; y <= y1; y++) {
      var py = y + 0.5, row = y * width;
      for (var x = x0; x <= x1; x++) {
        var px = x + 0.5;
        var ea = (cx - bx) * (py - by) - (cy - by) * (px - bx);
        if (ea < 0) continue;
        var eb = (ax - cx) * (py - cy) - (ay - cy) * (px - cx);
        if (eb < 0) continue;
        var ec = area - ea - eb;
        if (ec < 0) continue;
        var z = (ea * aw + eb * bw + ec * cw) / area;
        if (z > zs[row + x]) {
          zs[row + x] = z;
          which[row + x] = id;
        }
      }
    }
  }

  // The packed colour (ABGR) of facet p of region r, shaded by how squarely it faces the
  // viewer; -1 for a faint facet.
  function colourOf(r, p, shade) {
    var hue = state.colour === "region" ? regions.colour[r] : neuron[p];
    if (hue < 0) return -1;
    var light = 0.45 + 0.55 * shade, c = rgb[hue];
    if (r === state.selected) light = Math.min(1.25, light + 0.3);
    var red = Math.min(255, Math.round(c[0] * light));
    var green = Math.min(255, Math.round(c[1] * light));
    var blue = Math.min(255, Math.round(c[2] * light));
    return (255 << 24 | blue << 16 | green << 8 | red) >>> 0;
  }

  function darker(c, f) {
    return (255 << 24 | Math.round((c >>> 16 & 255) * f) << 16 |
      Math.round((c >>> 8 & 255) * f) << 8 | Math.round((c & 255) * f)) >>> 0;
  }

  // Draws the view into frame F and onto the canvas.
  function draw(F) {
    var width = F.width, height = F.height, ids = F.ids, depth = F.depth;
    var faintIds = F.faintIds, faintDepth = F.faintDepth, faces = [];
    var cy = Math.cos(state.yaw), sy = Math.sin(state.yaw);
    var cp = Math.cos(state.pitch), sp = Math.sin(state.pitch);
    var scale = 0.46 * Math.min(width, height) * state.zoom / (1 + state.explode);
    depth.fill(-Infinity);
    ids.fill(-1);
    faintDepth.fill(-Infinity);
    faintIds.fill(-1);
    for (var r = 0; r < regionCount; r++) {
      if (state.axis >= 0 && centroids[3 * r + state.axis] > state.cut) continue;
      var offset = [0, 1, 2].map(function (k) { return centroids[3 * r + k] * state.explode; });
      var facets = regions.facets[r];
      for (var f = 0; f < facets.length; f++) {
        var p = facets[f], cycle = polygons[p], n = cycle.length;
        var u = new Array(n), v = new Array(n), w = new Array(n), j;
        for (j = 0; j < n; j++) {
          var at = 3 * cycle[first[p] === r ? j : (n - j) % n];
          var x = points[at] + offset[0], y = points[at + 1] + offset[1];
          var z = points[at + 2] + offset[2];
          // Turn about the x3 axis, look along +x2 with x3 up, then tilt.
          var x1 = cy * x - sy * y, y1 = sy * x + cy * y;
          u[j] = width / 2 + scale * x1;
          v[j] = height / 2 - scale * (cp * z + sp * y1);
          w[j] = sp * z - cp * y1;
        }
        // Newell's normal in screen coordinates (y down): the cycle runs counterclockwise
        // seen from outside the region, so a facet turned towards the viewer has nz < 0.
        var nx = 0, ny = 0, nz = 0;
        for (j = 0; j < n; j++) {
          var next = (j + 1) % n;
          nx += (v[j] - v[next]) * (w[j] + w[next]) * scale;
          ny += (w[j] - w[next]) * (u[j] + u[next]) * scale;
          nz += (u[j] - u[next]) * (v[j] + v[next]);
        }
        if (nz >= 0) continue;
        var shade = -nz / (Math.sqrt(nx * nx + ny * ny + nz * nz) || 1);
        var colour = colourOf(r, p, shade);
        var id = faces.length;
        faces.push({ region: r, colour: colour });
        var zs = colour < 0 ? faintDepth : depth, which = colour < 0 ? faintIds : ids;
        for (j = 1; j + 1 < n; j++) {
          triangle(F, u[0], v[0], w[0], u[j], v[j], w[j], u[j + 1], v[j + 1], w[j + 1], id, zs,
            which);
        }
      }
    }
    var white = 0xffffffff >>> 0;
    for (var y = 0; y < height; y++) {
      for (var x = 0; x < width; x++) {
        var i = y * width + x, id = ids[i];
        var c = id < 0 ? white : faces[id].colour;
        if (id >= 0 && ((x + 1 < width && ids[i + 1] !== id) ||
            (y + 1 < height && ids[i + width] !== id))) {
          var chosen = faces[id].region === state.selected;
          c = darker(c, chosen ? 0.1 : 0.55);
        }
        var faint = faintIds[i];
        if (faint >= 0 && faintDepth[i] > depth[i]) {
          var edge = (x + 1 < width && faintIds[i + 1] !== faint) ||
            (y + 1 < height && faintIds[i + width] !== faint);
          c = darker(c, edge ? 0.6 : 0.93);
        }
        F.pixels[i] = c;
      }
    }
    F.faces = faces;
    if (F === full) {
      context.putImageData(F.image, 0, 0);
    } else {
      small.getContext("2d").putImageData(F.image, 0, 0);
      context.drawImage(small, 0, 0, canvas.width, canvas.height);
    }
    fullIsCurrent = F === full;
    document.body.setAttribute("data-faces", String(faces.length));
  }

  function resize() {
    allocate();
    draw(full);
  }

  // While the view moves, coarse frames at the display's pace; the full frame 150 ms after
  // the last move.
  var pending = false, rest = null;
  function redraw(moving) {
    window.clearTimeout(rest);
    rest = window.setTimeout(function () { draw(full); }, moving ? 150 : 0);
    if (!moving || pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; draw(coarse); });
  }

  function describe(r) {
    if (r < 0) {
      info.textContent = regionCount + " regions; click one";
      return;
    }
    var f = regions.f_vector[r], volume = regions.volume[r];
    info.textContent = "region " + r + " of " + regionCount +
      "\npattern  " + regions.pattern[r] +
      "\nf-vector " + (f ? "(" + f.join(", ") + ")" : "not computed (--no-lattice)") +
      "\nvolume   " + (volume === null ? "not computed (--no-volume)" : volume);
  }

  function pick(x, y) {
    if (!fullIsCurrent) draw(full);
    var px = Math.floor(x * full.width / Math.max(canvas.clientWidth, 1));
    var py = Math.floor(y * full.height / Math.max(canvas.clientHeight, 1));
    var inside = px >= 0 && py >= 0 && px < full.width && py < full.height;
    var id = inside ? full.ids[py * full.width + px] : -1;
    state.selected = id < 0 ? -1 : full.faces[id].region;
    describe(state.selected);
    redraw(false);
  }

  var drag = null;
  canvas.addEventListener("pointerdown", function (e) {
    drag = { x: e.clientX, y: e.clientY, moved: 0 };
    try {
      canvas.setPointerCapture(e.pointerId);
    } catch (notActive) {
      // A synthetic event's pointer cannot be captured; the drag works without.
    }
  });
  canvas.addEventListener("pointermove", function (e) {
    if (!drag) return;
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    drag.moved += Math.abs(dx) + Math.abs(dy);
    drag.x = e.clientX;
    drag.y = e.clientY;
    state.yaw += dx * 0.01;
    state.pitch = Math.max(-1.55, Math.min(1.55, state.pitch + dy * 0.01));
    redraw(true);
  });
  canvas.addEventListener("pointerup", function (e) {
    if (drag && drag.moved < 4) {
      var box = canvas.getBoundingClientRect();
      pick(e.clientX - box.left, e.clientY - box.top);
    }
    drag = null;
  });
  canvas.addEventListener("wheel", function (e) {
    e.preventDefault();
    state.zoom = Math.max(0.1, Math.min(50, state.zoom * Math.exp(-e.deltaY * 0.0015)));
    redraw(true);
  }, { passive: false });

  var colour = document.getElementById("colour");
  var explode = document.getElementById("explode");
  var axis = document.getElementById("axis");
  var cut = document.getElementById("cut");
  colour.value = state.colour;
  colour.addEventListener("change", function () {
    state.colour = colour.value;
    redraw(false);
  });
  explode.addEventListener("input", function () {
    state.explode = explode.value / 100;
    redraw(true);
  });
  axis.addEventListener("change", function () {
    state.axis = Number(axis.value);
    redraw(false);
  });
  cut.addEventListener("input", function () {
    state.cut = 2 * cut.value / 100 - 1;
    redraw(true);
  });
  document.getElementById("reset").addEventListener("click", function () {
    state.yaw = -0.6;
    state.pitch = 0.45;
    state.zoom = 1;
    redraw(false);
  });
  window.addEventListener("resize", resize);

  describe(-1);
  resize();
  document.body.setAttribute("data-status", "ready");
  document.title = "relupoly view: ready";
})();
