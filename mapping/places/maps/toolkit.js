// The map's browser side (read by mapping/places/maps/render.py at import time).
window.rmap = window.rmap || (function () {
  function el(tag, text, css) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (css) e.style.cssText = css;
    return e;
  }
  function svg(color, shape, dash) {
    var ns = 'http://www.w3.org/2000/svg', s = document.createElementNS(ns, 'svg');
    s.setAttribute('width', '22'); s.setAttribute('height', '14');
    s.style.verticalAlign = 'middle'; s.style.marginRight = '6px';
    var g;
    if (shape === 'line') {
      g = document.createElementNS(ns, 'line');
      g.setAttribute('x1', '1'); g.setAttribute('y1', '7');
      g.setAttribute('x2', '21'); g.setAttribute('y2', '7');
      g.setAttribute('stroke-width', '3');
    } else {
      g = document.createElementNS(ns, 'circle');
      g.setAttribute('cx', '11'); g.setAttribute('cy', '7');
      g.setAttribute('r', shape === 'dot' ? '4' : '6');
      g.setAttribute('stroke-width', shape === 'ring' ? '2' : '1');
      g.setAttribute('fill', shape === 'ring' ? 'none' : color);
    }
    g.setAttribute('stroke', shape === 'circle' ? '#222222' : color);
    if (dash) g.setAttribute('stroke-dasharray', dash);
    s.appendChild(g);
    return s;
  }
  function popup(P, r) {
    var box = el('div', null, 'font: 13px/1.45 sans-serif; min-width: 160px');
    var label = P.styles[r[2]][1];
    box.appendChild(el('div', r[5] || label, 'font-weight: 600; font-size: 14px'));
    var line = P.kind + ' \u00b7 ' + label;
    if (P.owners && r[6] >= 0) line += ' \u00b7 ' + P.owners[r[6]];
    box.appendChild(el('div', line));
    box.appendChild(el('div', P.notes[r[3]], 'color: #444444'));
    box.appendChild(el('div', P.kind + ' ID: ' + r[4], 'color: #555555; font-size: 11px'));
    return box;
  }
  function report(map, marker, box) {
    // Send the click back to Streamlit (streamlit-folium's component state), also for
    // layers switched on after the component hooked its own click handlers.
    var g = window.__GLOBAL_DATA__;
    if (!g) return;
    g.last_object_clicked = marker._home || marker.getLatLng();
    g.last_object_clicked_count = (g.last_object_clicked_count || 0) + 1;
    g.last_object_clicked_popup = box.innerText;
    map.fire('moveend');
  }
  function lazily(group, fill) {
    var done = false;
    group.on('add', function () { if (!done) { done = true; fill(); } });
  }
  function spread(group, map, P) {
    // Points that share a place (partners at one ZIP or city centre, services at one
    // address) would hide each other. Each such stack is drawn as a ring around the
    // place, a few pixels out at every zoom, with a thin line back to it. A confidential
    // point (placed only at its ZIP or city centre) keeps that centre: the first one of
    // a stack stays exactly there and the others circle it, so none is ever drawn nearer
    // to an address the browser does not even know. The table under the map lists all.
    var byPlace = {}, stacks = [], legs = L.layerGroup();
    group.eachLayer(function (m) {
      if (!m._rm) return;
      var key = m._rm[0] + ',' + m._rm[1];
      if (!byPlace[key]) { byPlace[key] = []; stacks.push(byPlace[key]); }
      byPlace[key].push(m);
    });
    stacks = stacks.filter(function (s) { return s.length > 1; });
    if (!stacks.length) return;
    stacks.forEach(function (s) {
      s.sort(function (a, b) { return (b._approx ? 1 : 0) - (a._approx ? 1 : 0); });
    });
    function place() {
      legs.clearLayers();
      stacks.forEach(function (s) {
        var home = s[0]._home, c = map.latLngToLayerPoint(home);
        var ring = s[0]._approx ? s.slice(1) : s;
        if (s[0]._approx) s[0].setLatLng(home);
        var n = ring.length, step = 2 * (P.radius + 4);
        var radius = Math.max(step, (n * step) / (2 * Math.PI));
        ring.forEach(function (m, i) {
          var a = -Math.PI / 2 + (2 * Math.PI * i) / n;
          var at = map.layerPointToLatLng(c.add(L.point(radius * Math.cos(a), radius * Math.sin(a))));
          m.setLatLng(at);
          legs.addLayer(L.polyline([home, at], {
            color: '#444444', weight: 1, opacity: 0.8, interactive: false
          }));
        });
      });
    }
    // The lines live beside the layer (not in it: the layer holds only points), shown
    // and hidden with it.
    map.addLayer(legs);
    place();
    map.on('zoomend viewreset', function () { if (map.hasLayer(group)) place(); });
    group.on('add', function () { map.addLayer(legs); place(); });
    group.on('remove', function () { map.removeLayer(legs); });
  }
  function points(group, map, P) {
    // One handler per layer (events bubble up from the markers), not two per marker.
    function click(e) {
      var m = e.propagatedFrom || e.layer;
      if (!m || !m._rm) return;
      if (!m.getPopup()) m.bindPopup(popup(P, m._rm), {maxWidth: 300});
      m.openPopup();
      report(map, m, m.getPopup().getContent());
    }
    function over(e) {
      var m = e.propagatedFrom || e.layer;
      if (!m || !m._rm) return;
      if (!m.getTooltip()) {
        m.bindTooltip(el('span', m._rm[5] || P.styles[m._rm[2]][1]));
        m.openTooltip();
      }
    }
    group.on('click', click);
    group.on('mouseover', over);
    lazily(group, function () {
      var rows = P.rows;
      for (var i = 0; i < rows.length; i++) {
        var r = rows[i], color = P.styles[r[2]][0];
        var approx = P.approx.indexOf(r[3]) >= 0;
        var m = L.circleMarker([r[0], r[1]], approx ? {
          radius: P.radius + 3, color: '#222222', weight: 2, dashArray: '3 3',
          fillColor: color, fillOpacity: 0.35
        } : {
          radius: P.radius, color: P.outline, weight: P.weight,
          fillColor: color, fillOpacity: 0.9
        });
        m._rm = r; m._home = L.latLng(r[0], r[1]); m._approx = approx;
        group.addLayer(m);
      }
      spread(group, map, P);
    });
  }
  function lines(group, map, P) {
    lazily(group, function () {
      for (var i = 0; i < P.rows.length; i++) {
        var r = P.rows[i], st = P.levels[r[4]];
        var l = L.polyline([[r[0], r[1]], [r[2], r[3]]], {
          color: st[0], weight: st[1], dashArray: st[2] || null, opacity: 0.85
        });
        l._rm = r;
        l.on('mouseover', function (e) {
          var t = e.target;
          if (!t.getTooltip()) {
            t.bindTooltip(el('span', t._rm[5] + ' \u2194 ' + t._rm[6] + ': ' +
              P.levels[t._rm[4]][3]), {sticky: true});
            t.openTooltip(e.latlng);
          }
        });
        group.addLayer(l);
        l.bringToBack();
      }
    });
  }
  function areas(group, map, P) {
    lazily(group, function () {
      for (var i = 0; i < P.rows.length; i++) {
        var r = P.rows[i];
        var c = L.circle([r[0], r[1]], {
          radius: r[2] * 1609.344, color: r[3], weight: 1, opacity: 0.6,
          fillColor: r[3], fillOpacity: 0.05, interactive: false
        });
        group.addLayer(c);
        c.bringToBack();
      }
    });
  }
  function gaps(group, map, P) {
    function tip(t, r) {
      var box = el('div', null, 'font: 12px/1.4 sans-serif');
      box.appendChild(el('div', r[2], 'font-weight: 600'));
      box.appendChild(el('div', r[3]));
      t.bindTooltip(box);
      t.openTooltip();
    }
    lazily(group, function () {
      for (var i = 0; i < P.rows.length; i++) {
        var r = P.rows[i];
        // Sized by the people who live there (area grows with the count), when known.
        var size = r[4] >= 0 && P.most > 0 ? 5 + 15 * Math.sqrt(r[4] / P.most) : 11;
        var m = L.circleMarker([r[0], r[1]], {
          radius: size, color: P.color, weight: 3, dashArray: '2 4',
          fillColor: P.color, fillOpacity: r[4] > 0 ? 0.22 : 0.06
        });
        m._rm = r;
        m.on('mouseover', function (e) {
          if (!e.target.getTooltip()) tip(e.target, e.target._rm);
        });
        group.addLayer(m);
        m.bringToBack();
      }
      (P.sites || []).forEach(function (r, j) {
        var badge = el('div', String(j + 1), 'width: 22px; height: 22px; line-height: 20px;' +
          'text-align: center; font: 700 12px sans-serif; color: #ffffff;' +
          'background: ' + P.siteColor + '; border: 2px solid #ffffff; border-radius: 3px;' +
          'box-shadow: 0 0 0 1px #222222');
        var s = L.marker([r[0], r[1]], {
          icon: L.divIcon({html: badge, className: '', iconSize: [22, 22]}), keyboard: false
        });
        s.on('mouseover', function (e) {
          if (!e.target.getTooltip()) tip(e.target, r);
        });
        group.addLayer(s);
      });
    });
  }
  function legend(map, sections, attribution) {
    if (map.attributionControl) map.attributionControl.addAttribution(attribution);
    if (!sections.length) return;
    var c = L.control({position: 'bottomright'});
    c.onAdd = function () {
      var d = el('details', null, 'background: rgba(255,255,255,0.95); padding: 6px 10px;' +
        'border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3);' +
        'font: 12px/1.5 sans-serif; max-height: 60vh; overflow: auto; max-width: 40vw');
      d.open = map.getSize().x > 700;  // on a narrow map it would hide the points
      d.className = 'rmap-legend';
      d.appendChild(el('summary', 'Legend', 'font-weight: 600; cursor: pointer'));
      sections.forEach(function (sec) {
        d.appendChild(el('div', sec.title, 'font-weight: 600; margin-top: 4px'));
        sec.items.forEach(function (it) {
          var row = el('div');
          row.appendChild(svg(it[0], it[2], it[3]));
          row.appendChild(el('span', it[1]));
          d.appendChild(row);
        });
      });
      L.DomEvent.disableClickPropagation(d);
      L.DomEvent.disableScrollPropagation(d);
      // An open legend must not cover the layer list (in large type on a projector both
      // are tall): once both are placed, fold it if they would overlap.
      // The layer list is added after the legend, and the map may still be sizing itself.
      [0, 250, 1000].forEach(function (ms) {
        setTimeout(function () {
          var lc = map.getContainer().querySelector('.leaflet-control-layers');
          if (!d.open || !lc) return;
          var a = lc.getBoundingClientRect(), b = d.getBoundingClientRect();
          if (b.top < a.bottom && b.left < a.right && a.left < b.right) d.open = false;
        }, ms);
      });
      return d;
    };
    c.addTo(map);
  }
  return {spread: spread, points: points, lines: lines, areas: areas, gaps: gaps, legend: legend};
})();
