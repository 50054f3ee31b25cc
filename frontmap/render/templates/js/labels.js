{#
  Names that stay drawn: `groups` are [layer, labels] pairs (a label: lat, lon, latin, cyrillic, rank, kind);
  a group's labels show while its layer is on the map. After every move, labels are placed by rank
  (highest first) and one that would overlap a label already placed is hidden, so they thin out by zoom.
  Texts go in as text (textContent), never as HTML.
#}
(function () {
    var map = {{ map }};
    var layers = [{{ layers|join(", ") }}];
    var groups = {{ groups|tojson }};
    var countries = {{ countries|tojson }};
    var pane = map.createPane('fm-labels');
    pane.style.zIndex = 640;
    pane.style.pointerEvents = 'none';
    function icon(label, cls, withDot) {
        var div = document.createElement('div');
        var latin = document.createElement('span');
        latin.textContent = label.latin;
        div.appendChild(latin);
        if (label.cyrillic && label.cyrillic !== label.latin) {
            var cyr = document.createElement('span');
            cyr.className = 'fm-cyr';
            cyr.textContent = label.cyrillic;
            div.appendChild(document.createElement('br'));
            div.appendChild(cyr);
        }
        return L.divIcon({html: div, className: cls, iconSize: null, iconAnchor: withDot ? [-6, 7] : [0, 0]});
    }
    var items = [];
    groups.forEach(function (labels, g) {
        labels.forEach(function (label) {
            var marker = L.marker([label.lat, label.lon], {icon: icon(label, 'fm-label fm-' + label.kind, true),
                pane: 'fm-labels', interactive: false, keyboard: false});
            items.push({marker: marker, layer: layers[g], rank: label.rank, size: null});
        });
    });
    items.sort(function (a, b) { return b.rank - a.rank; });
    countries.forEach(function (label) {
        var div = document.createElement('div');
        div.textContent = label.latin;
        L.marker([label.lat, label.lon], {icon: L.divIcon({html: div, className: 'fm-country-label', iconSize: null}),
            pane: 'fm-labels', interactive: false, keyboard: false}).addTo(map);
    });
    function overlaps(a, b) {
        return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    }
    function place() {
        var placed = [], size = map.getSize();
        items.forEach(function (item) {
            if (!map.hasLayer(item.layer)) { item.marker.remove(); return; }
            if (!map.hasLayer(item.marker)) { item.marker.addTo(map); }
            var el = item.marker.getElement();
            el.style.display = '';
            if (item.size === null) { item.size = [el.offsetWidth, el.offsetHeight]; }
            var p = map.latLngToContainerPoint(item.marker.getLatLng());
            var box = {x: p.x + 5, y: p.y - 8, w: item.size[0] + 2, h: item.size[1] + 2};
            var inside = box.x >= 0 && box.y >= 0 && box.x + box.w <= size.x && box.y + box.h <= size.y;
            var free = inside && placed.every(function (other) { return !overlaps(box, other); });
            el.style.display = free ? '' : 'none';
            if (free) { placed.push(box); }
        });
    }
    // The basemap's lines are good to about a kilometre: past this zoom they are hidden (class fm-coarse).
    function precision() { map.getContainer().classList.toggle('fm-deep-zoom', map.getZoom() > {{ max_zoom|tojson }}); }
    map.on('zoomend', precision);
    precision();
    map.on('zoomend moveend overlayadd overlayremove resize', place);
    place();
})();
