{#
  Fits the view so that no control covers what the map is about (`bounds`, [[south, west], [north, east]]).
  Each corner's controls are kept clear of either by a margin on their side (left/right) or on their
  edge (top/bottom): of the 16 ways, the one showing the bounds largest is taken. When even that
  shrinks them below MIN_SHARE of the map, the layer control and the legend fold to a button first.
#}
(function () {
    var map = {{ map }};
    var bounds = L.latLngBounds({{ bounds|tojson }});
    var GAP = 10, MIN_SHARE = 0.55;
    var container = map.getContainer();
    function cornerBoxes() {
        var outer = container.getBoundingClientRect();
        var corners = [];
        ['top left', 'top right', 'bottom left', 'bottom right'].forEach(function (where) {
            var sides = where.split(' ');
            var el = container.querySelector('.leaflet-' + sides[0] + '.leaflet-' + sides[1]);
            var box = null;
            (el ? Array.prototype.slice.call(el.children) : []).forEach(function (c) {
                var r = c.getBoundingClientRect();
                if (!r.width || !r.height) { return; }
                box = box || {left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity};
                box.left = Math.min(box.left, r.left - outer.left); box.right = Math.max(box.right, r.right - outer.left);
                box.top = Math.min(box.top, r.top - outer.top); box.bottom = Math.max(box.bottom, r.bottom - outer.top);
            });
            if (box) {
                corners.push({v: sides[0], h: sides[1],
                    across: sides[1] === 'left' ? box.right : outer.width - box.left,
                    down: sides[0] === 'top' ? box.bottom : outer.height - box.top});
            }
        });
        return corners;
    }
    function best() {
        var size = map.getSize(), corners = cornerBoxes(), top = null;
        var nw = map.latLngToContainerPoint(bounds.getNorthWest()), se = map.latLngToContainerPoint(bounds.getSouthEast());
        var w = Math.max(se.x - nw.x, 1), h = Math.max(se.y - nw.y, 1);
        for (var way = 0; way < (1 << corners.length); way++) {
            var pad = {top: 0, right: 0, bottom: 0, left: 0};
            corners.forEach(function (c, i) {
                if (way & (1 << i)) { pad[c.h] = Math.max(pad[c.h], c.across); } else { pad[c.v] = Math.max(pad[c.v], c.down); }
            });
            var room = [size.x - pad.left - pad.right - 2 * GAP, size.y - pad.top - pad.bottom - 2 * GAP];
            var scale = Math.min(room[0] / w, room[1] / h);
            if (room[0] > 0 && room[1] > 0 && (top === null || scale > top.scale)) { top = {scale: scale, pad: pad}; }
        }
        var free = Math.min((size.x - 2 * GAP) / w, (size.y - 2 * GAP) / h);
        return top === null ? null : {pad: top.pad, share: top.scale / free};
    }
    function fold() {
        var folded = false;
        container.querySelectorAll('.leaflet-control-layers-expanded').forEach(function (el) {
            el.classList.remove('leaflet-control-layers-expanded');
            L.DomEvent.on(el, 'mouseenter', function () { el.classList.add('leaflet-control-layers-expanded'); });
            L.DomEvent.on(el, 'mouseleave', function () { el.classList.remove('leaflet-control-layers-expanded'); });
            folded = true;
        });
        container.querySelectorAll('.fm-legend:not(.fm-folded)').forEach(function (el) {
            el.classList.add('fm-folded');
            folded = true;
        });
        return folded;
    }
    container.querySelectorAll('.fm-legend').forEach(function (el) {
        var head = el.querySelector('b');
        if (head) {
            head.setAttribute('title', 'Show or hide the legend');
            L.DomEvent.on(head, 'click', function () { el.classList.toggle('fm-folded'); });
        }
    });
    function fit() {
        var way = best();
        if (way !== null && way.share < MIN_SHARE && fold()) { way = best(); }
        if (way === null) { return; }
        map.fitBounds(bounds, {paddingTopLeft: [way.pad.left + GAP, way.pad.top + GAP],
                               paddingBottomRight: [way.pad.right + GAP, way.pad.bottom + GAP], animate: false});
    }
    fit();
})();
