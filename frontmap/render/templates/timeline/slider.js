{# The timeline slider: the arrow keys move one step (not one millisecond), each tick carries its date
   (set as text), and the scale bar is lifted above the slider. #}
(function () {
    var slider = {{ slider }};
    var map = {{ map }};
    var ticks = {{ ticks|tojson }};
    var input = slider._timeSlider;
    var box = slider.container;
    var ROW = 14, GAP = 6, THUMB = 16;
    input.addEventListener('keydown', function (e) {
        if (e.key === 'ArrowLeft' || e.key === 'ArrowDown' || e.key === 'PageDown') { slider.prev(); }
        else if (e.key === 'ArrowRight' || e.key === 'ArrowUp' || e.key === 'PageUp') { slider.next(); }
        else if (e.key === 'Home') { slider.setTime(slider.start); }
        else if (e.key === 'End') { slider.setTime(slider.end); }
        else { return; }
        e.preventDefault();
        e.stopPropagation();
    });
    var row = L.DomUtil.create('div', 'fm-ticks', box);
    ticks.forEach(function (t) {
        var tick = L.DomUtil.create('span', t[3] ? 'fm-tick fm-fails' : 'fm-tick', row);
        tick.textContent = t[1];
        tick.title = t[2];
        tick.setAttribute('data-time', String(t[0]));
    });
    function raise(el, below) {  // lift `el` by its margin until it clears `below` (both drawn)
        if (!el || !below) { return; }
        var a = el.getBoundingClientRect(), c = below.getBoundingClientRect();
        if (a.bottom > c.top - GAP && a.top < c.bottom && a.left < c.right && a.right > c.left) {
            var margin = parseFloat(window.getComputedStyle(el).marginBottom) || 0;
            el.style.marginBottom = (margin + a.bottom - c.top + GAP) + 'px';
        }
    }
    function lift() {
        var root = map.getContainer();
        var scale = root.querySelector('.leaflet-control-scale');
        if (scale) { scale.style.marginBottom = ''; }
        box.style.marginBottom = '';
        raise(box, root.querySelector('.leaflet-control-attribution'));
        raise(scale, box);
    }
    function place() {
        var r = input.getBoundingClientRect(), b = row.getBoundingClientRect();
        var span = (slider.end - slider.start) || 1, ends = [];
        Array.prototype.forEach.call(row.children, function (tick) {
            var t = Number(tick.getAttribute('data-time'));
            var x = r.left - b.left + THUMB / 2 + (t - slider.start) / span * (r.width - THUMB);
            var w = tick.offsetWidth, level = 0;
            while (ends[level] !== undefined && ends[level] > x - w / 2 - 4) { level++; }
            ends[level] = x + w / 2;
            tick.style.left = x + 'px';
            tick.style.top = (level * ROW) + 'px';
        });
        row.style.height = (Math.max(ends.length, 1) * ROW) + 'px';
        lift();
    }
    place();
    window.addEventListener('load', place);
    window.addEventListener('resize', place);
    map.on('resize', place);
})();
