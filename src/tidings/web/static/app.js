// tidings dashboard: draws the charts and the map from data the server gives. Everything it loads comes
// from this server (/static and /api); nothing is fetched from another host.
"use strict";

function drawCharts() {
  document.querySelectorAll(".chart[data-spec]:not([data-drawn])").forEach((el) => {
    const block = document.getElementById(el.dataset.spec);
    if (!block || typeof vegaEmbed === "undefined") return;
    const spec = JSON.parse(block.textContent);
    vegaEmbed(el, spec, { actions: false, renderer: "svg" })
      .then(() => el.setAttribute("data-drawn", "1"))
      .catch((err) => { el.textContent = "chart failed: " + err; });
  });
}

function escapeHtml(text) {
  const div = document.createElement("div");
  div.textContent = text == null ? "" : String(text);
  return div.innerHTML;
}

function unwrapRing(ring) {
  let shift = 0;
  for (let i = 1; i < ring.length; i++) {
    const step = ring[i][0] + shift - ring[i - 1][0];
    if (step > 180) shift -= 360;
    else if (step < -180) shift += 360;
    ring[i][0] += shift;
  }
}

async function drawMap() {
  const el = document.getElementById("map");
  if (!el || typeof L === "undefined") return;
  const map = L.map(el, { worldCopyJump: false, minZoom: 1, maxZoom: 12, attributionControl: true });
  map.setView([20, 10], 2);
  map.attributionControl.addAttribution("outlines: Natural Earth (world-atlas)");
  const topo = await (await fetch("/static/vendor/world-atlas/countries-110m.json")).json();
  const countries = topojson.feature(topo, topo.objects.countries);
  // Natural Earth rings that cross the antimeridian (Russia, Fiji) jump from +180 to -180 and Leaflet
  // would draw a band across the world: continue them past 180 instead. Antarctica holds no events.
  countries.features = countries.features.filter((f) => f.properties.name !== "Antarctica");
  countries.features.forEach((f) => {
    const polygons = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
    polygons.forEach((rings) => rings.forEach(unwrapRing));
  });
  L.geoJSON(countries, { style: { color: "#8a97a8", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 } }).addTo(map);

  const response = await fetch(el.dataset.places);
  const summary = document.getElementById("map-summary");
  const data = await response.json();
  if (!response.ok) { summary.textContent = data.error || "could not load places"; return; }
  const clusters = L.markerClusterGroup({
    maxClusterRadius: 50,
    iconCreateFunction: (cluster) => {
      const n = cluster.getAllChildMarkers().reduce((sum, m) => sum + m.options.events, 0);
      const size = n < 100 ? "small" : n < 10000 ? "medium" : "large";
      return L.divIcon({ html: "<div><span>" + n.toLocaleString() + "</span></div>",
                         className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40) });
    },
  });
  const eventsUrl = el.dataset.events;
  for (const p of data.places) {
    const marker = L.circleMarker([p.lat, p.lon], {
      events: p.events, radius: Math.min(18, 4 + Math.sqrt(p.events)), color: "#7b3294", weight: 1,
      fillColor: "#c2a5cf", fillOpacity: 0.8,
    });
    const link = eventsUrl + (eventsUrl.endsWith("?") ? "" : "&") + "place=" + encodeURIComponent(p.name || "");
    marker.bindPopup("<strong>" + escapeHtml(p.name) + "</strong> " + escapeHtml(p.country || "") + "<br>" +
                     p.events.toLocaleString() + " events<br><a href=\"" + escapeHtml(link) + "\">list them</a>");
    clusters.addLayer(marker);
  }
  map.addLayer(clusters);
  const shown = data.places.length;
  summary.textContent = data.located_events.toLocaleString() + " located events at " +
    data.total_places.toLocaleString() + " places" +
    (shown < data.total_places ? " (the " + shown.toLocaleString() + " busiest shown)" : "") + ".";
  el.setAttribute("data-drawn", String(shown));
}

// htmx brings the dyad timeline after the page: draw its chart when it arrives.
document.addEventListener("htmx:afterSwap", drawCharts);

document.addEventListener("DOMContentLoaded", () => {
  drawCharts();
  drawMap().catch((err) => {
    const summary = document.getElementById("map-summary");
    if (summary) summary.textContent = "map failed: " + err;
  });
});
