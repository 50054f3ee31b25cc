{#
  A swipe for `map --reference`: the paths of `layers` (the reference and its comparison) are drawn only
  right of a vertical line; left of it the model shows alone. A range input in a control moves the line
  (keyboard: arrows, Home, End). The paths share the map's one SVG with the other layers (so their stacking
  and clicks are unchanged), and an SVG clipPath in that SVG, in its own coordinates (Leaflet's layer
  points), clips them; it is recomputed whenever the map moves or zooms. No plugin, no request.
#}
(function () {
    var map = {{ map }};
    var layers = [{{ layers|join(", ") }}];
    var SVG = 'http://www.w3.org/2000/svg', CLIP_ID = 'fm-swipe-clip', FAR = 1e6;
    var rect = null;
    var container = map.getContainer();
    var line = L.DomUtil.create('div', 'fm-swipe-line', container);
    var control = L.control({position: {{ position|tojson }}});
    var input = null;
    control.onAdd = function () {
        var div = L.DomUtil.create('div', 'fm-box fm-swipe');
        var label = L.DomUtil.create('label', '', div);
        var left = L.DomUtil.create('span', 'fm-swipe-end', label);
        left.textContent = {{ left|tojson }};
        input = L.DomUtil.create('input', '', label);
        input.type = 'range';
        input.min = '0';
        input.max = '100';
        input.step = '1';
        input.value = {{ start|tojson }};
        input.setAttribute('aria-label', {{ aria|tojson }});
        var right = L.DomUtil.create('span', 'fm-swipe-end', label);
        right.textContent = {{ right|tojson }};
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        // The map's keyboard handler would pan on the arrows the range takes.
        L.DomEvent.on(input, 'keydown keyup keypress', L.DomEvent.stopPropagation);
        L.DomEvent.on(input, 'input change', update);
        return div;
    };
    function paths(layer, out) {
        if (layer.eachLayer) { layer.eachLayer(function (child) { paths(child, out); }); }
        else if (layer.getElement && layer.getElement()) { out.push(layer.getElement()); }
        return out;
    }
    function clipRect(svg) {
        var clip = svg.querySelector('#' + CLIP_ID);
        if (!clip) {
            var defs = document.createElementNS(SVG, 'defs');
            clip = document.createElementNS(SVG, 'clipPath');
            clip.setAttribute('id', CLIP_ID);
            clip.setAttribute('clipPathUnits', 'userSpaceOnUse');
            clip.appendChild(document.createElementNS(SVG, 'rect'));
            defs.appendChild(clip);
            svg.insertBefore(defs, svg.firstChild);
        }
        return clip.firstChild;
    }
    function attach() {
        var elements = [];
        layers.forEach(function (layer) { paths(layer, elements); });
        elements.forEach(function (el) {
            el.setAttribute('clip-path', 'url(#' + CLIP_ID + ')');
            if (el.ownerSVGElement) { rect = clipRect(el.ownerSVGElement); }
        });
        update();
    }
    function update() {
        var share = input ? Number(input.value) / 100 : {{ start|tojson }} / 100;
        var x = Math.round(map.getSize().x * share);
        line.style.left = x + 'px';
        if (rect) {
            var from = map.containerPointToLayerPoint([x, 0]);
            rect.setAttribute('x', from.x);
            rect.setAttribute('y', from.y - FAR);
            rect.setAttribute('width', FAR);
            rect.setAttribute('height', 2 * FAR);
        }
    }
    control.addTo(map);
    layers.forEach(function (layer) { layer.on('add', attach); });
    map.on('move zoom zoomend viewreset resize', update);
    attach();
})();
