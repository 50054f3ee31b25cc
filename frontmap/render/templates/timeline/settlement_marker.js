{# A step's settlement as a circle: gained (green), lost (dashed ring), inside (small, dark red). #}
function (feature, latlng) {
    var styles = {
        gained: {radius: 5, color: '#1a7a3a', weight: 2, fillColor: '#4dac26', fillOpacity: 0.9},
        lost: {radius: 5, color: '#2c5aa0', weight: 2, dashArray: '2 2', fill: false},
        inside: {radius: 3, color: '#7f0000', weight: 1, fillColor: '#b30000', fillOpacity: 0.8}
    };
    return L.circleMarker(latlng, styles[feature.properties.fm_change] || styles.inside);
}
