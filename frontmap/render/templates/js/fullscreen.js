L.control.fullscreen({position: 'topleft', title: 'Full screen', titleCancel: 'Leave full screen'}).addTo({{ map }});
