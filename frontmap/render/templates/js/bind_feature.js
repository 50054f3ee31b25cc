{# Binds each feature's pre-escaped fm_tip (tooltip) and fm_popup (popup) HTML. #}
function (feature, layer) {
    var p = feature.properties || {};
    if (p.fm_tip) { layer.bindTooltip(p.fm_tip, {sticky: true}); }
    if (p.fm_popup) { layer.bindPopup(p.fm_popup, {maxWidth: 380}); }
}
