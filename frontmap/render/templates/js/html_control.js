{# A Leaflet control showing `html` (escaped where frontmap built it). #}
(function () {
    var control = L.control({position: {{ position|tojson }}});
    control.onAdd = function () {
        var div = L.DomUtil.create('div', {{ css_class|tojson }});
        div.innerHTML = {{ html|tojson }};
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
    };
    control.addTo({{ map }});
})();
