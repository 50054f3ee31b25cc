L.control.scale({position: 'bottomright', maxWidth: 160}).addTo({{ map }});
