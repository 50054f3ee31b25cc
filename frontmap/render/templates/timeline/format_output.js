{# The slider's label: the label (escaped HTML) of the last step starting at or before `date`. #}
function (date) {
    var stops = {{ stops|tojson }};
    var out = stops[0][1];
    for (var i = 0; i < stops.length; i++) { if (date >= stops[i][0]) { out = stops[i][1]; } }
    return out;
}
