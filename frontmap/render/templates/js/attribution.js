{{ map }}.attributionControl.addAttribution({{ html|tojson }});
