{# The settlement search over the features (their fm_label) of `layers`. #}
(function () {
    var search = new L.Control.Search({
        layer: L.featureGroup([{{ layers|join(", ") }}]),
        propertyName: 'fm_label',
        collapsed: false,
        initial: false,
        zoom: 12,
        position: 'topleft',
        textPlaceholder: 'Find a settlement (Latin or Cyrillic)',
        textErr: 'Not among the settlements on this map',
        marker: {icon: false, animate: true, circle: {radius: 16, weight: 3, color: '#1f4fbf', fill: false}}
    });
    search.on('search:locationfound', function (e) {
        if (e.layer && {{ map }}.hasLayer(e.layer)) { e.layer.openTooltip(); }
    });
    {{ map }}.addControl(search);
})();
