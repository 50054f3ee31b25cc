{#
  The settlement search over the features (their fm_label) of `layers`.
  Tips are ranked: a name that starts with the text, then a name that holds it, then a match
  elsewhere in the label (a district). Enter goes to the tip chosen, or else the best match,
  or says that nothing matched.
#}
(function () {
    function fold(text) { return text.toLowerCase().replace(/ё/g, 'е'); }
    function rank(text, records) {
        var q = fold(text.replace(/^\s+|\s+$/g, ''));
        if (!q) { return {}; }
        var scored = [];
        Object.keys(records).forEach(function (label, i) {
            var l = fold(label), names = l.split(' (')[0], score = -1;
            var words = names.split(/[\s·-]+/);
            if (names.indexOf(q) === 0 || names.indexOf(' · ' + q) >= 0) { score = 0; }
            else if (words.some(function (w) { return w.indexOf(q) === 0; })) { score = 1; }
            else if (names.indexOf(q) >= 0) { score = 2; }
            else if (l.indexOf(q) >= 0) { score = 3; }
            if (score >= 0) { scored.push([score, names.length, i, label]); }
        });
        scored.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
        var out = {};
        scored.forEach(function (s) { out[s[3]] = records[s[3]]; });
        return out;
    }
    var search = new L.Control.Search({
        layer: L.featureGroup([{{ layers|join(", ") }}]),
        propertyName: 'fm_label',
        collapsed: false,
        initial: false,
        zoom: 12,
        position: 'topleft',
        tooltipLimit: 8,
        filterData: rank,
        textPlaceholder: 'Find a settlement (Latin or Cyrillic)',
        textErr: 'Not among the settlements on this map',
        marker: {icon: false, animate: true, circle: {radius: 16, weight: 3, color: '#1f4fbf', fill: false}}
    });
    // Enter: the tip chosen with the arrow keys, or the text as typed, or the best match.
    search._handleSubmit = function () {
        this._hideAutoType();
        this.hideAlert();
        this._hideTooltip();
        var text = this._input.value;
        if (text === '') { return; }
        var records = this._recordsFromLayer();
        if (!records.hasOwnProperty(text)) {
            var ranked = Object.keys(rank(text, records));
            if (!ranked.length) { this.showAlert(); return; }
            text = ranked[0];
            this._input.value = text;
        }
        var loc = records[text];
        this.showLocation(loc, text);
        this.fire('search:locationfound', {latlng: loc, text: text, layer: loc.layer ? loc.layer : null});
    };
    search.on('search:locationfound', function (e) {
        if (e.layer && {{ map }}.hasLayer(e.layer)) { e.layer.openTooltip(); }
    });
    {{ map }}.addControl(search);
})();
