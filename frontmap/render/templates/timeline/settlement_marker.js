{# A step's settlement as a circle: gained, lost (a dashed ring) or inside (`styles`: TIMELINE_STYLE's). #}
function (feature, latlng) {
    var styles = {{ styles|tojson }};
    return L.circleMarker(latlng, styles[feature.properties.fm_change] || styles.inside);
}
